// Concurrent creations of one order's checkout, and expiry (§5): one live checkout per orderId.
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError, expectUnpaidCheckout, UUID } from '../support/assertions';
import { forEachBackend } from '../support/context';
import { checkoutRows, expireCheckout } from '../support/database';
import { checkoutRequest } from '../support/requests';

const CONCURRENCY = 20;

forEachBackend((backend) => {
  const client = api(backend);
  const merchantId = backend.merchants.a.merchantId;

  describe('concurrent creations', () => {
    test('20 concurrent identical requests with one orderId: one checkoutId (200) or 409, never two checkouts', async () => {
      const request = checkoutRequest({ description: 'Raced', maxInstallmentCount: 3 });
      const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => client.post('/api/checkout', request)));
      const outcomes = responses.map((response) => `${response.status} ${response.body?.resultCode ?? response.body?.checkoutId}`);
      const created = responses.filter((response) => response.status === 200);
      const rejected = responses.filter((response) => response.status !== 200);
      expect(created.length, `outcomes: ${outcomes.join(', ')}`).toBeGreaterThanOrEqual(1);
      for (const response of rejected) expectError(response, 409, 'DUPLICATE_ORDER');
      const ids = new Set(created.map((response) => response.body.checkoutId));
      expect([...ids], `outcomes: ${outcomes.join(', ')}`).toHaveLength(1);
      const [checkoutId] = ids as Set<string>;
      expect(checkoutId).toMatch(UUID);
      for (const response of created) expect(response.body.redirectUrl).toBe(`${backend.baseUrl}/checkout-link/${checkoutId}`);
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
      if (backend.databaseUrl) {
        const rows = await checkoutRows(backend, merchantId, request.orderId);
        expect(rows.map((row) => [row.id, row.status])).toEqual([[checkoutId, 'OPEN']]);
      }
    });

    test('20 concurrent requests with one orderId and 20 different amounts: exactly one 200, the rest 409 DUPLICATE_ORDER', async () => {
      const base = checkoutRequest();
      const requests = Array.from({ length: CONCURRENCY }, (_, i) => ({ ...base, amount: 10 + i }));
      const responses = await Promise.all(requests.map((request) => client.post('/api/checkout', request)));
      const outcomes = responses.map((response) => `${response.status} ${response.body?.resultCode ?? ''}`);
      const winners = responses.filter((response) => response.status === 200);
      expect(winners, `outcomes: ${outcomes.join(', ')}`).toHaveLength(1);
      for (const response of responses) if (response.status !== 200) expectError(response, 409, 'DUPLICATE_ORDER');
      const checkoutId = winners[0].body.checkoutId;
      const winner = requests[responses.indexOf(winners[0])];
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), winner);
      if (backend.databaseUrl) {
        const rows = await checkoutRows(backend, merchantId, base.orderId);
        expect(rows.map((row) => [row.id, row.status, Number(row.amount)])).toEqual([[checkoutId, 'OPEN', winner.amount * 100]]);
      }
    });
  });

  // PGlite's store is locked by its server: only the PostgreSQL backend can move expires_at.
  describe.skipIf(!backend.databaseUrl)('expiry (PostgreSQL: expires_at moved into the past)', () => {
    test('GET answers status EXPIRED for a checkout past its expiry, with null payment fields', async () => {
      const request = checkoutRequest({ customerId: 'CUST-expired' });
      const { body } = await client.post('/api/checkout', request);
      expect(body?.checkoutId).toMatch(UUID);
      expectUnpaidCheckout(await client.get(`/api/checkout/${body.checkoutId}`), request, 'PENDING');
      await expireCheckout(backend, body.checkoutId);
      expectUnpaidCheckout(await client.get(`/api/checkout/${body.checkoutId}`), request, 'EXPIRED');
    });

    test('after expiry the same orderId with identical fields creates a new checkout; the old one stays EXPIRED', async () => {
      const request = checkoutRequest({ description: 'Expires' });
      const first = await client.post('/api/checkout', request);
      expect(first.status, first.text).toBe(200);
      await expireCheckout(backend, first.body.checkoutId);

      const second = await client.post('/api/checkout', request);
      expect(second.status, second.text).toBe(200);
      expect(second.body.checkoutId).toMatch(UUID);
      expect(second.body.checkoutId).not.toBe(first.body.checkoutId);
      expect(second.body.redirectUrl).toBe(`${backend.baseUrl}/checkout-link/${second.body.checkoutId}`);

      expectUnpaidCheckout(await client.get(`/api/checkout/${first.body.checkoutId}`), request, 'EXPIRED');
      expectUnpaidCheckout(await client.get(`/api/checkout/${second.body.checkoutId}`), request, 'PENDING');
      // The new checkout is the live one: repeating the request finds it.
      const third = await client.post('/api/checkout', request);
      expect(third.body?.checkoutId, third.text).toBe(second.body.checkoutId);

      const rows = await checkoutRows(backend, merchantId, request.orderId);
      expect(rows.map((row) => row.id).sort()).toEqual([first.body.checkoutId, second.body.checkoutId].sort());
      expect(rows.filter((row) => row.status === 'OPEN').map((row) => row.id)).toEqual([second.body.checkoutId]);
    });

    test('after expiry the same orderId with different fields is free too', async () => {
      const request = checkoutRequest();
      const first = await client.post('/api/checkout', request);
      expect(first.status, first.text).toBe(200);
      await expireCheckout(backend, first.body.checkoutId);
      const second = await client.post('/api/checkout', { ...request, amount: 999.99, maxInstallmentCount: 4 });
      expect(second.status, second.text).toBe(200);
      expect(second.body.checkoutId).not.toBe(first.body.checkoutId);
      expectUnpaidCheckout(await client.get(`/api/checkout/${second.body.checkoutId}`), { ...request, amount: 999.99 });
    });

    test('10 concurrent re-creations of an expired checkout’s order: one new checkout', async () => {
      const request = checkoutRequest();
      const first = await client.post('/api/checkout', request);
      expect(first.status, first.text).toBe(200);
      await expireCheckout(backend, first.body.checkoutId);
      const responses = await Promise.all(Array.from({ length: 10 }, () => client.post('/api/checkout', request)));
      const outcomes = responses.map((response) => `${response.status} ${response.body?.resultCode ?? response.body?.checkoutId}`);
      for (const response of responses) if (response.status !== 200) expectError(response, 409, 'DUPLICATE_ORDER');
      const ids = new Set(responses.filter((response) => response.status === 200).map((response) => response.body.checkoutId));
      expect([...ids], `outcomes: ${outcomes.join(', ')}`).toHaveLength(1);
      expect(ids.has(first.body.checkoutId)).toBe(false);
      const rows = await checkoutRows(backend, merchantId, request.orderId);
      expect(rows.filter((row) => row.status === 'OPEN').map((row) => row.id)).toEqual([...ids]);
    });
  });
});
