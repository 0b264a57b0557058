import { eq, sql } from 'drizzle-orm';
import { enqueueCheckoutEvent } from './callbacks';
import type { Database } from '../db/client';
import { checkouts, type Payment } from '../db/schema';
import type { PaymentFollowUp } from '../payments/follow-up';
import { firstRow } from '../rows';

/** A checkout closes after this many failed payment attempts. */
export const MAX_FAILED_ATTEMPTS = 3;

/**
 * Records a processed payment attempt on its checkout, inside the transaction that settled the
 * payment: a success marks the checkout PAID, a failure counts (the third closes it), and either way
 * a callback (attempt.succeeded, attempt.failed or checkout.closed) is written to the outbox in the
 * same transaction; closing also records the checkout.closed event for event endpoints.
 */
export async function recordCheckoutAttempt(tx: Database, payment: Payment): Promise<void> {
  if (!payment.checkoutId || (payment.status !== 'SUCCESS' && payment.status !== 'FAILED')) return;
  const paid = payment.status === 'SUCCESS';
  const checkout = firstRow(await tx
    .update(checkouts)
    .set(
      paid
        ? { status: 'PAID', latestPaymentId: payment.id }
        : {
            failedAttempts: sql`${checkouts.failedAttempts} + 1`,
            status: sql`case when ${checkouts.failedAttempts} + 1 >= ${MAX_FAILED_ATTEMPTS} then 'CLOSED' else ${checkouts.status} end`,
          },
    )
    .where(eq(checkouts.id, payment.checkoutId))
    .returning({ id: checkouts.id, status: checkouts.status, failedAttempts: checkouts.failedAttempts }));
  if (!checkout) return;
  await enqueueCheckoutEvent(tx, { checkout, event: paid ? 'attempt.succeeded' : checkout.status === 'CLOSED' && checkout.failedAttempts === MAX_FAILED_ATTEMPTS ? 'checkout.closed' : 'attempt.failed' });
}

/**
 * What a checkout records when one of its payments settles or is cancelled, in the payment's own
 * transaction. Every caller of the payment functions that take a follow-up passes this one: a payment
 * without a checkoutId is left alone by both.
 */
export const checkoutFollowUp: PaymentFollowUp = {
  settled: recordCheckoutAttempt,
  // Its callback says CANCELLED, what GET /api/checkout/{id} now answers.
  cancelled: async (tx, payment) => {
    if (payment.checkoutId) await enqueueCheckoutEvent(tx, { checkout: { id: payment.checkoutId }, event: 'payment.cancelled' });
  },
};
