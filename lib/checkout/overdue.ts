import { and, eq, lte, notExists, sql } from 'drizzle-orm';
import { nudgeCallbackWorker } from '../notifications/outbox';
import { enqueueCheckoutEvent } from './callbacks';
import type { Database } from '../db/client';
import { checkouts, payments } from '../db/schema';
import { firstRow } from '../rows';

/**
 * Marks an OPEN checkout past its expiry EXPIRED and announces it (the checkout.expired callback,
 * status EXPIRED, and the checkout.expired event), inside the caller's transaction. The conditional
 * update makes it happen once per checkout however many instances run it; a checkout whose
 * attempt is at the bank right now is left for the next run. Returns whether it expired it.
 */
export async function markCheckoutExpired(tx: Database, checkoutId: string): Promise<boolean> {
  const expired = firstRow(await tx
    .update(checkouts)
    .set({ status: 'EXPIRED' })
    .where(
      and(
        eq(checkouts.id, checkoutId),
        eq(checkouts.status, 'OPEN'),
        lte(checkouts.expiresAt, sql`now()`),
        notExists(
          tx
            .select({ id: payments.id })
            .from(payments)
            .where(and(eq(payments.checkoutId, checkouts.id), eq(payments.status, 'PROCESSING'))),
        ),
      ),
    )
    .returning({ id: checkouts.id }));
  if (!expired) return false;
  await enqueueCheckoutEvent(tx, { checkout: expired, event: 'checkout.expired' });
  return true;
}

/** Housekeeping: OPEN checkouts past expires_at become EXPIRED, each with its checkout.expired callback. */
export async function expireOverdueCheckouts(db: Database, { limit = 200 }: { limit?: number } = {}): Promise<number> {
  const due = await db
    .select({ id: checkouts.id })
    .from(checkouts)
    .where(and(eq(checkouts.status, 'OPEN'), lte(checkouts.expiresAt, sql`now()`)))
    .orderBy(checkouts.expiresAt)
    .limit(limit);
  let expired = 0;
  for (const { id } of due) if (await db.transaction((tx) => markCheckoutExpired(tx, id))) expired++;
  if (expired > 0) nudgeCallbackWorker();
  return expired;
}
