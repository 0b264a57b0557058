import { routeOfPayment, type BankRoute } from '../banks/routing';
import type { Database } from '../db/client';
import type { Merchant, Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { parseAmount } from '../money';
import type { CaptureRequest } from '../schemas/payment';
import { askBank, assertNoBankOperation, beginBankOperation, settleBankOperation } from './bank-call';
import { priceCharge, pricingFor } from './pricing';
import { invalidState, lockPayment } from './queries';
import { capturePayment } from './store';

/**
 * Captures part or all of a pre-authorization, once. The payment row is locked while deciding, so of
 * concurrent captures exactly one finds it uncaptured; the rest get INVALID_STATE (or
 * REQUEST_IN_PROGRESS while a merchant's bank is working on the first: see lib/payments/bank-call.ts).
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
  type Started = { kind: 'captured'; payment: Payment } | { kind: 'at-bank'; payment: Payment; route: BankRoute; amountMinor: number };
  const started = await db.transaction(async (tx): Promise<Started> => {
    const payment = await lockPayment(tx, merchant, paymentId);
    const amountMinor = capturableAmount(payment, request);
    const route = await routeOfPayment(tx, payment);
    if (route.account) {
      await beginBankOperation(tx, paymentId, 'CAPTURE', amountMinor);
      return { kind: 'at-bank', payment, route, amountMinor };
    }
    const captured = await askBank('capture', paymentId, () => route.acquirer.capture(settlementOf(payment, amountMinor)));
    if (!captured.ok) throw refusedCapture(captured.resultMessage);
    return { kind: 'captured', payment: await recordCapture(tx, payment, route, amountMinor) };
  });
  return started.kind === 'captured' ? started.payment : finishCapture(db, started);
}

/** Asks the merchant's bank for a capture begun under the lock, and settles it (also the recovery job's retry). */
export function finishCapture(db: Database, { payment, route, amountMinor }: { payment: Payment; route: BankRoute; amountMinor: number }): Promise<Payment> {
  return settleBankOperation({
    db,
    payment,
    operation: 'CAPTURE',
    call: () => route.acquirer.capture(settlementOf(payment, amountMinor)),
    apply: (tx, open) => recordCapture(tx, open, route, amountMinor),
    refused: (answer) => refusedCapture(answer.resultMessage),
  });
}

const settlementOf = (payment: Payment, amountMinor: number) => ({
  paymentId: payment.id,
  externalTransactionId: payment.externalTransactionId,
  currency: payment.currency,
  amountMinor,
});

const refusedCapture = (message: string) => invalidState(`The bank refused the capture: ${message}`);

/** What may be captured of this payment now, in minor units; or why nothing may. */
function capturableAmount(payment: Payment, request: CaptureRequest): number {
  if (payment.transactionType !== 'PRE_AUTHORIZATION') throw invalidState('Only a pre-authorization can be captured');
  // Past its window the hold is gone at the bank, whether or not the expiry job has marked it yet.
  const expired = payment.status === 'EXPIRED' || (payment.authorizationExpiresAt !== null && Date.now() >= payment.authorizationExpiresAt.getTime());
  if (expired) throw invalidState('This pre-authorization has expired');
  if (payment.status === 'CANCELLED') throw invalidState('This pre-authorization was cancelled');
  if (payment.status !== 'SUCCESS') throw invalidState('This pre-authorization was not approved');
  if (payment.capturedAmount !== null) throw invalidState('This pre-authorization is already captured');
  assertNoBankOperation(payment);
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
  return parsed.minor;
}

/** The capture and its payment.captured event, in one statement (lib/payments/store.ts). */
function recordCapture(tx: Database, payment: Payment, route: BankRoute, amountMinor: number): Promise<Payment> {
  const charge = priceCharge({ pricing: pricingFor(route), profile: payment, amountMinor, installmentCount: 1, interestPaidByCustomer: false });
  return capturePayment(tx, payment, { capturedAmount: amountMinor, capturedAt: new Date(), merchantCommission: charge.commissionMinor });
}
