import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { acquirer } from '../acquirer';
import type { Database } from '../db/client';
import { cardVault, payments } from '../db/schema';
import { recordCheckoutAttempt } from '../checkout/attempts';
import { describeError, logger } from '../log';

/** Longer than any bank call may take: a PROCESSING row this old lost its process mid-call. */
const INTERRUPTED_AFTER = sql`interval '2 minutes'`;

/**
 * The recovery rule for payments interrupted between "reserved" and "bank answered" (a crash or a
 * kill): they are released at the bank and settled as FAILED, which also frees their orderId.
 */
export async function settleInterruptedPayments(db: Database): Promise<number> {
  const interrupted = await db
    .update(payments)
    .set({ status: 'FAILED', resultCode: 'PROCESSING_INTERRUPTED', resultMessage: 'The payment was interrupted and not completed' })
    .where(and(eq(payments.status, 'PROCESSING'), lt(payments.processingStartedAt, sql`now() - ${INTERRUPTED_AFTER}`)))
    .returning();
  if (interrupted.length) {
    // A 3-D Secure payment interrupted mid-authorization keeps no card data either.
    await db.delete(cardVault).where(inArray(cardVault.paymentId, interrupted.map((payment) => payment.id)));
  }
  for (const payment of interrupted) {
    if (payment.checkoutId) await db.transaction((tx) => recordCheckoutAttempt(tx, payment));
    await acquirer()
      .release({ paymentId: payment.id, externalTransactionId: null, amountMinor: payment.amount, currency: payment.currency })
      .catch((error: Error) => logger.warn({ paymentId: payment.id, err: describeError(error) }, 'release failed'));
  }
  if (interrupted.length) logger.warn({ count: interrupted.length }, 'settled interrupted payments as FAILED');
  return interrupted.length;
}
