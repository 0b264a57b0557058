// POST /api/checkout field rules (§2, §5, §7), request framing, and rejected requests writing nothing.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api, type ApiResponse } from '../support/api';
import { expectError, expectValidationError, UUID } from '../support/assertions';
import { forEachBackend } from '../support/context';
import { createMerchantInDatabase, sql } from '../support/database';
import { checkoutRequest, without, type CheckoutRequest } from '../support/requests';

type CheckoutFieldRule = [description: string, request: () => CheckoutRequest, fields: string[]];
const invalid = (description: string, overrides: Record<string, unknown>, field: string): CheckoutFieldRule => [
  description,
  () => checkoutRequest(overrides),
  [field],
];
const missing = (field: string): CheckoutFieldRule => [`missing ${field}`, () => without(checkoutRequest(), field), [field]];

/** Every rule of the §5 checkout request, each broken alone. */
const fieldRules: CheckoutFieldRule[] = [
  missing('orderId'),
  invalid('empty orderId', { orderId: '' }, 'orderId'),
  invalid('orderId with a space', { orderId: 'ORD 1' }, 'orderId'),
  invalid('orderId with a slash', { orderId: 'ORD/1' }, 'orderId'),
  invalid('orderId with non-ASCII letters', { orderId: 'SİPARİŞ-1' }, 'orderId'),
  invalid('orderId of 65 characters', { orderId: 'O'.repeat(65) }, 'orderId'),
  invalid('orderId as a number', { orderId: 12345 }, 'orderId'),
  missing('amount'),
  invalid('amount 0', { amount: 0 }, 'amount'),
  invalid('amount -1', { amount: -1 }, 'amount'),
  invalid('amount -0.01', { amount: -0.01 }, 'amount'),
  invalid('amount with 3 decimals in TRY (100.505)', { amount: 100.505 }, 'amount'),
  invalid('amount with 3 decimals in USD (1.001)', { amount: 1.001, currency: 'USD' }, 'amount'),
  invalid('amount as a string "100"', { amount: '100' }, 'amount'),
  invalid('amount null', { amount: null }, 'amount'),
  invalid('amount above any merchant maximum (1e20)', { amount: 1e20 }, 'amount'),
  missing('currency'),
  invalid('lowercase currency (try)', { currency: 'try' }, 'currency'),
  invalid('currency that is no ISO 4217 code (XYZ)', { currency: 'XYZ' }, 'currency'),
  invalid('currency not enabled for the merchant (GBP)', { currency: 'GBP' }, 'currency'),
  invalid('empty currency', { currency: '' }, 'currency'),
  missing('callback'),
  invalid('relative callback', { callback: '/kasa/callback' }, 'callback'),
  invalid('ftp: callback', { callback: 'ftp://shop.example/kasa/callback' }, 'callback'),
  invalid('callback that is not a URL', { callback: 'not a url' }, 'callback'),
  invalid('javascript: callback', { callback: 'javascript:alert(1)' }, 'callback'),
  invalid('empty callback', { callback: '' }, 'callback'),
  invalid('callback null', { callback: null }, 'callback'),
  invalid('relative returnUrl', { returnUrl: '/orders/1' }, 'returnUrl'),
  invalid('ftp: returnUrl', { returnUrl: 'ftp://shop.example/orders/1' }, 'returnUrl'),
  invalid('returnUrl that is not a URL', { returnUrl: 'thanks' }, 'returnUrl'),
  invalid('maxInstallmentCount 0', { maxInstallmentCount: 0 }, 'maxInstallmentCount'),
  invalid('maxInstallmentCount 13', { maxInstallmentCount: 13 }, 'maxInstallmentCount'),
  invalid('maxInstallmentCount 2.5', { maxInstallmentCount: 2.5 }, 'maxInstallmentCount'),
  invalid('maxInstallmentCount as a string "3"', { maxInstallmentCount: '3' }, 'maxInstallmentCount'),
  invalid('interestPaidByCustomer as a string "true"', { interestPaidByCustomer: 'true' }, 'interestPaidByCustomer'),
  invalid('interestPaidByCustomer 1', { interestPaidByCustomer: 1 }, 'interestPaidByCustomer'),
  invalid('expiresInMinutes 4', { expiresInMinutes: 4 }, 'expiresInMinutes'),
  invalid('expiresInMinutes 10081', { expiresInMinutes: 10_081 }, 'expiresInMinutes'),
  invalid('expiresInMinutes 30.5', { expiresInMinutes: 30.5 }, 'expiresInMinutes'),
  invalid('expiresInMinutes 0', { expiresInMinutes: 0 }, 'expiresInMinutes'),
  invalid('expiresInMinutes as a string "30"', { expiresInMinutes: '30' }, 'expiresInMinutes'),
  invalid('description of 501 characters', { description: 'D'.repeat(501) }, 'description'),
  invalid('description as a number', { description: 42 }, 'description'),
  invalid('customerId of 65 characters', { customerId: 'C'.repeat(65) }, 'customerId'),
  invalid('customerId as a number', { customerId: 42 }, 'customerId'),
];

const orderIdIsValid = (orderId: unknown): orderId is string => typeof orderId === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(orderId);

forEachBackend((backend) => {
  const client = api(backend);

  describe.concurrent('POST /api/checkout field rules', () => {
    test.each(fieldRules)('%s answers 400 VALIDATION_ERROR naming the field', async (_, build, fields) => {
      expectValidationError(await client.post('/api/checkout', build()), ...fields);
    });

    test('a non-finite amount (1e999 in the JSON text) answers 400 naming amount', async () => {
      const text = JSON.stringify(checkoutRequest({ amount: 123.45 })).replace('"amount":123.45', '"amount":1e999');
      expect(text).toContain('1e999');
      expectValidationError(await client.post('/api/checkout', undefined, { rawBody: text }), 'amount');
    });

    test('several broken fields are all named', async () => {
      const response = await client.post('/api/checkout', checkoutRequest({ amount: 0, callback: 'nope', maxInstallmentCount: 13 }));
      const body = expectValidationError(response, 'amount');
      const named = body.errors.map((error: { field: string }) => error.field);
      expect(named).toEqual(expect.arrayContaining(['amount', 'callback', 'maxInstallmentCount']));
    });
  });

  describe.concurrent('POST /api/checkout request framing', () => {
    test('malformed JSON answers 400 MALFORMED_JSON', async () => {
      const text = JSON.stringify(checkoutRequest()).slice(0, -5);
      expectError(await client.post('/api/checkout', undefined, { rawBody: text }), 400, 'MALFORMED_JSON');
    });

    test.each([
      ['an empty body', ''],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"checkout"'],
    ])('%s answers 400', async (_, text) => {
      const response = await client.post('/api/checkout', undefined, { rawBody: text });
      expect(response.status, response.text).toBe(400);
      expect(['MALFORMED_JSON', 'VALIDATION_ERROR']).toContain(response.body?.resultCode);
    });

    test('Content-Type text/plain answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const response = await client.post('/api/checkout', checkoutRequest(), { headers: { 'content-type': 'text/plain' } });
      expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('Content-Type application/x-www-form-urlencoded answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const form = new URLSearchParams({ orderId: `ORD-${randomUUID()}`, amount: '10', currency: 'TRY', callback: 'https://shop.example/cb' }).toString();
      const response = await client.post('/api/checkout', undefined, {
        rawBody: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('a body without Content-Type answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const bytes = new TextEncoder().encode(JSON.stringify(checkoutRequest()));
      expectError(await client.post('/api/checkout', undefined, { rawBody: bytes, headers: { 'content-type': null } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    test('a body of exactly 64 KiB is accepted', async () => {
      const json = JSON.stringify(checkoutRequest());
      const text = json + ' '.repeat(64 * 1024 - Buffer.byteLength(json));
      const response = await client.post('/api/checkout', undefined, { rawBody: text });
      expect(response.status, response.text).toBe(200);
      expect(response.body.checkoutId).toMatch(UUID);
    });

    test('a body of 64 KiB + 1 byte answers 413 PAYLOAD_TOO_LARGE', async () => {
      const json = JSON.stringify(checkoutRequest());
      const text = json + ' '.repeat(64 * 1024 + 1 - Buffer.byteLength(json));
      expectError(await client.post('/api/checkout', undefined, { rawBody: text }), 413, 'PAYLOAD_TOO_LARGE');
    });

    test('a description making the body larger than 64 KiB answers 413 PAYLOAD_TOO_LARGE', async () => {
      expectError(await client.post('/api/checkout', checkoutRequest({ description: 'D'.repeat(70 * 1024) })), 413, 'PAYLOAD_TOO_LARGE');
    });

    test('an Idempotency-Key over 255 characters answers 400', async () => {
      const response = await client.post('/api/checkout', checkoutRequest(), { idempotencyKey: 'k'.repeat(256) });
      expect(response.status, response.text).toBe(400);
    });
  });

  test('rejected requests write nothing and leave their orderIds free', async () => {
    // On PostgreSQL a merchant of this test's own, so that its rows can be counted while other tests run.
    const merchant = backend.databaseUrl ? await createMerchantInDatabase(backend, `Checkout rejections ${randomUUID()}`) : backend.merchants.a;
    const own = api(backend, merchant);
    const count = async () => {
      if (!backend.databaseUrl) return undefined;
      const [row] = await sql<{ checkouts: number; idempotency_keys: number }>(
        backend,
        `SELECT (SELECT count(*) FROM checkouts WHERE merchant_id = $1)::int AS checkouts,
                (SELECT count(*) FROM idempotency_keys WHERE merchant_id = $1)::int AS idempotency_keys`,
        [merchant.merchantId],
      );
      return row;
    };

    // Objects the conflicting requests aim at, created before counting.
    const open = checkoutRequest({ description: 'The open checkout' });
    const openResponse = await own.post('/api/checkout', open);
    expect(openResponse.status, openResponse.text).toBe(200);
    const usedKey = `used-${randomUUID()}`;
    expect((await own.post('/api/checkout', checkoutRequest(), { idempotencyKey: usedKey })).status).toBe(200);

    const before = await count();
    if (before) expect(before, 'the count sees the merchant’s rows').toEqual({ checkouts: 2, idempotency_keys: 1 });

    const key = () => `rejected-${randomUUID()}`;
    const rejections: { description: string; status: number; request?: CheckoutRequest; send: () => Promise<ApiResponse> }[] = [];
    for (const [description, build] of fieldRules) {
      const request = build();
      rejections.push({ description, status: 400, request, send: () => own.post('/api/checkout', request, { idempotencyKey: key() }) });
    }
    const valid = () => checkoutRequest();
    const framing: [string, number, CheckoutRequest, (request: CheckoutRequest) => Promise<ApiResponse>][] = [
      ['malformed JSON', 400, valid(), (r) => own.post('/api/checkout', undefined, { rawBody: JSON.stringify(r).slice(0, -3), idempotencyKey: key() })],
      ['text/plain', 415, valid(), (r) => own.post('/api/checkout', r, { headers: { 'content-type': 'text/plain' }, idempotencyKey: key() })],
      ['body over 64 KiB', 413, valid(), (r) => own.post('/api/checkout', undefined, { rawBody: JSON.stringify(r) + ' '.repeat(65 * 1024), idempotencyKey: key() })],
      ['Idempotency-Key over 255 characters', 400, valid(), (r) => own.post('/api/checkout', r, { idempotencyKey: 'k'.repeat(256) })],
      ['Idempotency-Key reused with another body', 409, valid(), (r) => own.post('/api/checkout', r, { idempotencyKey: usedKey })],
    ];
    for (const [description, status, request, send] of framing) rejections.push({ description, status, request, send: () => send(request) });
    rejections.push(
      { description: 'same orderId, other amount', status: 409, send: () => own.post('/api/checkout', { ...open, amount: 1 }, { idempotencyKey: key() }) },
      { description: 'same orderId, other callback', status: 409, send: () => own.post('/api/checkout', { ...open, callback: 'https://shop.example/x' }) },
    );

    const unexpected: string[] = [];
    for (const rejection of rejections) {
      const response = await rejection.send();
      if (response.status !== rejection.status) {
        unexpected.push(`${rejection.description}: expected ${rejection.status}, got ${response.status} ${response.text.slice(0, 200)}`);
      }
    }
    expect(unexpected, 'rejections answered with another status').toEqual([]);

    if (before) expect(await count(), 'checkouts and idempotency_keys rows after the rejected requests').toEqual(before);

    // Behaviourally too (both backends): every valid orderId of a rejected request is still free, so a
    // valid checkout with other fields gets a new checkoutId; the open checkout is unchanged.
    const seen = new Set<string>([openResponse.body.checkoutId]);
    for (const { description, request } of rejections) {
      if (!request || !orderIdIsValid(request.orderId)) continue;
      const retry = await own.post('/api/checkout', checkoutRequest({ orderId: request.orderId, amount: 3.21, description: 'retry' }));
      expect(retry.status, `${description}: retry with its orderId: ${retry.text}`).toBe(200);
      expect(seen.has(retry.body.checkoutId), `${description}: retry got a new checkoutId`).toBe(false);
      seen.add(retry.body.checkoutId);
    }
    const fetched = await own.get(`/api/checkout/${openResponse.body.checkoutId}`);
    expect(fetched.body).toMatchObject({ status: 'PENDING', orderId: open.orderId, amount: open.amount });
  }, 120_000);
});
