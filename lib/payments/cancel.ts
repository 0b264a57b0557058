import { and, eq, ne, sql } from 'drizzle-orm';
import { routeOfPayment, type BankRoute } from '../banks/routing';
import type { Database } from '../db/client';
import { payments, refunds, type Merchant, type Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { nudgeCallbackWorker } from '../notifications/outbox';
import { recordPaymentEvent } from './events';
import type { PaymentFollowUp } from './follow-up';
import { askSandboxBank, assertNoBankOperation, beginBankOperation, settleBankOperation } from './bank-call';
import { invalidState, lockPayment } from './queries';
import { inOpenBatch } from './settlement-day';

/** When the payment's money moved: its capture, or the sale itself. */
export const chargedAt = (payment: Pick<Payment, 'capturedAt' | 'createdAt'>) => payment.capturedAt ?? payment.createdAt;

/**
 * Voids a payment so that no money moves (reference §10): an uncaptured pre-authorization within its
 * window, or a charge in the still open settlement batch with no refund. The payment row is locked
 * for the whole cancel, so a concurrent capture, refund or second cancel waits and then sees the
 * outcome; a repeated cancel answers the cancelled payment as it stands.
 */
export async function cancelPayment({
  db,
  merchant,
  paymentId,
  reason,
  followUp,
  now = new Date(),
}: {
  db: Database;
  merchant: Merchant;
  paymentId: string;
  reason?: string;
  followUp: PaymentFollowUp;
  now?: Date;
}): Promise<Payment> {
  type Started = { kind: 'cancelled'; payment: Payment } | { kind: 'at-bank'; payment: Payment; route: BankRoute; stage: CancelStage };
  const started = await db.transaction(async (tx): Promise<Started> => {
    const payment = await lockPayment(tx, merchant, paymentId);
    if (payment.status === 'CANCELLED') return { kind: 'cancelled', payment };
    const stage = await cancellableStage(tx, payment, now);
    const route = await routeOfPayment(tx, payment);
    if (route.account) {
      await beginBankOperation(tx, paymentId, 'CANCEL', voidedAmount(payment, stage));
      return { kind: 'at-bank', payment, route, stage };
    }
    const reversal = await askSandboxBank('cancel', paymentId, () => route.acquirer.cancel(cancelRequestOf(payment, stage)));
    if (!reversal.ok) throw cancelDeclined(reversal);
    return { kind: 'cancelled', payment: await recordCancel(tx, payment, { reason, now, followUp }) };
  });
  const payment = started.kind === 'cancelled' ? started.payment : await finishCancel(db, started, { reason, now, followUp });
  if (payment.checkoutId) nudgeCallbackWorker();
  return payment;
}

type CancelStage = 'AUTHORIZED' | 'CAPTURED';

/** Asks the merchant's bank for a cancel begun under the lock, and settles it (also the recovery job's retry). */
export function finishCancel(
  db: Database,
  { payment, route, stage }: { payment: Payment; route: BankRoute; stage: CancelStage },
  options: { reason?: string; now: Date; followUp: PaymentFollowUp },
): Promise<Payment> {
  return settleBankOperation({
    db,
    payment,
    operation: 'CANCEL',
    call: () => route.acquirer.cancel(cancelRequestOf(payment, stage)),
    apply: (tx, open) => recordCancel(tx, open, options),
    refused: cancelDeclined,
  });
}

/** What a cancel of the payment at this stage voids. */
export const stageOf = (payment: Payment): CancelStage => (payment.capturedAmount === null ? 'AUTHORIZED' : 'CAPTURED');

const voidedAmount = (payment: Payment, stage: CancelStage) =>
  stage === 'AUTHORIZED' ? present(payment.authorizedAmount, "an authorized payment's authorizedAmount") : present(payment.capturedAmount, "a captured payment's capturedAmount");

const cancelRequestOf = (payment: Payment, stage: CancelStage) => ({
  paymentId: payment.id,
  externalTransactionId: payment.externalTransactionId,
  amountMinor: voidedAmount(payment, stage),
  currency: payment.currency,
  stage,
});

function cancelDeclined(reversal: { resultCode: string; resultMessage: string }): AppError {
  return new AppError('CANCEL_DECLINED', `The bank declined the cancel (${reversal.resultCode}); the payment stands`, [
    { field: 'paymentId', code: reversal.resultCode, message: reversal.resultMessage },
  ]);
}

async function recordCancel(tx: Database, payment: Payment, { reason, now, followUp }: { reason?: string; now: Date; followUp: PaymentFollowUp }): Promise<Payment> {
  const [cancelled] = await tx
    .update(payments)
    .set({ status: 'CANCELLED', cancelledAt: now, cancelReason: reason ?? null, merchantCommission: 0 })
    .where(eq(payments.id, payment.id))
    .returning();
  await recordPaymentEvent(tx, cancelled, 'payment.cancelled');
  await followUp.cancelled(tx, cancelled);
  return cancelled;
}

/** What a cancel voids, or why it cannot: the message says to refund where a refund is possible. */
async function cancellableStage(tx: Database, payment: Payment, now: Date): Promise<CancelStage> {
  assertNoBankOperation(payment);
  if (payment.status === 'EXPIRED') throw invalidState('This pre-authorization has expired: its hold is already released');
  if (payment.status !== 'SUCCESS') throw invalidState('Only an approved payment can be cancelled');
  if (payment.capturedAmount === null) {
    if (payment.authorizationExpiresAt && now >= payment.authorizationExpiresAt) {
      throw invalidState('This pre-authorization has expired: its hold is already released');
    }
    return 'AUTHORIZED';
  }
  const [refunded] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), ne(refunds.status, 'FAILED')));
  if (refunded.count > 0) throw invalidState('This payment has a refund and can no longer be cancelled: refund the rest instead');
  if (!inOpenBatch(chargedAt(payment), now)) {
    throw invalidState('This payment was settled at the day’s cut-off and can no longer be cancelled: refund it instead');
  }
  return 'CAPTURED';
}
