import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { cardVault, payments, threeDsSessions, type Payment } from '../../db/schema';
import { recordPaymentEvent } from '../events';
import type { PaymentFollowUp } from '../follow-up';
import { firstRow } from '../../rows';

/**
 * Fails an ENROLLED payment for good: its card data goes and an open issuer page closes. The failure
 * counts as a processed attempt of its checkout, unless a newer attempt superseded it or the link was ended.
 */
export async function failEnrolledPayment(
  tx: Database,
  paymentId: string,
  resultCode: string,
  resultMessage: string,
  followUp: PaymentFollowUp,
): Promise<Payment> {
  await tx.delete(cardVault).where(eq(cardVault.paymentId, paymentId));
  await tx
    .update(threeDsSessions)
    .set({ completedAt: new Date(), outcome: sql`case when ${threeDsSessions.outcome} = 'CHALLENGE' then 'FAILED' else ${threeDsSessions.outcome} end` })
    .where(eq(threeDsSessions.paymentId, paymentId));
  const [failed] = await tx
    .update(payments)
    .set({ status: 'FAILED', resultCode, resultMessage, merchantCommission: 0 })
    .where(eq(payments.id, paymentId))
    .returning();
  if (resultCode !== SUPERSEDED) {
    await recordPaymentEvent(tx, failed);
    // An attempt the merchant's expiry ended is no failed attempt of the shopper's.
    if (resultCode !== CHECKOUT_EXPIRED) await followUp.settled(tx, failed);
  }
  return failed;
}

/** The result code of an unfinished checkout attempt replaced by the shopper's next one. */
export const SUPERSEDED = 'SUPERSEDED';
/** The result code of an unfinished checkout attempt whose link the merchant ended (its callback is checkout.expired). */
export const CHECKOUT_EXPIRED = 'CHECKOUT_EXPIRED';


/** Housekeeping: enrollments past their 15 minutes fail, and their card data is deleted. */
export async function expireThreeDsEnrollments(db: Database, followUp: PaymentFollowUp): Promise<number> {
  const expired = await db
    .select({ paymentId: threeDsSessions.paymentId })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .where(and(eq(payments.status, 'ENROLLED'), lt(threeDsSessions.expiresAt, sql`now()`)));
  for (const { paymentId } of expired) {
    await db.transaction(async (tx) => {
      const still = firstRow(await tx
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.id, paymentId), eq(payments.status, 'ENROLLED')))
        .for('update'));
      if (still) await failEnrolledPayment(tx, paymentId, 'THREE_DS_EXPIRED', '3-D Secure authentication was not completed in time', followUp);
    });
  }
  // Vault rows can outlive nothing: anything past its expiry goes, whatever its payment's state.
  await db.delete(cardVault).where(lt(cardVault.expiresAt, sql`now()`));
  return expired.length;
}
