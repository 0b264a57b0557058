import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { callbackDeliveries, checkouts, type CallbackDelivery, type Checkout } from '../db/schema';
import { newId } from '../merchants/credentials';
import { processSingleton } from '../process-singleton';

/** The checkout statuses a callback event reports. */
export type CallbackStatus = 'PAID' | 'FAILED' | 'CLOSED' | 'EXPIRED';

/**
 * Writes one callback event to the outbox inside the caller's transaction, so the event exists if and
 * only if the attempt it reports is committed. Numbers it with the checkout's next event sequence
 * (the row update also serializes concurrent events of one checkout). The worker picks it up on its
 * next poll; call nudgeCallbackWorker() after the commit to send it at once.
 */
export async function enqueueCallback(
  tx: Database,
  options: { checkout: Pick<Checkout, 'id' | 'merchantId' | 'callbackUrl'>; status: CallbackStatus },
): Promise<CallbackDelivery> {
  const { checkout, status } = options;
  const [numbered] = await tx
    .update(checkouts)
    .set({ eventSequence: sql`${checkouts.eventSequence} + 1` })
    .where(eq(checkouts.id, checkout.id))
    .returning({ sequence: checkouts.eventSequence });
  if (!numbered) throw new Error(`enqueueCallback: no checkout ${checkout.id}`);
  const [delivery] = await tx
    .insert(callbackDeliveries)
    .values({
      id: newId('evt'),
      merchantId: checkout.merchantId,
      checkoutId: checkout.id,
      sequence: numbered.sequence,
      checkoutStatus: status,
      url: checkout.callbackUrl,
    })
    .returning();
  return delivery!;
}

/** Wake functions of the workers running in this process (shared by all of Next's module graphs). */
export const workerWakers = () => processSingleton('callback-worker-wakers', () => new Set<() => void>());

/** Wakes this process's callback workers now (call after the transaction that enqueued commits). */
export function nudgeCallbackWorker(): void {
  for (const wake of workerWakers()) wake();
}
