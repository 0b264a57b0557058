import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { checkouts, payments, type CallbackDelivery, type Checkout } from '../db/schema';
import { enqueueCallback, type CallbackStatus } from '../notifications/outbox';
import { recordEvent } from '../notifications/record';
import type { CheckoutEvent } from '../schemas/event-types';
import { checkoutStatusResponse } from './status';
import { firstRow } from '../rows';

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
  const checkout = firstRow(await tx.select().from(checkouts).where(eq(checkouts.id, options.checkout.id)));
  if (!checkout) throw new Error(`enqueueCheckoutEvent: no checkout ${options.checkout.id}`);
  const payment = checkout.latestPaymentId ? firstRow(await tx.select().from(payments).where(eq(payments.id, checkout.latestPaymentId))) : undefined;
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
