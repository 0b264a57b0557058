import { and, asc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { housekeepingRouteOf } from '../banks/routing';
import type { Database } from '../db/client';
import { payments } from '../db/schema';
import { recordPaymentEvent } from './events';
import { describeError, logger } from '../log';
import { firstRow } from '../rows';

/** Payments one query of the expiry job picks up; it keeps going while a batch makes progress. */
const BATCH_SIZE = 100;

/** An approved pre-authorization not captured (or voided) by its deadline: the job's work. Mirrors payments_uncaptured_expiry_idx. */
const pastItsWindow = () =>
  and(
    eq(payments.status, 'SUCCESS'),
    isNull(payments.capturedAmount),
    isNotNull(payments.authorizationExpiresAt),
    lte(payments.authorizationExpiresAt, sql`now()`),
  );

export const AUTHORIZATION_EXPIRED = 'AUTHORIZATION_EXPIRED';

/**
 * Housekeeping: releases at the bank every pre-authorization past its window (merchants.authorization_days)
 * and marks it EXPIRED, with its `payment.expired` event, in one transaction per payment. The row is
 * locked FOR UPDATE SKIP LOCKED for the release: a capture holding it wins (and the row is then no
 * longer uncaptured), a capture arriving meanwhile waits and finds it EXPIRED, and another instance
 * running the job skips it. Everything it needs is in the payments table, so a restart loses nothing:
 * a release interrupted by a crash rolls back and is sent again on the next run.
 */
export async function expireAuthorizations(db: Database): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await db
      .select({ id: payments.id })
      .from(payments)
      .where(pastItsWindow())
      .orderBy(asc(payments.authorizationExpiresAt))
      .limit(BATCH_SIZE);
    let progress = 0;
    for (const { id } of due) {
      try {
        if (await expireAuthorization(db, id)) progress++;
      } catch (error) {
        // The bank could not be reached: the payment stays as it was and the next run tries again.
        logger.warn({ paymentId: id, err: describeError(error) }, 'release of an expired pre-authorization failed');
      }
    }
    expired += progress;
    if (due.length < BATCH_SIZE || progress === 0) break;
  }
  if (expired) logger.info({ count: expired }, 'expired uncaptured pre-authorizations');
  return expired;
}

/** One payment: true when this call expired it, false when it was not (or no longer) due or another instance holds it. */
async function expireAuthorization(db: Database, paymentId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const payment = firstRow(await tx
      .select()
      .from(payments)
      .where(and(eq(payments.id, paymentId), pastItsWindow()))
      .for('update', { skipLocked: true }));
    if (!payment) return false;
    const { acquirer } = await housekeepingRouteOf(tx, payment);
    const released = await acquirer.release({
      paymentId,
      externalTransactionId: payment.externalTransactionId,
      amountMinor: payment.authorizedAmount ?? payment.amount + payment.interestAmount,
      currency: payment.currency,
    });
    // A refusal changes nothing for the merchant: an uncaptured hold lapses at the bank in any case.
    if (!released.ok) logger.warn({ paymentId, resultCode: released.resultCode }, 'the bank refused to release an expired pre-authorization');
    const row = firstRow(await tx
      .update(payments)
      .set({
        status: 'EXPIRED',
        resultCode: AUTHORIZATION_EXPIRED,
        resultMessage: 'The pre-authorization was not captured within its window and was released',
        // No money moved.
        merchantCommission: 0,
      })
      .where(and(eq(payments.id, paymentId), eq(payments.status, 'SUCCESS'), isNull(payments.capturedAmount)))
      .returning());
    if (!row) return false;
    await recordPaymentEvent(tx, row, 'payment.expired');
    logger.info({ paymentId, merchantId: row.merchantId }, 'pre-authorization expired and released at the bank');
    return true;
  });
}
