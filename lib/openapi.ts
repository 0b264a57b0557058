import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { config } from './config';
import { errorBodySchema } from './schemas/error';
import { installmentOptionsRequestSchema, installmentOptionsResponseSchema } from './schemas/installments';
import { checkoutCreatedResponseSchema, checkoutRequestSchema } from './schemas/checkout';
import { apiPaymentResponseSchema, captureRequestSchema, paymentRequestSchema } from './schemas/payment';
import { threeDsCompleteRequestSchema, threeDsEnrollmentResponseSchema, threeDsRequestSchema } from './schemas/three-ds';

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
  400: 'VALIDATION_ERROR, MALFORMED_JSON or INVALID_SECURITY_KEY: `errors[].field` names the field',
  401: 'UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET',
  404: 'NOT_FOUND: no such payment or checkout for this merchant',
  409: 'DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, CURRENCY_MISMATCH, IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS',
  413: 'PAYLOAD_TOO_LARGE: body over 64 KiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: send application/json',
  429: 'RATE_LIMITED: see Retry-After',
  503: 'SERVICE_UNAVAILABLE: the database is not answering',
};
