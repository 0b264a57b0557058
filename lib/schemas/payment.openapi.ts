import { apiPaymentResponseSchema, captureRequestSchema, paymentRequestSchema } from './payment';
import { cancelRequestSchema, refundListSchema, refundRequestSchema, refundSchema } from './refund';
import { installmentOptionsRequestSchema, installmentOptionsResponseSchema } from './installments';
import { threeDsCompleteRequestSchema, threeDsEnrollmentResponseSchema, threeDsRequestSchema } from './three-ds';
import type { OpenApiParts } from './openapi-parts';

/** Payments: sale, pre-authorization and capture, lookup, cancel and refunds, installment options and 3-D Secure. */
export function registerPaymentPaths({ registry, security, json, errors, idempotencyHeader, paymentIdParams }: OpenApiParts): void {
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
        200: json(apiPaymentResponseSchema, 'The payment: SUCCESS, or FAILED with the decline code (a decline is not an error); PENDING with BANK_OUTCOME_UNKNOWN when a bank’s answer was lost (settled later, see the payment events)'),
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
    responses: { 200: json(apiPaymentResponseSchema, 'The captured payment'), ...errors(400, 401, 404, 409, 413, 415, 429, 502) },
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
      ...errors(400, 401, 404, 409, 413, 415, 422, 429, 502),
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
}
