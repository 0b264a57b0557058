import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { callbackDeliveries, checkouts, payments, type CallbackDelivery, type Checkout } from '../db/schema';
import { newId } from '../crypto';
import { processSingleton } from '../process-singleton';
import { checkoutStatusResponse } from '../checkout/status';
import { recordEvent } from '../events/record';
import type { CheckoutEvent } from '../events/types';

/**
 * The checkout callback's `status`: exactly what GET /api/checkout/{id} answers right after the
 * event (reference §7, one vocabulary).
 */
export type CallbackStatus = 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

export { CHECKOUT_EVENTS, type CheckoutEvent } from '../events/types';

/**
 * Writes one callback to the outbox inside the caller's transaction, so it exists if and only if
 * what it reports is committed. Numbers it with the checkout's next event sequence (the row update
 * also serializes concurrent events of one checkout). Prefer enqueueCheckoutEvent, which derives
 * `status` from the checkout as GET reports it.
 */
export async function enqueueCallback(
  tx: Database,
  options: { checkout: Pick<Checkout, 'id' | 'merchantId' | 'callbackUrl'>; status: CallbackStatus; event: CheckoutEvent; paymentId?: string | null },
): Promise<CallbackDelivery> {
  const { checkout, status, event } = options;
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
  return delivery!;
}

/**
 * Announces something that happened to a checkout, inside the transaction that made it happen and
 * after its writes (the checkout's status, its latest payment's status):
 * - the checkout callback, whose `status` is what GET /api/checkout/{id} answers now;
 * - for `checkout.closed` and `checkout.expired`, also the event of that type to the merchant's
 *   event endpoints (data: that GET answer plus `checkoutId`). Payment events (payment.cancelled,
 *   payment.succeeded, …) are the payment code's to record with recordEvent.
 * Call nudgeCallbackWorker() after the commit to send at once (else the worker's next poll).
 */
export async function enqueueCheckoutEvent(
  tx: Database,
  options: { checkout: Pick<Checkout, 'id'>; event: CheckoutEvent },
): Promise<CallbackDelivery> {
  const [checkout] = await tx.select().from(checkouts).where(eq(checkouts.id, options.checkout.id));
  if (!checkout) throw new Error(`enqueueCheckoutEvent: no checkout ${options.checkout.id}`);
  const [payment] = checkout.latestPaymentId ? await tx.select().from(payments).where(eq(payments.id, checkout.latestPaymentId)) : [];
  const response = checkoutStatusResponse(checkout, payment ?? null);
  const status = callbackStatusOf(response.status, options.event);
  if (options.event === 'checkout.closed' || options.event === 'checkout.expired') {
    await recordEvent(tx, {
      merchantId: checkout.merchantId,
      type: options.event,
      paymentId: payment?.id ?? null,
      checkoutId: checkout.id,
      data: { ...response, checkoutId: checkout.id },
    });
  }
  return enqueueCallback(tx, { checkout, status, event: options.event, paymentId: payment?.id ?? null });
}

const impliedStatus: Record<CheckoutEvent, CallbackStatus> = {
  'attempt.succeeded': 'SUCCESS',
  'attempt.failed': 'FAILED',
  'checkout.closed': 'FAILED',
  'checkout.expired': 'EXPIRED',
  'payment.cancelled': 'CANCELLED',
};

/**
 * GET's status as the callback reports it. PENDING or ENROLLED cannot follow an event unless the
 * event is about an attempt other than the latest; then the event's own outcome is reported.
 */
function callbackStatusOf(status: string, event: CheckoutEvent): CallbackStatus {
  if (status === 'SUCCESS' || status === 'FAILED' || status === 'EXPIRED' || status === 'CANCELLED') return status;
  return impliedStatus[event];
}

/** Wake functions of the workers running in this process (shared by all of Next's module graphs). */
export const workerWakers = () => processSingleton('callback-worker-wakers', () => new Set<() => void>());

/** Wakes this process's callback workers now (call after the transaction that enqueued commits). */
export function nudgeCallbackWorker(): void {
  for (const wake of workerWakers()) wake();
}
