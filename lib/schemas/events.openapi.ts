import { z } from 'zod';
import {
  checkoutCallbackSchema,
  checkoutEventSchema,
  eventEndpointListSchema,
  eventEndpointRequestSchema,
  eventEndpointSchema,
  paymentEventSchema,
  refundEventSchema,
  testEventSchema,
} from './events';
import { errorBodySchema } from './error';
import type { OpenApiParts } from './openapi-parts';

/** Event endpoints, and the callback and events Kasa sends (webhooks). */
export function registerEventsPaths({ registry, security, json, errors, idempotencyHeader }: OpenApiParts): void {
  registry.registerPath({
    method: 'post',
    path: '/api/event-endpoints',
    summary: 'Register an event endpoint (at most 5; `events` default all types)',
    security,
    request: { headers: idempotencyHeader, body: { content: { 'application/json': { schema: eventEndpointRequestSchema } } } },
    responses: {
      200: json(eventEndpointSchema, 'The endpoint'),
      ...errors(400, 401, 413, 415, 429),
      409: json(errorBodySchema, 'EVENT_ENDPOINT_LIMIT_REACHED: the merchant already has 5 endpoints'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/event-endpoints',
    summary: 'Your event endpoints, oldest first',
    security,
    responses: { 200: json(eventEndpointListSchema, 'The endpoints'), ...errors(401, 429) },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/event-endpoints/{endpointId}',
    summary: 'Delete an event endpoint: nothing more is sent to it',
    security,
    request: { params: z.object({ endpointId: z.string().meta({ example: 'we_3kTq9w2bV1cX8nH5mZ0rLg' }) }) },
    responses: { 204: { description: 'Deleted' }, ...errors(401, 404, 429) },
  });

  const signatureHeaders = z.object({
    'X-Kasa-Signature': z.string().meta({
      description: 't=<unix seconds>,v1=<hex HMAC-SHA256(callback secret, t + "." + raw body)>; one v1 per secret during a rotation',
    }),
    'X-Kasa-Event-Id': z.string().meta({ description: 'The eventId (callback) or id (event)' }),
  });
  const delivered = { 200: { description: 'Any 2xx: delivered. Anything else, a timeout (10 s) or a redirect: retried ≈ 1 m, 5 m, 15 m, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h' } };
  registry.registerWebhook({
    method: 'post',
    path: 'checkoutCallback',
    summary: 'The checkout callback, to the checkout’s `callback` URL: after every processed attempt, and when the checkout closes, expires or its payment is cancelled',
    request: { headers: signatureHeaders, body: { content: { 'application/x-www-form-urlencoded': { schema: checkoutCallbackSchema } } } },
    responses: delivered,
  });
  for (const [name, schema, summary] of [
    ['paymentEvent', paymentEventSchema, 'payment.succeeded, payment.failed, payment.captured, payment.cancelled, payment.expired'],
    ['refundEvent', refundEventSchema, 'refund.succeeded, refund.failed'],
    ['checkoutEvent', checkoutEventSchema, 'checkout.closed, checkout.expired'],
    ['testEvent', testEventSchema, 'test (Settings’ “Send test event”, to one endpoint)'],
  ] as const) {
    registry.registerWebhook({
      method: 'post',
      path: name,
      summary: `Event to your event endpoints: ${summary}`,
      request: { headers: signatureHeaders, body: { content: { 'application/json': { schema } } } },
      responses: delivered,
    });
  }
}
