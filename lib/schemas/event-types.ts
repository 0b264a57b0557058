/** The event vocabulary, without dependencies (shared by schemas, forms and the outbox). */

/** The event types merchants can subscribe to (reference §11). */
export const EVENT_TYPES = [
  'payment.succeeded',
  'payment.failed',
  'payment.captured',
  'payment.cancelled',
  'payment.expired',
  'refund.succeeded',
  'refund.failed',
  'checkout.closed',
  'checkout.expired',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The type of the event Settings' "Send test event" delivers to one endpoint only (no endpoint subscribes to it). */
export const TEST_EVENT_TYPE = 'test';

/** The checkout callback's `event` field: what happened to the checkout (reference §7). */
export const CHECKOUT_EVENTS = ['attempt.succeeded', 'attempt.failed', 'checkout.closed', 'checkout.expired', 'payment.cancelled'] as const;

export type CheckoutEvent = (typeof CHECKOUT_EVENTS)[number];
