import { eq } from 'drizzle-orm';
import { config } from '../config';
import { openStore, type Database } from '../db/client';
import { checkouts, merchants, payments } from '../db/schema';
import { AppError } from '../errors';
import { rateLimited, takeToken } from '../limits/rate-limits';
import { toMajorUnits } from '../money';
import { quoteCardInstallments } from '../payments/installments';
import { isUuid } from '../crypto';
import { enrollThreeDs, failEnrolledPayment, SUPERSEDED, type Challenge } from '../payments/three-ds';
import { splitExpiry, type CheckoutCardForm } from '../schemas/checkout';
import { checkoutFollowUp, recordCheckoutAttempt } from './attempts';
import { checkoutNotFound, checkoutState } from './status';
import { firstRow } from '../rows';

/** Card submissions per client address: 10 a minute across checkouts (card-testing protection). */
const cardSubmissionLimit = { perSecond: 10 / 60, burst: 10 };

export const checkoutReturnUrl = (checkoutId: string) => `${config.publicBaseUrl}/checkout-link/${checkoutId}/3ds-return`;

export type CheckoutPaymentStep = { kind: 'challenge'; challenge: Challenge; paymentId: string } | { kind: 'result'; paymentId: string };

/**
 * A shopper's card submission on the hosted checkout: starts 3-D Secure through the same domain
 * function as POST /api/3ds. The checkout row is locked for the whole decision, so two tabs paying
 * at once are serialized: the later attempt supersedes the earlier unfinished one (whose issuer page
 * closes, so it can never be charged), and a paid, closed or expired checkout takes no payment.
 */
export async function startCheckoutPayment({
  db,
  checkoutId,
  form,
  client,
}: {
  db: Database;
  checkoutId: string;
  form: CheckoutCardForm;
  client: { ip: string; port: number };
}): Promise<CheckoutPaymentStep> {
  const submission = await takeToken(await openStore(), `card-submissions:${client.ip}`, cardSubmissionLimit);
  if (!submission.allowed) throw rateLimited('Too many card submissions; wait a minute and try again', submission.retryAfterSeconds);
  if (!isUuid(checkoutId)) throw checkoutNotFound();

  return db.transaction(async (tx) => {
    const row = firstRow(await tx
      .select({ checkout: checkouts, merchant: merchants })
      .from(checkouts)
      .innerJoin(merchants, eq(merchants.id, checkouts.merchantId))
      .where(eq(checkouts.id, checkoutId))
      .for('update', { of: checkouts }));
    if (!row) throw checkoutNotFound();
    const { checkout, merchant } = row;
    const state = checkoutState(checkout);
    if (state !== 'OPEN') throw new AppError('INVALID_STATE', `This checkout is ${state.toLowerCase()}`, [{ field: 'checkoutId', code: `CHECKOUT_${state}`, message: `Checkout is ${state.toLowerCase()}` }]);
    if (form.installmentCount > checkout.maxInstallmentCount) {
      throw AppError.field('installmentCount', 'INSTALLMENT_NOT_AVAILABLE', 'This checkout does not offer that many installments');
    }

    const inFlight = await tx
      .select({ id: payments.id, status: payments.status })
      .from(payments)
      .where(eq(payments.checkoutId, checkout.id));
    if (inFlight.some((payment) => payment.status === 'PROCESSING')) {
      throw new AppError('REQUEST_IN_PROGRESS', 'A payment for this checkout is being processed');
    }
    for (const payment of inFlight) {
      if (payment.status === 'ENROLLED') await failEnrolledPayment(tx, payment.id, SUPERSEDED, 'Replaced by a newer attempt', checkoutFollowUp);
    }

    const { payment, challenge } = await enrollThreeDs({
      db: tx,
      merchant,
      request: {
        orderId: checkout.orderId,
        amount: toMajorUnits(checkout.amount, checkout.currency),
        currency: checkout.currency,
        cardHolderName: form.cardHolderName,
        pan: form.pan,
        ...splitExpiry(form.expiry),
        cvv: form.cvv,
        requestIp: client.ip,
        requestPort: client.port,
        customerId: checkout.customerId,
        installmentCount: form.installmentCount,
        interestPaidByCustomer: checkout.interestPaidByCustomer,
        successUrl: checkoutReturnUrl(checkout.id),
        failureUrl: checkoutReturnUrl(checkout.id),
        checkoutId: checkout.id,
      },
    });
    await tx.update(checkouts).set({ latestPaymentId: payment.id }).where(eq(checkouts.id, checkout.id));
    if (!challenge) {
      // Not enrolled: the attempt is processed (failed) now.
      await recordCheckoutAttempt(tx, payment);
      return { kind: 'result', paymentId: payment.id };
    }
    return { kind: 'challenge', challenge, paymentId: payment.id };
  });
}

/** Installment options for the checkout's amount and terms, for the card whose BIN the shopper typed. */
export async function checkoutInstallmentOptions({ db, checkoutId, bin }: { db: Database; checkoutId: string; bin: string }) {
  if (!isUuid(checkoutId) || !/^\d{6,8}$/.test(bin)) return [];
  const row = firstRow(await db
    .select({ checkout: checkouts, merchant: merchants })
    .from(checkouts)
    .innerJoin(merchants, eq(merchants.id, checkouts.merchantId))
    .where(eq(checkouts.id, checkoutId)));
  if (!row || row.checkout.maxInstallmentCount < 2) return [];
  try {
    return await quoteCardInstallments({
      db,
      merchantId: row.merchant.id,
      panOrBin: bin,
      amountMinor: row.checkout.amount,
      maxInstallmentCount: row.checkout.maxInstallmentCount,
      interestPaidByCustomer: row.checkout.interestPaidByCustomer,
    });
  } catch (error) {
    // Live mode without a bank account: no plans to offer (paying is refused with the reason).
    if (error instanceof AppError && error.code === 'ACQUIRER_NOT_CONFIGURED') return [];
    throw error;
  }
}
