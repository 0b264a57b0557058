import { acquirer } from '../acquirer';
import type { Database } from '../db/client';
import type { Merchant, Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { assertAcquirerConfigured } from './live-mode';
import { parseAmount } from '../money';
import type { CaptureRequest } from '../schemas/payment';
import { priceCharge, pricingFor } from './pricing';
import { invalidState, lockPayment } from './queries';
import { capturePayment } from './store';

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
  assertAcquirerConfigured(merchant);
  if (!merchant.currencies.includes(request.currency)) {
    throw AppError.field('currency', 'CURRENCY_NOT_ENABLED', `Currency ${request.currency} is not enabled for this merchant`);
  }
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, merchant, paymentId);
    if (payment.transactionType !== 'PRE_AUTHORIZATION') throw invalidState('Only a pre-authorization can be captured');
    // Past its window the hold is gone at the bank, whether or not the expiry job has marked it yet.
    const expired = payment.status === 'EXPIRED' || (payment.authorizationExpiresAt !== null && Date.now() >= payment.authorizationExpiresAt.getTime());
    if (expired) throw invalidState('This pre-authorization has expired');
    if (payment.status === 'CANCELLED') throw invalidState('This pre-authorization was cancelled');
    if (payment.status !== 'SUCCESS') throw invalidState('This pre-authorization was not approved');
    if (payment.capturedAmount !== null) throw invalidState('This pre-authorization is already captured');
    if (request.currency !== payment.currency) {
      throw new AppError('CURRENCY_MISMATCH', `The pre-authorization is in ${payment.currency}`, [
        { field: 'currency', code: 'CURRENCY_MISMATCH', message: `Capture currency must be ${payment.currency}` },
      ]);
    }
    const parsed = parseAmount(request.amount, request.currency);
    if (!parsed.ok) throw AppError.field('amount', `AMOUNT_${parsed.error}`, parsed.message);
    if (parsed.minor > present(payment.authorizedAmount, "an authorized payment's authorizedAmount")) {
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
    return capturePayment(tx, payment, { capturedAmount: parsed.minor, capturedAt: new Date(), merchantCommission: charge.commissionMinor });
  });
}
