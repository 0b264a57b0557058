import { routeOfPayment, type BankRoute } from '../banks/routing';
import type { Database } from '../db/client';
import type { Merchant, Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { parseAmount } from '../money';
import type { CaptureRequest } from '../schemas/payment';
import { askSandboxBank, assertNoBankOperation, beginBankOperation, settleBankOperation } from './bank-call';
import { priceCharge, pricingFor } from './pricing';
import { getPayment, invalidState, lockPayment } from './queries';
import { capturePayment } from './store';

/**
 * Captures part or all of a pre-authorization, once: of concurrent captures exactly one goes through
 * and the rest get INVALID_STATE (or REQUEST_IN_PROGRESS while a merchant's bank is working on the
 * first). The sandbox's capture is decided by a conditional update (captureInSandbox); a capture at
 * a merchant's bank begins under the payment's row lock (lib/payments/bank-call.ts).
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
  const payment = await getPayment({ db, merchant, paymentId });
  const amountMinor = capturableAmount(payment, request);
  // In live mode a payment the sandbox bank took cannot be captured through it: refused before any write.
  const route = await routeOfPayment(db, payment);
  if (!route.account) return captureInSandbox(db, payment, route, request, amountMinor);

  const started = await db.transaction(async (tx) => {
    const locked = await lockPayment(tx, merchant, paymentId);
    const lockedAmountMinor = capturableAmount(locked, request);
    await beginBankOperation(tx, paymentId, 'CAPTURE', lockedAmountMinor);
    return { payment: locked, route, amountMinor: lockedAmountMinor };
  });
  return finishCapture(db, started);
}

/**
 * The sandbox bank answers in process, so no lock is held for it: the capture is one conditional
 * update (recordCapture), and of concurrent captures, cancels and expiries the database lets one
 * through. A capture that loses reads the payment again, which says why (INVALID_STATE).
 */
async function captureInSandbox(db: Database, payment: Payment, route: BankRoute, request: CaptureRequest, amountMinor: number): Promise<Payment> {
  const captured = await askSandboxBank('capture', payment.id, () => route.acquirer.capture(settlementOf(payment, amountMinor)));
  if (!captured.ok) throw refusedCapture(captured.resultMessage);
  const recorded = await recordCapture(db, payment, route, amountMinor);
  if (recorded) return recorded;
  capturableAmount(await getPayment({ db, merchant: { id: payment.merchantId }, paymentId: payment.id }), request);
  throw invalidState('This pre-authorization changed while it was being captured');
}

/** Asks the merchant's bank for a capture begun under the lock, and settles it (also the recovery job's retry). */
export function finishCapture(db: Database, { payment, route, amountMinor }: { payment: Payment; route: BankRoute; amountMinor: number }): Promise<Payment> {
  return settleBankOperation({
    db,
    payment,
    operation: 'CAPTURE',
    call: () => route.acquirer.capture(settlementOf(payment, amountMinor)),
    apply: async (tx, open) => present(await recordCapture(tx, open, route, amountMinor), 'the capture of a payment whose bank operation was just closed'),
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

/** The capture and its payment.captured event, in one statement (lib/payments/store.ts); null if the payment is no longer capturable. */
function recordCapture(tx: Database, payment: Payment, route: BankRoute, amountMinor: number): Promise<Payment | null> {
  const charge = priceCharge({ pricing: pricingFor(route), profile: payment, amountMinor, installmentCount: 1, interestPaidByCustomer: false });
  return capturePayment(tx, payment, { capturedAmount: amountMinor, capturedAt: new Date(), merchantCommission: charge.commissionMinor });
}
