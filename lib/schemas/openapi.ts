import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { config } from '../config';
import { errorBodySchema } from './error';
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
import { installmentOptionsRequestSchema, installmentOptionsResponseSchema } from './installments';
import { checkoutCreatedResponseSchema, checkoutRequestSchema } from './checkout';
import { apiPaymentResponseSchema, captureRequestSchema, paymentRequestSchema } from './payment';
import { cancelRequestSchema, refundListSchema, refundRequestSchema, refundSchema } from './refund';
import { paymentListQuerySchema, paymentListResponseSchema, refundListQuerySchema, refundPageSchema } from './reporting';
import { threeDsCompleteRequestSchema, threeDsEnrollmentResponseSchema, threeDsRequestSchema } from './three-ds';

/** The OpenAPI 3.1 document, generated from the same zod schemas the route handlers validate with. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'ApiKey', { type: 'apiKey', in: 'header', name: 'X-API-KEY' });
  registry.registerComponent('securitySchemes', 'ApiSecret', { type: 'apiKey', in: 'header', name: 'X-API-SECRET' });
  const security = [{ ApiKey: [], ApiSecret: [] }];

  const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
  const errors = (...statuses: number[]) =>
    Object.fromEntries(statuses.map((status) => [status, json(errorBodySchema, errorDescriptions[status] ?? 'Error')]));
  const idempotencyHeader = z.object({
    'Idempotency-Key': z.string().max(255).optional().meta({
      description: 'Replays within 24 h return the stored response; another body with the same key answers 409',
    }),
  });
  const paymentIdParams = z.object({ paymentId: z.uuid().meta({ example: '123e4567-e89b-12d3-a456-426614174000' }) });
  const paymentExample = {
    orderId: 'ORD-12345',
    amount: 100.5,
    currency: 'TRY',
    cardHolderName: 'John Doe',
    pan: '5421190122090656',
    expiryMonth: '04',
    expiryYear: '28',
    cvv: '916',
    requestIp: '192.168.1.1',
    requestPort: 8080,
    customerId: 'CUST-12345',
  };

  for (const [path, summary] of [
    ['/api/payment', 'Direct sale (no 3-D Secure)'],
    ['/api/pre-authorization', 'Pre-authorization: reserve the amount, capture later'],
  ] as const) {
    registry.registerPath({
      method: 'post',
      path,
      summary,
      security,
      request: {
        headers: idempotencyHeader,
        body: { content: { 'application/json': { schema: paymentRequestSchema, example: paymentExample } } },
      },
      responses: {
        200: json(apiPaymentResponseSchema, 'The payment: SUCCESS, or FAILED with the decline code (a decline is not an error)'),
        ...errors(400, 401, 409, 413, 415, 429),
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/pre-authorization/{paymentId}/capture',
    summary: 'Capture all or part of a pre-authorization, once; the rest is released',
    security,
    request: { params: paymentIdParams, headers: idempotencyHeader, body: { content: { 'application/json': { schema: captureRequestSchema } } } },
    responses: { 200: json(apiPaymentResponseSchema, 'The captured payment'), ...errors(400, 401, 404, 409, 413, 415, 429) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/payment/{paymentId}',
    summary: 'One of your payments',
    security,
    request: { params: paymentIdParams },
    responses: { 200: json(apiPaymentResponseSchema, 'The payment'), ...errors(401, 404, 429) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/payment/{paymentId}/cancel',
    summary: 'Void a payment so no money moves: an uncaptured pre-authorization, or a charge before its day’s settlement cut-off',
    security,
    request: { params: paymentIdParams, headers: idempotencyHeader, body: { content: { 'application/json': { schema: cancelRequestSchema } } } },
    responses: {
      200: json(apiPaymentResponseSchema, 'The payment, status CANCELLED (a repeat answers the same)'),
      ...errors(400, 401, 404, 409, 413, 415, 422, 429),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/payment/{paymentId}/refund',
    summary: 'Refund part or all of what is still refundable (a decline by the bank is status FAILED, not an error)',
    security,
    request: { params: paymentIdParams, headers: idempotencyHeader, body: { content: { 'application/json': { schema: refundRequestSchema } } } },
    responses: { 200: json(refundSchema, 'The refund: SUCCESS, or FAILED with the bank’s decline code'), ...errors(400, 401, 404, 409, 413, 415, 429) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/payment/{paymentId}/refunds',
    summary: 'The payment’s refunds, oldest first, each with the payment’s totals after it',
    security,
    request: { params: paymentIdParams },
    responses: { 200: json(refundListSchema, 'The refunds'), ...errors(401, 404, 429) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/payments',
    summary: 'Your payments, newest first: filters and cursor paging; every match as CSV with Accept: text/csv',
    security,
    request: { query: paymentListQuerySchema },
    responses: {
      200: {
        description: 'A page of payments; with Accept: text/csv, every matching payment as RFC 4180 CSV (streamed)',
        content: {
          'application/json': { schema: paymentListResponseSchema },
          'text/csv': { schema: z.string().meta({ description: 'A header row with every ApiPaymentResponse field, then one row per payment' }) },
        },
      },
      ...errors(400, 401, 429),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/refunds',
    summary: 'Your refunds, newest first: filters and cursor paging; every match as CSV with Accept: text/csv',
    security,
    request: { query: refundListQuerySchema },
    responses: {
      200: {
        description: 'A page of refunds (each with its payment’s totals as they stand now); with Accept: text/csv, every matching refund as CSV',
        content: {
          'application/json': { schema: refundPageSchema },
          'text/csv': { schema: z.string().meta({ description: 'A header row with every Refund field, then one row per refund' }) },
        },
      },
      ...errors(400, 401, 429),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/installment-options',
    summary: 'Installment plans the card allows for the amount',
    security,
    request: {
      body: {
        content: {
          'application/json': {
            schema: installmentOptionsRequestSchema,
            example: { amount: 1000, currency: 'TRY', pan: '54211901', maxInstallmentCount: 3, interestPaidByCustomer: true },
          },
        },
      },
    },
    responses: {
      200: json(installmentOptionsResponseSchema, 'Options for counts 2…max; empty when the card allows no installments'),
      ...errors(400, 401, 413, 415, 429),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/3ds',
    summary: 'Start a 3-D Secure payment: enrollment and the issuer page to show the shopper',
    security,
    request: {
      headers: idempotencyHeader,
      body: {
        content: {
          'application/json': {
            schema: threeDsRequestSchema,
            example: {
              ...paymentExample,
              installmentCount: 3,
              interestPaidByCustomer: true,
              successUrl: 'https://shop.example/3ds/success',
              failureUrl: 'https://shop.example/3ds/failure',
            },
          },
        },
      },
    },
    responses: {
      200: json(threeDsEnrollmentResponseSchema, 'ENROLLED (success: true, htmlContent) or NOT_ENROLLED (success: false)'),
      ...errors(400, 401, 409, 413, 415, 429),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/3ds/{paymentId}/complete',
    summary: 'Authorize a 3-D Secure payment with the securityKey the issuer page posted back',
    security,
    request: { params: paymentIdParams, headers: idempotencyHeader, body: { content: { 'application/json': { schema: threeDsCompleteRequestSchema } } } },
    responses: {
      200: json(apiPaymentResponseSchema, 'SUCCESS, or FAILED (a decline, or THREE_DS_AUTH_FAILED); repeating returns the same result'),
      ...errors(400, 401, 404, 409, 413, 415, 429),
    },
  });
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
  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Readiness: the database answers',
    responses: {
      200: json(z.object({ status: z.literal('ok'), database: z.literal('ok'), store: z.enum(['pglite', 'postgres']) }), 'Ready'),
      ...errors(503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health/live',
    summary: 'Liveness: the process serves requests',
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'Alive') },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Kasa merchant API',
      version: '1.0.0',
      description:
        'Card payments, pre-authorizations, installments and hosted checkout. Authenticate every call with X-API-KEY and X-API-SECRET.',
    },
    servers: [{ url: config.publicBaseUrl }],
  });
}

const errorDescriptions: Record<number, string> = {
  400: 'VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field',
  401: 'UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET',
  404: 'NOT_FOUND: no such payment, checkout or event endpoint for this merchant',
  409:
    'DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS',
  413: 'PAYLOAD_TOO_LARGE: body over 64 KiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: send application/json',
  422: 'CANCEL_DECLINED: the bank declined the cancel; the payment stands (refund it instead)',
  429: 'RATE_LIMITED: see Retry-After',
  503: 'SERVICE_UNAVAILABLE: the database is not answering',
};
