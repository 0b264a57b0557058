import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api, uniqueClientIp } from '../support/api';
import { expectApprovedPayment, expectError } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { paymentRequest } from '../support/requests';

forEachBackend((backend) => {
  const { a, b } = backend.merchants;

  describe('every merchant endpoint requires X-API-KEY and X-API-SECRET', () => {
    const endpoints: [string, string, unknown][] = [
      ['POST', '/api/payment', paymentRequest()],
      ['POST', '/api/pre-authorization', paymentRequest()],
      ['POST', `/api/pre-authorization/${randomUUID()}/capture`, { amount: 10, currency: 'TRY' }],
      ['POST', '/api/installment-options', { amount: 1000, currency: 'TRY', pan: '542119' }],
      ['GET', `/api/payment/${randomUUID()}`, undefined],
    ];
    test.each(endpoints)('%s %s without credentials answers 401 UNAUTHORIZED', async (method, path, body) => {
      const client = api(backend, null);
      const options = { clientIp: uniqueClientIp() };
      const response = method === 'GET' ? await client.get(path, options) : await client.post(path, body, options);
      expectError(response, 401, 'UNAUTHORIZED');
    });
  });

  const badCredentials: [string, { apiKey?: string; apiSecret?: string }][] = [
    ['only X-API-KEY', { apiKey: a.apiKey }],
    ['only X-API-SECRET', { apiSecret: a.apiSecret }],
    ['a wrong secret', { apiKey: a.apiKey, apiSecret: `${a.apiSecret}x` }],
    ["another merchant's secret", { apiKey: a.apiKey, apiSecret: b.apiSecret }],
    ['an unknown key', { apiKey: `unknown-${randomUUID()}`, apiSecret: a.apiSecret }],
    ['empty headers', { apiKey: '', apiSecret: '' }],
  ];
  test.each(badCredentials)('a payment with %s answers 401 UNAUTHORIZED and is not processed', async (_, credentials) => {
    const request = paymentRequest();
    const rejected = await api(backend, credentials).post('/api/payment', request, { clientIp: uniqueClientIp() });
    expectError(rejected, 401, 'UNAUTHORIZED');
    // Nothing was recorded: the same orderId is still free.
    expectApprovedPayment(await api(backend, a).post('/api/payment', request), { request, card: cards.world, transactionType: 'SALE' });
  });

  test('credential header names are case-insensitive', async () => {
    const request = paymentRequest();
    const payload = JSON.stringify(request);
    const url = new URL('/api/payment', backend.baseUrl);
    const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = http.request(url, { method: 'POST' }, (incoming) => {
        let text = '';
        incoming.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => { resolve({ status: incoming.statusCode ?? 0, text }); });
      });
      outgoing.on('error', reject);
      outgoing.setHeader('Content-Type', 'application/json');
      outgoing.setHeader('X-Api-Key', a.apiKey);
      outgoing.setHeader('x-API-secret', a.apiSecret);
      outgoing.end(payload);
    });
    expect(response.status, response.text).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ orderId: request.orderId, status: 'SUCCESS' });
  });

  test('after 20 failed authentications in a minute an address gets 429 RATE_LIMITED with Retry-After', async () => {
    const clientIp = uniqueClientIp();
    const wrong = api(backend, { apiKey: a.apiKey, apiSecret: 'wrong-secret' });
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 20; attempt++) {
      statuses.push((await wrong.post('/api/payment', paymentRequest(), { clientIp })).status);
    }
    expect(statuses, 'the first 20 bad attempts are answered 401').toEqual(Array(20).fill(401));
    const limited = await wrong.post('/api/payment', paymentRequest(), { clientIp });
    expectError(limited, 429, 'RATE_LIMITED');
    const retryAfter = limited.headers.get('retry-after');
    expect(retryAfter, 'Retry-After header').toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });

  test('the rate limit of one address does not affect another', async () => {
    const limitedIp = uniqueClientIp();
    const wrong = api(backend, { apiKey: a.apiKey, apiSecret: 'wrong-secret' });
    for (let attempt = 1; attempt <= 21; attempt++) await wrong.post('/api/payment', paymentRequest(), { clientIp: limitedIp });
    expect((await wrong.post('/api/payment', paymentRequest(), { clientIp: limitedIp })).status).toBe(429);

    const otherIp = uniqueClientIp();
    expectError(await wrong.post('/api/payment', paymentRequest(), { clientIp: otherIp }), 401, 'UNAUTHORIZED');
    const request = paymentRequest();
    const ok = await api(backend, a).post('/api/payment', request, { clientIp: otherIp });
    expectApprovedPayment(ok, { request, card: cards.world, transactionType: 'SALE' });
  });
  describe('failed authentications are counted per (address, API key), and per address only for unknown keys', () => {
    const wrongFor = (merchant: { apiKey: string }) => api(backend, { apiKey: merchant.apiKey, apiSecret: 'wrong-secret' });
    const lookup = () => `/api/payment/${randomUUID()}`;
    /** An IPv6 /64 of the documentation range no other test uses (random). */
    const randomPrefix = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

    test("20 bad secrets for one merchant's key limit that key from that address; another merchant's key and valid credentials still pass", async () => {
      const clientIp = uniqueClientIp();
      for (let attempt = 1; attempt <= 20; attempt++) expectError(await wrongFor(a).get(lookup(), { clientIp }), 401, 'UNAUTHORIZED');
      const limited = await wrongFor(a).get(lookup(), { clientIp });
      expectError(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another merchant on the same address (one office, one NAT): its bad secret is counted on its own…
      expectError(await wrongFor(b).get(lookup(), { clientIp }), 401, 'UNAUTHORIZED');
      // …and its valid credentials pass.
      expectError(await api(backend, b).get(lookup(), { clientIp }), 404, 'NOT_FOUND');
    });

    test('after 20 unknown API keys from an address, unknown keys get 429 with Retry-After while a valid key and secret from it pass', async () => {
      const clientIp = uniqueClientIp();
      const unknown = () => api(backend, { apiKey: `pk_unknown_${randomUUID()}`, apiSecret: 'sk_whatever' });
      for (let attempt = 1; attempt <= 20; attempt++) expectError(await unknown().get(lookup(), { clientIp }), 401, 'UNAUTHORIZED');
      const limited = await unknown().get(lookup(), { clientIp });
      expectError(limited, 429, 'RATE_LIMITED');
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      // Missing credentials count with unknown keys.
      expectError(await api(backend, null).get(lookup(), { clientIp }), 429, 'RATE_LIMITED');
      const request = paymentRequest();
      expectApprovedPayment(await api(backend, a).post('/api/payment', request, { clientIp }), { request, card: cards.world, transactionType: 'SALE' });
      expectError(await api(backend, b).get(lookup(), { clientIp }), 404, 'NOT_FOUND');
    });

    test('IPv6 addresses are limited by their /64: rotating addresses inside one prefix does not escape the limit', async () => {
      const prefix = randomPrefix();
      const unknown = () => api(backend, { apiKey: `pk_unknown_${randomUUID()}`, apiSecret: 'sk_whatever' });
      for (let attempt = 1; attempt <= 20; attempt++) {
        expectError(await unknown().get(lookup(), { clientIp: `${prefix}:0:0:0:${attempt.toString(16)}` }), 401, 'UNAUTHORIZED');
      }
      expectError(await unknown().get(lookup(), { clientIp: `${prefix}:ffff:ffff:ffff:ffff` }), 429, 'RATE_LIMITED');
      // The same for one key's bad secrets.
      const keyPrefix = randomPrefix();
      for (let attempt = 1; attempt <= 20; attempt++) {
        expectError(await wrongFor(a).get(lookup(), { clientIp: `${keyPrefix}:${attempt.toString(16)}::1` }), 401, 'UNAUTHORIZED');
      }
      expectError(await wrongFor(a).get(lookup(), { clientIp: `${keyPrefix}:abcd:1:2:3` }), 429, 'RATE_LIMITED');
      // The neighbouring /64 is another subscriber.
      const [g1, g2, g3, g4] = prefix.split(':');
      const neighbour = `${g1}:${g2}:${g3}:${(parseInt(g4, 16) ^ 1).toString(16)}::1`;
      expectError(await unknown().get(lookup(), { clientIp: neighbour }), 401, 'UNAUTHORIZED');
    });
  });
});
