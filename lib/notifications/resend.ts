import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { callbackDeliveries, type CallbackDelivery } from '../db/schema';
import { AppError } from '../errors';
import { nudgeCallbackWorker } from './outbox';
import { firstRow } from '../rows';

export function deliveryNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Callback delivery not found', [{ field: 'deliveryId', code: 'NOT_FOUND', message: 'No such delivery' }]);
}

/**
 * Sends one of the merchant's deliveries (a callback, or an event to an endpoint) again now, with the same eventId: the delivery goes
 * back to PENDING and due at once, its attempt history (and when it was first delivered) stays. After a resend the retry schedule
 * resumes where the delivery's attempt count left it (an exhausted one allows this single attempt).
 * Resending while an attempt is in flight may deliver the event twice: eventId lets the merchant
 * tell. Another merchant's delivery is NOT_FOUND and unchanged.
 */
export async function resendDelivery({
  db,
  merchantId,
  deliveryId,
}: {
  db: Database;
  merchantId: string;
  deliveryId: string;
}): Promise<CallbackDelivery> {
  if (typeof deliveryId !== 'string' || !/^(evt|dlv)_[A-Za-z0-9_-]{1,64}$/.test(deliveryId)) throw deliveryNotFound();
  const delivery = firstRow(await db
    .update(callbackDeliveries)
    .set({ state: 'PENDING', nextAttemptAt: sql`now()` })
    .where(and(eq(callbackDeliveries.id, deliveryId), eq(callbackDeliveries.merchantId, merchantId)))
    .returning());
  if (!delivery) throw deliveryNotFound();
  nudgeCallbackWorker();
  return delivery;
}
