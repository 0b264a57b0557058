import { z } from 'zod';
import { checkoutCreatedResponseSchema, checkoutRequestSchema } from './checkout';
import { apiPaymentResponseSchema } from './payment';
import type { OpenApiParts } from './openapi-parts';

/** Hosted checkout links. */
export function registerCheckoutPaths({ registry, security, json, errors, idempotencyHeader }: OpenApiParts): void {
  registry.registerPath({
    method: 'post',
    path: '/api/checkout',
    summary: 'Create a hosted checkout link',
    security,
    request: {
      headers: idempotencyHeader,
      body: {
        content: {
          'application/json': {
            schema: checkoutRequestSchema,
            example: {
              orderId: 'ORD-12345',
              amount: 1000,
              currency: 'TRY',
              description: 'Order #12345',
              callback: 'https://shop.example/kasa/callback',
              maxInstallmentCount: 6,
              interestPaidByCustomer: true,
              returnUrl: 'https://shop.example/orders/12345',
            },
          },
        },
      },
    },
    responses: { 200: json(checkoutCreatedResponseSchema, 'The checkout and where to send the shopper'), ...errors(400, 401, 409, 413, 415, 429) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/checkout/{checkoutId}',
    summary: 'The checkout’s latest payment attempt (PENDING before any, EXPIRED when expired unpaid)',
    security,
    request: { params: z.object({ checkoutId: z.uuid() }) },
    responses: { 200: json(apiPaymentResponseSchema, 'The latest attempt'), ...errors(401, 404, 429) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/checkout/{checkoutId}/expire',
    summary: 'End an unpaid link now: it takes no more attempts (one on the 3-D Secure page fails) and its checkout.expired callback goes out',
    description:
      'No body. Answers what GET /api/checkout/{checkoutId} answers from then on (status EXPIRED); repeating answers the same. ' +
      'A paid or closed link → 409 INVALID_STATE; an attempt being completed at that moment → 409 REQUEST_IN_PROGRESS (retry shortly).',
    security,
    request: { params: z.object({ checkoutId: z.uuid() }), headers: idempotencyHeader },
    responses: { 200: json(apiPaymentResponseSchema, 'The checkout, now EXPIRED'), ...errors(401, 404, 409, 429) },
  });
}
