import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { callbackDeliveries, checkouts, type CallbackDelivery, type Checkout } from '../db/schema';
import { newId } from '../crypto';
import { processSingleton } from '../process-singleton';
import type { CheckoutEvent } from '../schemas/event-types';
import { firstRow } from '../rows';

/**
 * The checkout callback's `status`: exactly what GET /api/checkout/{id} answers right after the
 * event (reference §7, one vocabulary).
 */
export type CallbackStatus = 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

export { CHECKOUT_EVENTS, type CheckoutEvent } from '../schemas/event-types';

/**
 * Writes one callback to the outbox inside the caller's transaction, so it exists if and only if
 * what it reports is committed. Numbers it with the checkout's next event sequence (the row update
 * also serializes concurrent events of one checkout). The checkout's code calls it through
 * enqueueCheckoutEvent (lib/checkout/callbacks.ts), which derives `status` from the checkout as GET reports it.
 */
export async function enqueueCallback(
  tx: Database,
  options: { checkout: Pick<Checkout, 'id' | 'merchantId' | 'callbackUrl'>; status: CallbackStatus; event: CheckoutEvent; paymentId?: string | null },
): Promise<CallbackDelivery> {
  const { checkout, status, event } = options;
  const numbered = firstRow(await tx
    .update(checkouts)
    .set({ eventSequence: sql`${checkouts.eventSequence} + 1` })
    .where(eq(checkouts.id, checkout.id))
    .returning({ sequence: checkouts.eventSequence }));
  if (!numbered) throw new Error(`enqueueCallback: no checkout ${checkout.id}`);
  const [delivery] = await tx
    .insert(callbackDeliveries)
    .values({
      id: newId('evt'),
      kind: 'CALLBACK',
      merchantId: checkout.merchantId,
      checkoutId: checkout.id,
      sequence: numbered.sequence,
      checkoutStatus: status,
      eventType: event,
      paymentId: options.paymentId ?? null,
      orderKey: checkout.id,
      url: checkout.callbackUrl,
    })
    .returning();
  return delivery;
}

/** Wake functions of the workers running in this process (shared by all of Next's module graphs). */
export const workerWakers = () => processSingleton('callback-worker-wakers', () => new Set<() => void>());

/** Wakes this process's callback workers now (call after the transaction that enqueued commits). */
export function nudgeCallbackWorker(): void {
  for (const wake of workerWakers()) wake();
}
