import { and, eq } from 'drizzle-orm';
import { acquirer } from '../acquirer';
import type { Database } from '../db/client';
import { payments, type Merchant, type Payment } from '../db/schema';
import { AppError } from '../errors';
import { parseAmount } from '../money';
import type { CaptureRequest } from '../schemas/payment';
import { priceCharge, pricingFor } from './pricing';

/** Pre-authorizations can be captured for seven days; then the bank releases the hold. */
export const PRE_AUTHORIZATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Captures part or all of a pre-authorization, once. The payment row is locked for the whole
 * capture, so of concurrent captures exactly one finds it uncaptured; the rest get INVALID_STATE.
 */
export async function capturePreAuthorization({
  db,
  merchant,
  paymentId,
  request,
}: {
  db: Database;
  merchant: Merchant;
  paymentId: string;
  request: CaptureRequest;
}): Promise<Payment> {
  if (!merchant.currencies.includes(request.currency)) {
    throw AppError.field('currency', 'CURRENCY_NOT_ENABLED', `Currency ${request.currency} is not enabled for this merchant`);
  }
  if (!isUuid(paymentId)) throw paymentNotFound();
  return db.transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchant.id)))
      .for('update');
    if (!payment) throw paymentNotFound();
    if (payment.transactionType !== 'PRE_AUTHORIZATION') throw invalidState('Only a pre-authorization can be captured');
    if (payment.status !== 'SUCCESS') throw invalidState('This pre-authorization was not approved');
    if (payment.capturedAmount !== null) throw invalidState('This pre-authorization is already captured');
    if (Date.now() - payment.createdAt.getTime() > PRE_AUTHORIZATION_LIFETIME_MS) {
      throw invalidState('This pre-authorization has expired');
    }
    if (request.currency !== payment.currency) {
      throw new AppError('CURRENCY_MISMATCH', `The pre-authorization is in ${payment.currency}`, [
        { field: 'currency', code: 'CURRENCY_MISMATCH', message: `Capture currency must be ${payment.currency}` },
      ]);
    }
    const parsed = parseAmount(request.amount, request.currency);
    if (!parsed.ok) throw AppError.field('amount', `AMOUNT_${parsed.error}`, parsed.message);
    if (parsed.minor > payment.authorizedAmount!) {
      throw new AppError('AMOUNT_EXCEEDS_AUTHORIZED', 'Capture amount is above the authorized amount', [
        { field: 'amount', code: 'AMOUNT_EXCEEDS_AUTHORIZED', message: 'Amount must not exceed the authorized amount' },
      ]);
    }

    const settlement = { paymentId, externalTransactionId: payment.externalTransactionId, currency: payment.currency };
    const captured = await acquirer().capture({ ...settlement, amountMinor: parsed.minor });
    if (!captured.ok) throw invalidState(`The bank refused the capture: ${captured.resultMessage}`);
    const charge = priceCharge({
      pricing: pricingFor(merchant),
      profile: payment,
      amountMinor: parsed.minor,
      installmentCount: 1,
      interestPaidByCustomer: false,
    });
    const [updated] = await tx
      .update(payments)
      .set({ capturedAmount: parsed.minor, capturedAt: new Date(), merchantCommission: charge.commissionMinor })
      .where(eq(payments.id, paymentId))
      .returning();
    return updated!;
  });
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Payment ids are UUIDs; anything else cannot name a payment (and must not reach a uuid column). */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

export function paymentNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Payment not found', [{ field: 'paymentId', code: 'NOT_FOUND', message: 'No such payment' }]);
}

function invalidState(message: string): AppError {
  return new AppError('INVALID_STATE', message, [{ field: 'paymentId', code: 'INVALID_STATE', message }]);
}
