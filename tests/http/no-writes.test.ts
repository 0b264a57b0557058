// Rejected requests write nothing and never answer 5xx. Uses merchant C only, so that on PostgreSQL its
// rows can be counted before and after without other tests writing meanwhile.
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { api, uniqueClientIp, type ApiResponse } from '../support/api';
import { expectApprovedPayment } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { preAuthorize, sell } from '../support/flows';
import { fieldRules } from '../support/invalid-requests';
import { merchantRowCounts } from '../support/database';
import { paymentRequest, type PaymentRequest } from '../support/requests';

/** Rows per public table with a merchant_id column, for one merchant (PostgreSQL backend only). */

interface Rejection {
  description: string;
  send: () => Promise<ApiResponse>;
  status: number;
  /** A payment request whose orderId must still be free afterwards. */
  request?: PaymentRequest;
}

forEachBackend((backend) => {
  test('rejected requests write no row, never answer 5xx, and leave their orderIds free', async () => {
    const merchant = backend.merchants.c;
    const client = api(backend, merchant);

    // Objects to aim conflicting captures at, created before counting.
    const authorized = await preAuthorize(backend, { amount: 100 }, cards.world, merchant);
    const captured = await preAuthorize(backend, { amount: 100 }, cards.world, merchant);
    expect((await client.post(`/api/pre-authorization/${captured.paymentId}/capture`, { amount: 100, currency: 'TRY' })).status).toBe(200);
    const failed = await preAuthorize(backend, { amount: 100 }, cards.doNotHonor, merchant);
    const sale = await sell(backend, { amount: 100 }, cards.world, merchant);
    const foreign = await preAuthorize(backend, { amount: 100 }, cards.world, backend.merchants.a);
    // One request through the idempotency store, to prove the counts below see this merchant's rows.
    const stored = paymentRequest();
    expect((await client.post('/api/payment', stored, { idempotencyKey: `seen-${randomUUID()}` })).status).toBe(200);

    const before = await merchantRowCounts(backend, merchant.merchantId);
    if (before) {
      expect(Object.keys(before), 'tables with a merchant_id column').toEqual(expect.arrayContaining(['payments', 'idempotency_keys']));
      expect(before.payments, 'payments rows of merchant C (the count must see them)').toBeGreaterThanOrEqual(5);
      expect(before.idempotency_keys, 'idempotency_keys rows of merchant C').toBeGreaterThanOrEqual(1);
    }

    const key = () => `rejected-${randomUUID()}`;
    const rejections: Rejection[] = [];
    for (const [description, build] of fieldRules) {
      const request = build();
      rejections.push({ description, request, status: 400, send: () => client.post('/api/payment', request, { idempotencyKey: key() }) });
      const preAuth = build();
      rejections.push({ description: `pre-authorization: ${description}`, request: preAuth, status: 400, send: () => client.post('/api/pre-authorization', preAuth) });
    }
    const valid = (overrides = {}) => paymentRequest(overrides);
    const framing: [string, number, PaymentRequest, (request: PaymentRequest) => Promise<ApiResponse>][] = [
      ['malformed JSON', 400, valid(), (r) => client.post('/api/payment', undefined, { rawBody: JSON.stringify(r).slice(0, -3), idempotencyKey: key() })],
      ['text/plain', 415, valid(), (r) => client.post('/api/payment', r, { headers: { 'content-type': 'text/plain' }, idempotencyKey: key() })],
      ['body over 64 KiB', 413, valid(), (r) => client.post('/api/payment', undefined, { rawBody: JSON.stringify(r) + ' '.repeat(65 * 1024), idempotencyKey: key() })],
      ['wrong secret', 401, valid(), (r) => api(backend, { ...merchant, apiSecret: 'wrong' }).post('/api/payment', r, { clientIp: uniqueClientIp(), idempotencyKey: key() })],
      ['no credentials', 401, valid(), (r) => api(backend, null).post('/api/pre-authorization', r, { clientIp: uniqueClientIp(), idempotencyKey: key() })],
      ['Idempotency-Key over 255 characters', 400, valid(), (r) => client.post('/api/payment', r, { idempotencyKey: 'k'.repeat(256) })],
    ];
    for (const [description, status, request, send] of framing) rejections.push({ description, status, request, send: () => send(request) });
    const capture = (paymentId: string, body: unknown) => client.post(`/api/pre-authorization/${paymentId}/capture`, body);
    rejections.push(
      { description: 'capture above the authorized amount', status: 409, send: () => capture(authorized.paymentId, { amount: 100.01, currency: 'TRY' }) },
      { description: 'capture in another currency', status: 409, send: () => capture(authorized.paymentId, { amount: 10, currency: 'EUR' }) },
      { description: 'capture with amount 0', status: 400, send: () => capture(authorized.paymentId, { amount: 0, currency: 'TRY' }) },
      { description: 'second capture', status: 409, send: () => capture(captured.paymentId, { amount: 10, currency: 'TRY' }) },
      { description: 'capture of a failed pre-authorization', status: 409, send: () => capture(failed.paymentId, { amount: 10, currency: 'TRY' }) },
      { description: 'capture of a sale', status: 409, send: () => capture(sale.paymentId, { amount: 10, currency: 'TRY' }) },
      { description: 'capture of an unknown paymentId', status: 404, send: () => capture(randomUUID(), { amount: 10, currency: 'TRY' }) },
      { description: "capture of another merchant's pre-authorization", status: 404, send: () => capture(foreign.paymentId, { amount: 10, currency: 'TRY' }) },
      { description: "GET of another merchant's payment", status: 404, send: () => client.get(`/api/payment/${foreign.paymentId}`) },
      { description: 'duplicate orderId', status: 409, send: () => client.post('/api/payment', { ...stored }) },
    );

    const unexpected: string[] = [];
    for (const rejection of rejections) {
      const response = await rejection.send();
      if (response.status !== rejection.status) {
        unexpected.push(`${rejection.description}: expected ${rejection.status}, got ${response.status} ${response.text.slice(0, 200)}`);
      }
    }
    expect(unexpected, 'rejections answered with another status').toEqual([]);

    if (before) expect(await merchantRowCounts(backend, merchant.merchantId), 'rows of merchant C after the rejected requests').toEqual(before);

    // Behaviourally too: the rejected requests' orderIds (where valid) are still free, the
    // pre-authorization is still capturable and the captured one unchanged.
    const orderIdIsValid = (orderId: unknown) => typeof orderId === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(orderId);
    for (const { request } of rejections) {
      if (!request || !orderIdIsValid(request.orderId)) continue;
      const retry = paymentRequest({ orderId: request.orderId });
      expectApprovedPayment(await client.post('/api/payment', retry), { request: retry, card: cards.world, transactionType: 'SALE' });
    }
    const captureResponse = await capture(authorized.paymentId, { amount: 100, currency: 'TRY' });
    expect(captureResponse.status, captureResponse.text).toBe(200);
    expect((await client.get(`/api/payment/${captured.paymentId}`)).body.capturedAmount).toBe(100);
  }, 120_000);
});
