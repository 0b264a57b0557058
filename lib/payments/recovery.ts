import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { acquirer } from '../acquirer';
import type { Database } from '../db/client';
import { cardVault, payments } from '../db/schema';
import { nudgeCallbackWorker } from '../notifications/outbox';
import { recordPaymentEvent } from './events';
import { describeError, logger } from '../log';
import type { PaymentFollowUp } from './follow-up';

/** Longer than any bank call may take: a PROCESSING row this old lost its process mid-call. */
const INTERRUPTED_AFTER = sql`interval '2 minutes'`;

/**
 * The recovery rule for payments interrupted between "reserved" and "bank answered" (a crash or a
 * kill): they are released at the bank and settled as FAILED, which also frees their orderId.
 */
export async function settleInterruptedPayments(db: Database, followUp: PaymentFollowUp): Promise<number> {
  // One transaction: the FAILED rows, their card data gone, their checkout attempts and payment.failed events.
  const interrupted = await db.transaction(async (tx) => {
    const settled = await tx
      .update(payments)
      .set({ status: 'FAILED', resultCode: 'PROCESSING_INTERRUPTED', resultMessage: 'The payment was interrupted and not completed' })
      .where(and(eq(payments.status, 'PROCESSING'), lt(payments.processingStartedAt, sql`now() - ${INTERRUPTED_AFTER}`)))
      .returning();
    if (settled.length === 0) return settled;
    // A 3-D Secure payment interrupted mid-authorization keeps no card data either.
    await tx.delete(cardVault).where(inArray(cardVault.paymentId, settled.map((payment) => payment.id)));
    for (const payment of settled) {
      await recordPaymentEvent(tx, payment);
      await followUp.settled(tx, payment);
    }
    return settled;
  });
  for (const payment of interrupted) {
    await acquirer()
      .release({ paymentId: payment.id, externalTransactionId: null, amountMinor: payment.amount, currency: payment.currency })
      .catch((error: unknown) => { logger.warn({ paymentId: payment.id, err: describeError(error) }, 'release failed'); });
  }
  if (interrupted.length) {
    nudgeCallbackWorker();
    logger.warn({ count: interrupted.length }, 'settled interrupted payments as FAILED');
  }
  return interrupted.length;
}
