// POST /api/checkout and GET /api/checkout/{checkoutId} (§5): creation, status before any attempt,
// orderId reuse, tenant isolation, Idempotency-Key and the OpenAPI document.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api, uniqueClientIp, type ApiResponse } from '../support/api';
import { expectError, expectUnpaidCheckout, UUID } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { checkoutRows } from '../support/database';
import { preAuthorize, sell } from '../support/flows';
import { checkoutRequest, paymentRequest, type CheckoutRequest } from '../support/requests';

/** Every optional field of §5 set to a non-default value. */
const everyField = (): Partial<CheckoutRequest> => ({
  description: 'Order with every field — çiçek',
  customerId: 'CUST-checkout-1',
  maxInstallmentCount: 6,
  interestPaidByCustomer: true,
  returnUrl: 'https://shop.example/orders/complete',
  expiresInMinutes: 120,
});

forEachBackend((backend) => {
  const client = api(backend);
  const other = api(backend, backend.merchants.b);

  /** 200 `{checkoutId, redirectUrl}` with redirectUrl = {PUBLIC_BASE_URL}/checkout-link/{checkoutId}. */
  const expectCreated = (response: ApiResponse): string => {
    expect(response.status, response.text).toBe(200);
    expect(response.body.checkoutId).toMatch(UUID);
    // The harness starts each server with PUBLIC_BASE_URL set to its own base URL.
    expect(response.body.redirectUrl).toBe(`${backend.baseUrl}/checkout-link/${response.body.checkoutId}`);
    return response.body.checkoutId;
  };
  const create = async (request: CheckoutRequest, merchant = client) => expectCreated(await merchant.post('/api/checkout', request));

  describe.concurrent('POST /api/checkout', () => {
    test('answers a UUID checkoutId and redirectUrl {PUBLIC_BASE_URL}/checkout-link/{checkoutId}', async () => {
      const response = await client.post('/api/checkout', checkoutRequest());
      expectCreated(response);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
    });

    test('the redirectUrl serves the hosted checkout page', async () => {
      const checkoutId = await create(checkoutRequest());
      const page = await fetch(`${backend.baseUrl}/checkout-link/${checkoutId}`, { signal: AbortSignal.timeout(25_000) });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    });

    test('with only the required fields the defaults are maxInstallmentCount 1, interestPaidByCustomer false, expiresInMinutes 30', async () => {
      const request = checkoutRequest();
      const checkoutId = await create(request);
      // The defaults count as the request's fields: spelling them out is the identical request…
      const explicit = { ...request, maxInstallmentCount: 1, interestPaidByCustomer: false, expiresInMinutes: 30 };
      expect(await create(explicit)).toBe(checkoutId);
      // …and any other value is a different one.
      for (const changed of [{ maxInstallmentCount: 2 }, { interestPaidByCustomer: true }, { expiresInMinutes: 31 }]) {
        expectError(await client.post('/api/checkout', { ...request, ...changed }), 409, 'DUPLICATE_ORDER');
      }
      if (backend.databaseUrl) {
        const [row] = await checkoutRows(backend, backend.merchants.a.merchantId, request.orderId);
        expect(row).toMatchObject({ id: checkoutId, status: 'OPEN', max_installment_count: 1, interest_paid_by_customer: false });
        expect(Math.abs(row.lifetime_seconds - 30 * 60), 'expires_at − created_at ≈ 30 minutes').toBeLessThan(5);
      }
    });

    test('every optional field (description, customerId, returnUrl, installments, expiry) is accepted', async () => {
      const request = checkoutRequest(everyField());
      const checkoutId = await create(request);
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
      if (backend.databaseUrl) {
        const [row] = await checkoutRows(backend, backend.merchants.a.merchantId, request.orderId);
        expect(row).toMatchObject({ id: checkoutId, max_installment_count: 6, interest_paid_by_customer: true });
        expect(Math.abs(row.lifetime_seconds - 120 * 60), 'expires_at − created_at ≈ 120 minutes').toBeLessThan(5);
      }
    });

    test.each([
      ['description alone', { description: 'Two tulips' }],
      ['customerId alone', { customerId: 'CUST-77' }],
      ['returnUrl alone', { returnUrl: 'https://shop.example/thanks?order=1' }],
      ['maxInstallmentCount 12 (the maximum)', { maxInstallmentCount: 12 }],
      ['maxInstallmentCount 1', { maxInstallmentCount: 1 }],
      ['expiresInMinutes 5 (the minimum)', { expiresInMinutes: 5 }],
      ['expiresInMinutes 10080 (the maximum, 7 days)', { expiresInMinutes: 10_080 }],
      ['description of 500 characters', { description: 'D'.repeat(500) }],
      ['customerId of 64 characters', { customerId: 'C'.repeat(64) }],
      ['orderId of 64 characters', { orderId: `o.-_${randomUUID().replace(/-/g, '')}`.padEnd(64, 'Z') }],
      ['amount 0.01 (the smallest)', { amount: 0.01 }],
      ['USD', { currency: 'USD', amount: 19.99 }],
      ['EUR', { currency: 'EUR', amount: 1000 }],
    ])('%s is accepted, and GET answers the checkout', async (_, overrides) => {
      const request = checkoutRequest(overrides);
      const checkoutId = await create(request);
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
    });

    test.each([
      ['callback http://127.0.0.1:<port>', { callback: 'http://127.0.0.1:4010/kasa/callback' }],
      ['callback http://localhost', { callback: 'http://localhost/kasa/callback' }],
      ['callback http://localhost:<port>', { callback: 'http://localhost:3000/api/kasa' }],
      ['returnUrl http://localhost:<port>', { returnUrl: 'http://localhost:3000/orders/1' }],
      ['returnUrl http://127.0.0.1', { returnUrl: 'http://127.0.0.1/thanks' }],
    ])('sandbox mode accepts a loopback http %s (§7)', async (_, overrides) => {
      await create(checkoutRequest(overrides));
    });

    test('each checkout gets its own checkoutId', async () => {
      const first = await create(checkoutRequest());
      const second = await create(checkoutRequest());
      expect(first).not.toBe(second);
    });
  });

  describe.concurrent('GET /api/checkout/{checkoutId} before any payment attempt', () => {
    test('answers 200 with all 19 fields, status PENDING, the checkout’s order and null payment fields', async () => {
      const request = checkoutRequest({ amount: 1234.56, customerId: 'CUST-pending' });
      const checkoutId = await create(request);
      const body = expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
      expect(body).toMatchObject({ paymentId: null, pan: null, authCode: null, status: 'PENDING', amount: 1234.56, customerId: 'CUST-pending' });
    });

    test('answers customerId null when the checkout has none', async () => {
      const request = checkoutRequest({ customerId: undefined });
      const checkoutId = await create(request);
      expect(expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request).customerId).toBeNull();
    });

    test('answers the amount in major units with the currency’s decimals (100.5 → 100.5, 1000 → 1000)', async () => {
      for (const amount of [100.5, 1000, 0.07]) {
        const request = checkoutRequest({ amount });
        const checkoutId = await create(request);
        expect((await client.get(`/api/checkout/${checkoutId}`)).body.amount).toBe(amount);
      }
    });

    test('a repeated GET answers the same body', async () => {
      const checkoutId = await create(checkoutRequest());
      const first = await client.get(`/api/checkout/${checkoutId}`);
      const second = await client.get(`/api/checkout/${checkoutId}`);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
    });

    test('another merchant’s checkoutId answers 404 NOT_FOUND, both ways', async () => {
      const ofA = await create(checkoutRequest());
      const ofB = await create(checkoutRequest(), other);
      expectError(await other.get(`/api/checkout/${ofA}`), 404, 'NOT_FOUND');
      expectError(await client.get(`/api/checkout/${ofB}`), 404, 'NOT_FOUND');
      expect((await client.get(`/api/checkout/${ofA}`)).status).toBe(200);
      expect((await other.get(`/api/checkout/${ofB}`)).status).toBe(200);
    });

    test('an unknown checkoutId answers 404 NOT_FOUND', async () => {
      expectError(await client.get(`/api/checkout/${randomUUID()}`), 404, 'NOT_FOUND');
    });

    test('a checkoutId that is not a UUID answers 404 NOT_FOUND', async () => {
      for (const id of ['not-a-checkout', '12345', `${randomUUID()}x`]) {
        expectError(await client.get(`/api/checkout/${id}`), 404, 'NOT_FOUND');
      }
    });

    test('a paymentId is not a checkoutId: 404 NOT_FOUND', async () => {
      const { paymentId } = await sell(backend);
      expectError(await client.get(`/api/checkout/${paymentId}`), 404, 'NOT_FOUND');
    });

    test('without credentials answers 401 UNAUTHORIZED, and with a wrong secret too', async () => {
      const checkoutId = await create(checkoutRequest());
      expectError(await api(backend, null).get(`/api/checkout/${checkoutId}`, { clientIp: uniqueClientIp() }), 401, 'UNAUTHORIZED');
      const wrongSecret = api(backend, { ...backend.merchants.a, apiSecret: 'sk_wrong' });
      expectError(await wrongSecret.get(`/api/checkout/${checkoutId}`, { clientIp: uniqueClientIp() }), 401, 'UNAUTHORIZED');
    });

    test('POST /api/checkout without credentials answers 401 UNAUTHORIZED', async () => {
      const response = await api(backend, null).post('/api/checkout', checkoutRequest(), { clientIp: uniqueClientIp() });
      expectError(response, 401, 'UNAUTHORIZED');
    });
  });

  describe.concurrent('the same orderId again (§5)', () => {
    test('with identical fields while open: 200 and the same checkoutId', async () => {
      const request = checkoutRequest(everyField());
      const checkoutId = await create(request);
      expect(await create({ ...request })).toBe(checkoutId);
      // Key order is no part of the fields.
      const reordered = Object.fromEntries(Object.entries(request).reverse()) as unknown as CheckoutRequest;
      expect(await create(reordered)).toBe(checkoutId);
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
    });

    test('with only the required fields, twice: the same checkoutId', async () => {
      const request = checkoutRequest();
      expect(await create({ ...request })).toBe(await create(request));
    });

    test.each([
      ['amount', { amount: 250.76 }],
      ['currency', { currency: 'USD' }],
      ['callback', { callback: 'https://shop.example/kasa/other-callback' }],
      ['description', { description: 'Another order' }],
      ['description left out', { description: undefined }],
      ['customerId', { customerId: 'CUST-other' }],
      ['returnUrl', { returnUrl: 'https://shop.example/orders/other' }],
      ['maxInstallmentCount', { maxInstallmentCount: 3 }],
      ['interestPaidByCustomer', { interestPaidByCustomer: false }],
      ['expiresInMinutes', { expiresInMinutes: 60 }],
    ])('with a different %s: 409 DUPLICATE_ORDER, and the first checkout is unchanged', async (_, changed) => {
      const request = checkoutRequest(everyField());
      const checkoutId = await create(request);
      expectError(await client.post('/api/checkout', { ...request, ...changed }), 409, 'DUPLICATE_ORDER');
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
      expect(await create(request), 'the identical request still finds the first checkout').toBe(checkoutId);
    });

    test('an orderId already paid by a direct sale (POST /api/payment): 409 DUPLICATE_ORDER', async () => {
      const { request: sale } = await sell(backend, {}, cards.world);
      const response = await client.post('/api/checkout', checkoutRequest({ orderId: sale.orderId, amount: sale.amount }));
      expectError(response, 409, 'DUPLICATE_ORDER');
    });

    test('an open checkout whose orderId is then paid by a direct sale: the identical request answers 409 DUPLICATE_ORDER', async () => {
      const request = checkoutRequest({ amount: 100.5 });
      await create(request);
      const { body: sale } = await sell(backend, { orderId: request.orderId, amount: request.amount }, cards.world);
      expect(sale.status).toBe('SUCCESS');
      // The order is paid now; handing out its checkout link again invites a second payment attempt.
      expectError(await client.post('/api/checkout', request), 409, 'DUPLICATE_ORDER');
    });

    test('an orderId of a successful pre-authorization: 409 DUPLICATE_ORDER', async () => {
      const { request: preAuth } = await preAuthorize(backend, {}, cards.world);
      expectError(await client.post('/api/checkout', checkoutRequest({ orderId: preAuth.orderId })), 409, 'DUPLICATE_ORDER');
    });

    test('an orderId whose direct sale was declined is free: 200', async () => {
      const { request: sale } = await sell(backend, {}, cards.doNotHonor);
      await create(checkoutRequest({ orderId: sale.orderId }));
    });

    test('another merchant’s orderId is free: its own checkout, each seeing only its own', async () => {
      const request = checkoutRequest();
      const ofA = await create(request);
      const ofB = await create({ ...request, amount: 99 }, other);
      expect(ofB).not.toBe(ofA);
      expectUnpaidCheckout(await client.get(`/api/checkout/${ofA}`), request);
      expectUnpaidCheckout(await other.get(`/api/checkout/${ofB}`), { ...request, amount: 99 });
      expectError(await other.get(`/api/checkout/${ofA}`), 404, 'NOT_FOUND');
    });

    test('an orderId of another merchant’s direct sale is free', async () => {
      const { request: sale } = await sell(backend, {}, cards.world, backend.merchants.b);
      await create(checkoutRequest({ orderId: sale.orderId }));
    });
  });

  describe.concurrent('Idempotency-Key on POST /api/checkout', () => {
    const key = () => `checkout-${randomUUID()}`;

    test('a replay answers 200 with the same body', async () => {
      const request = checkoutRequest(everyField());
      const idempotencyKey = key();
      const first = await client.post('/api/checkout', request, { idempotencyKey });
      expectCreated(first);
      const replay = await client.post('/api/checkout', request, { idempotencyKey });
      expect(replay.status, replay.text).toBe(200);
      expect(replay.body).toEqual(first.body);
    });

    test('the same key with a different body answers 409 IDEMPOTENCY_KEY_REUSED and creates nothing', async () => {
      const request = checkoutRequest();
      const idempotencyKey = key();
      const checkoutId = expectCreated(await client.post('/api/checkout', request, { idempotencyKey }));
      const changed = checkoutRequest();
      expectError(await client.post('/api/checkout', changed, { idempotencyKey }), 409, 'IDEMPOTENCY_KEY_REUSED');
      expectError(await client.post('/api/checkout', { ...request, amount: 1 }, { idempotencyKey }), 409, 'IDEMPOTENCY_KEY_REUSED');
      // The rejected body's orderId is still free, and the first checkout is untouched.
      const created = await create({ ...changed, amount: 5 });
      expect(created).not.toBe(checkoutId);
      expectUnpaidCheckout(await client.get(`/api/checkout/${checkoutId}`), request);
    });

    test('a key is scoped to its merchant: another merchant may use it for its own request', async () => {
      const idempotencyKey = key();
      const ofA = expectCreated(await client.post('/api/checkout', checkoutRequest(), { idempotencyKey }));
      const ofB = expectCreated(await other.post('/api/checkout', checkoutRequest(), { idempotencyKey }));
      expect(ofB).not.toBe(ofA);
    });

    test('a key first used on POST /api/payment answers 409 IDEMPOTENCY_KEY_REUSED on POST /api/checkout', async () => {
      const idempotencyKey = key();
      const sale = await client.post('/api/payment', paymentRequest(), { idempotencyKey });
      expect(sale.status, sale.text).toBe(200);
      expectError(await client.post('/api/checkout', checkoutRequest(), { idempotencyKey }), 409, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  test('the OpenAPI document lists the checkout and 3-D Secure endpoints', async () => {
    const { status, body } = await api(backend, null).get('/api/openapi.json');
    expect(status).toBe(200);
    const paths = body?.paths ?? {};
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/checkout', '/api/checkout/{checkoutId}', '/api/3ds', '/api/3ds/{paymentId}/complete']),
    );
    expect(Object.keys(paths['/api/checkout'])).toContain('post');
    expect(Object.keys(paths['/api/checkout/{checkoutId}'])).toContain('get');
    expect(Object.keys(paths['/api/3ds'])).toContain('post');
    expect(Object.keys(paths['/api/3ds/{paymentId}/complete'])).toContain('post');
  });
});
