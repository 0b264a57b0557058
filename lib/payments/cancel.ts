import { and, eq, ne, sql } from 'drizzle-orm';
import { routeOfPayment } from '../banks/routing';
import type { Database } from '../db/client';
import { payments, refunds, type Merchant, type Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { nudgeCallbackWorker } from '../notifications/outbox';
import { recordPaymentEvent } from './events';
import type { PaymentFollowUp } from './follow-up';
import { askBank } from './bank-call';
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
  const payment = await db.transaction(async (tx) => {
    const payment = await lockPayment(tx, merchant, paymentId);
    if (payment.status === 'CANCELLED') return payment;
    const stage = await cancellableStage(tx, payment, now);

    const route = await routeOfPayment(tx, payment);
    const reversal = await askBank('cancel', paymentId, () =>
      route.acquirer.cancel({
        paymentId,
        externalTransactionId: payment.externalTransactionId,
        amountMinor: stage === 'AUTHORIZED' ? present(payment.authorizedAmount, "an authorized payment's authorizedAmount") : present(payment.capturedAmount, "a captured payment's capturedAmount"),
        currency: payment.currency,
        stage,
      }),
    );
    if (!reversal.ok) {
      throw new AppError('CANCEL_DECLINED', `The bank declined the cancel (${reversal.resultCode}); the payment stands`, [
        { field: 'paymentId', code: reversal.resultCode, message: reversal.resultMessage },
      ]);
    }
    const [cancelled] = await tx
      .update(payments)
      .set({ status: 'CANCELLED', cancelledAt: now, cancelReason: reason ?? null, merchantCommission: 0 })
      .where(eq(payments.id, paymentId))
      .returning();
    await recordPaymentEvent(tx, cancelled, 'payment.cancelled');
    await followUp.cancelled(tx, cancelled);
    return cancelled;
  });
  if (payment.checkoutId) nudgeCallbackWorker();
  return payment;
}

/** What a cancel voids, or why it cannot: the message says to refund where a refund is possible. */
async function cancellableStage(tx: Database, payment: Payment, now: Date): Promise<'AUTHORIZED' | 'CAPTURED'> {
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
