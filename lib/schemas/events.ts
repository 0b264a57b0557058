import { z } from 'zod';
import { CHECKOUT_EVENTS, EVENT_TYPES, TEST_EVENT_TYPE } from './event-types';
import { apiPaymentResponseSchema } from './payment';
import { refundSchema } from './refund';
import { returnUrlField } from './three-ds';

/** Event endpoints, the events they receive, and the checkout callback form (reference §7, §11). */

/** How many event endpoints one merchant may have. */
export const MAX_EVENT_ENDPOINTS = 5;

export const eventType = z.enum(EVENT_TYPES, { error: `Must be one of ${EVENT_TYPES.join(', ')}` }).meta({ id: 'EventType' });

export const eventEndpointRequestSchema = z
  .object({
    url: returnUrlField('Where Kasa POSTs the events (JSON, signed with X-Kasa-Signature); https and a public address in live mode'),
    events: z
      .array(eventType, { error: 'events must be an array of event types' })
      .min(1, 'Subscribe to at least one event type')
      .max(EVENT_TYPES.length)
      .refine((types) => new Set(types).size === types.length, 'Each event type at most once')
      .optional()
      .meta({ description: 'The event types to receive; left out: all of them' }),
  })
  .meta({ id: 'EventEndpointRequest', example: { url: 'https://shop.example/kasa/events', events: ['payment.succeeded', 'refund.succeeded'] } });

export type EventEndpointRequest = z.infer<typeof eventEndpointRequestSchema>;

export const eventEndpointSchema = z
  .object({
    endpointId: z.string().meta({ example: 'we_3kTq9w2bV1cX8nH5mZ0rLg' }),
    url: z.string(),
    events: z.array(eventType),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'EventEndpoint' });

export type EventEndpointResponse = z.infer<typeof eventEndpointSchema>;

export const eventEndpointListSchema = z.object({ data: z.array(eventEndpointSchema) }).meta({ id: 'EventEndpointList' });

/** An event's envelope as delivered: `{id, type, created, data}`. */
function envelope<Type extends z.ZodType, Data extends z.ZodType>(id: string, type: Type, data: Data, description: string) {
  return z
    .object({
      id: z.string().meta({ description: 'evt_…: the same on every retry and resend; deduplicate on it', example: 'evt_Xq4M0b2vT9sJc1nE7kLwAg' }),
      type,
      created: z.iso.datetime().meta({ description: 'When the event happened (ISO 8601 UTC)' }),
      data,
    })
    .meta({ id, description });
}

const paymentEventTypes = ['payment.succeeded', 'payment.failed', 'payment.captured', 'payment.cancelled', 'payment.expired'] as const;
const refundEventTypes = ['refund.succeeded', 'refund.failed'] as const;
const checkoutEventTypes = ['checkout.closed', 'checkout.expired'] as const;

export const checkoutEventDataSchema = apiPaymentResponseSchema
  .extend({ checkoutId: z.uuid() })
  .meta({ id: 'CheckoutEventData', description: 'What GET /api/checkout/{checkoutId} answered at the event, plus checkoutId' });

export const paymentEventSchema = envelope(
  'PaymentEvent',
  z.enum(paymentEventTypes),
  apiPaymentResponseSchema,
  'payment.succeeded / payment.failed (a sale, pre-authorization, 3-D Secure or checkout payment settled), payment.captured, payment.cancelled, payment.expired (a pre-authorization released uncaptured). data: the ApiPaymentResponse after the event.',
);
export const refundEventSchema = envelope('RefundEvent', z.enum(refundEventTypes), refundSchema, 'refund.succeeded / refund.failed. data: the Refund.');
export const checkoutEventSchema = envelope(
  'CheckoutEvent',
  z.enum(checkoutEventTypes),
  checkoutEventDataSchema,
  'checkout.closed (third failed attempt) / checkout.expired (expired unpaid, or ended early).',
);
export const testEventSchema = envelope(
  'TestEvent',
  z.literal(TEST_EVENT_TYPE),
  z.object({ endpointId: z.string(), message: z.string() }),
  'Sent by Settings’ “Send test event” to one endpoint only; no endpoint subscribes to it.',
);

export const kasaEventSchema = z.union([paymentEventSchema, refundEventSchema, checkoutEventSchema, testEventSchema]).meta({ id: 'Event' });

/** The checkout callback's form (application/x-www-form-urlencoded), fields in this order. */
export const checkoutCallbackSchema = z
  .object({
    checkoutId: z.uuid().meta({ description: 'The checkout the event is about' }),
    status: z.enum(['SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED']).meta({
      description: 'Exactly the status GET /api/checkout/{checkoutId} answered right after the event. Trust only what you GET.',
    }),
    event: z.enum(CHECKOUT_EVENTS).meta({
      description:
        'What happened: attempt.succeeded (SUCCESS), attempt.failed (FAILED, or EXPIRED if the link had expired), checkout.closed (third failure; FAILED), checkout.expired (EXPIRED), payment.cancelled (CANCELLED). Refunds do not call the checkout callback.',
    }),
    eventId: z.string().meta({ description: 'evt_…: the same on every retry and resend; deduplicate on it' }),
    sequence: z.string().regex(/^[1-9]\d*$/).meta({ description: 'The event’s number within its checkout, from 1 (sent as text, a form field)' }),
  })
  .meta({ id: 'CheckoutCallback', example: { checkoutId: '3f1c2a9e-0b7d-4c55-9a51-0d2f8e6b7c10', status: 'SUCCESS', event: 'attempt.succeeded', eventId: 'evt_Xq4M0b2vT9sJc1nE7kLwAg', sequence: '1' } });
