import { expect } from 'vitest';
import type { ApiResponse } from './api';
import { maskPan, type TestCard } from './cards';
import { expectedCommission, type CheckoutRequest, type PaymentRequest } from './requests';

/** The 19 fields of ApiPaymentResponse (§4). */
export const CONTRACT_FIELDS = [
  'paymentId', 'orderId', 'amount', 'installmentCount', 'currency', 'merchantCommission', 'status',
  'paymentDate', 'cardHolderName', 'pan', 'domInt', 'cardScheme', 'cardType', 'loyaltyCode',
  'externalTransactionId', 'authCode', 'resultCode', 'resultMessage', 'customerId',
] as const;

/** Kasa's additions to ApiPaymentResponse (§4). */
export const KASA_FIELDS = [
  'transactionType', 'authorizedAmount', 'capturedAmount', 'interestAmount', 'totalAmount', 'refundedAmount', 'refundStatus', 'cancelledAt',
] as const;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/;

/** Response text must never carry a full card number or a CVV field. */
export function expectNoCardData(response: ApiResponse, request?: { pan?: unknown; cvv?: unknown }) {
  if (typeof request?.pan === 'string' && request.pan.length >= 12) {
    expect(response.text, 'response echoes the full card number').not.toContain(request.pan);
  }
  expect(response.text, 'response has a CVV field').not.toMatch(/"(cvv|cvc|securityCode)"\s*:/i);
}

/** Every field of §4 and Kasa's additions is present (null allowed), with the right basic types. */
export function expectPaymentShape(body: any) {
  expect(body, 'payment response body').toBeTypeOf('object');
  const missing = [...CONTRACT_FIELDS, ...KASA_FIELDS].filter((field) => !(field in body));
  expect(missing, 'fields missing from the payment response').toEqual([]);
  expect(body.paymentId).toMatch(UUID);
  expect(body.paymentDate).toMatch(ISO_UTC);
  expect(Math.abs(Date.parse(body.paymentDate) - Date.now()), 'paymentDate is now-ish').toBeLessThan(10 * 60_000);
  expect(['SUCCESS', 'FAILED', 'ENROLLED', 'PENDING', 'EXPIRED', 'CANCELLED']).toContain(body.status);
  expect(['SALE', 'PRE_AUTHORIZATION']).toContain(body.transactionType);
  expect(body.resultCode).toBeTypeOf('string');
  expect(body.resultMessage).toBeTypeOf('string');
}

interface PaymentExpectation {
  request: PaymentRequest;
  card: TestCard;
  transactionType: 'SALE' | 'PRE_AUTHORIZATION';
}

function expectCardFields(body: any, request: PaymentRequest, card: TestCard) {
  expect(body).toMatchObject({
    orderId: request.orderId,
    amount: request.amount,
    currency: request.currency,
    installmentCount: 1,
    cardHolderName: request.cardHolderName,
    pan: maskPan(card.pan),
    cardScheme: card.scheme,
    cardType: card.type,
    domInt: card.domInt,
    loyaltyCode: card.loyaltyCode,
    customerId: request.customerId ?? null,
  });
}

/** A §8-approved direct sale or pre-authorization. */
export function expectApprovedPayment(response: ApiResponse, { request, card, transactionType }: PaymentExpectation) {
  expect(response.status, response.text).toBe(200);
  const body = response.body;
  expectPaymentShape(body);
  expectNoCardData(response, request);
  expectCardFields(body, request, card);
  expect(body).toMatchObject({
    status: 'SUCCESS',
    resultCode: 'SUCCESS',
    transactionType,
    interestAmount: 0,
    totalAmount: request.amount,
    merchantCommission: expectedCommission(request.amount, card),
  });
  expect(body.authCode).toBeTypeOf('string');
  expect(body.authCode).toHaveLength(6);
  expect(body.externalTransactionId).toBeTypeOf('string');
  expect(body.externalTransactionId.length).toBeGreaterThan(0);
  if (transactionType === 'PRE_AUTHORIZATION') {
    expect(body.authorizedAmount).toBe(request.amount);
    expect([null, 0], 'capturedAmount before any capture').toContain(body.capturedAmount);
  } else {
    expect([request.amount, null], 'authorizedAmount of a sale').toContain(body.authorizedAmount);
    expect([request.amount, null], 'capturedAmount of a sale').toContain(body.capturedAmount);
  }
  return body;
}

/** A declined payment: 200, FAILED, the decline's resultCode, no authCode. */
export function expectDeclinedPayment(response: ApiResponse, { request, card, transactionType }: PaymentExpectation) {
  expect(response.status, response.text).toBe(200);
  const body = response.body;
  expectPaymentShape(body);
  expectNoCardData(response, request);
  expectCardFields(body, request, card);
  expect(body).toMatchObject({ status: 'FAILED', resultCode: card.outcome, authCode: null, transactionType });
  expect(body.resultMessage.length).toBeGreaterThan(0);
  return body;
}

/** The §3 error body with `status` and `resultCode`. */
export function expectError(response: ApiResponse, status: number, resultCode: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.body, `error body of HTTP ${status}: ${response.text.slice(0, 300)}`).toBeTypeOf('object');
  expect(response.body.resultCode, response.text).toBe(resultCode);
  expect(response.body.resultMessage).toBeTypeOf('string');
  expect(Array.isArray(response.body.errors), 'errors is an array').toBe(true);
  for (const error of response.body.errors) {
    expect(error).toHaveProperty('field');
    expect(error.code).toBeTypeOf('string');
    expect(error.message).toBeTypeOf('string');
  }
  expect(response.text, 'error body leaks a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+|node_modules/);
  expectNoCardData(response);
  return response.body;
}

/** 400 VALIDATION_ERROR naming one of `fields` in errors[].field. */
export function expectValidationError(response: ApiResponse, ...fields: string[]) {
  const body = expectError(response, 400, 'VALIDATION_ERROR');
  const named = body.errors.map((error: { field: string }) => error.field);
  expect(
    named.some((field: string) => fields.includes(field)),
    `errors[].field ${JSON.stringify(named)} names none of ${JSON.stringify(fields)}`,
  ).toBe(true);
  return body;
}

/** Fields that describe a payment attempt: `null` on a checkout nobody has tried to pay yet. */
export const PAYMENT_ATTEMPT_FIELDS = [
  'paymentId', 'merchantCommission', 'paymentDate', 'cardHolderName', 'pan', 'domInt', 'cardScheme', 'cardType',
  'loyaltyCode', 'externalTransactionId', 'authCode', 'authorizedAmount', 'capturedAmount',
] as const;

/**
 * GET /api/checkout/{id} of a checkout without any payment attempt (§4, §5): 200, every field present,
 * `status` PENDING (or EXPIRED), the checkout's own orderId, amount, currency and customerId, and
 * every payment-attempt field null.
 */
export function expectUnpaidCheckout(response: ApiResponse, request: CheckoutRequest, status: 'PENDING' | 'EXPIRED' = 'PENDING') {
  expect(response.status, response.text).toBe(200);
  const body = response.body;
  expect(body, 'checkout status body').toBeTypeOf('object');
  const missing = [...CONTRACT_FIELDS, ...KASA_FIELDS].filter((field) => !(field in body));
  expect(missing, 'fields missing from the checkout status response').toEqual([]);
  expect(body).toMatchObject({
    status,
    orderId: request.orderId,
    amount: request.amount,
    currency: request.currency,
    customerId: request.customerId ?? null,
  });
  const notNull = PAYMENT_ATTEMPT_FIELDS.filter((field) => body[field] !== null);
  expect(notNull, `payment-attempt fields of an unpaid checkout that are not null: ${JSON.stringify(body)}`).toEqual([]);
  expect(body.resultCode === null || typeof body.resultCode === 'string', 'resultCode is null or a string').toBe(true);
  expect(body.resultMessage === null || typeof body.resultMessage === 'string', 'resultMessage is null or a string').toBe(true);
  expect(body.installmentCount === null || Number.isInteger(body.installmentCount), 'installmentCount is null or an integer').toBe(true);
  return body;
}
