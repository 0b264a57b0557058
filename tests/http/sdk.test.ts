// The typed SDK (packages/node, @kasa/node) against a real server: its generated types match the
// served OpenAPI document, errors carry the API's resultCode, and a POST retried after a lost answer
// reuses its Idempotency-Key, so nothing is charged twice.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SDK_TYPES_FILE, sdkTypesFor } from '../../packages/node/codegen';
import { createKasa, KasaApiError, type Schemas } from '../../packages/node/src/index';
import { api, sdk } from '../support/api';
import { forEachBackend } from '../support/context';
import { cards } from '../support/cards';
import { paymentRequest, uniqueOrderId } from '../support/requests';
import { authenticate, threeDsRequest } from '../support/three-ds';

/** Every `kasa.METHOD('/api/…'` call written in Kasa's own test and e2e sources. */
function sdkCallsInTests(): Set<string> {
  const calls = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        for (const match of readFileSync(file, 'utf8').matchAll(/\.(GET|POST|PUT|PATCH|DELETE)\(\s*'(\/api\/[^']*)'/g)) calls.add(`${match[1]} ${match[2]}`);
      }
    }
  };
  for (const dir of ['tests', 'e2e']) walk(path.join(process.cwd(), dir));
  return calls;
}

forEachBackend((backend) => {
  describe('@kasa/node', () => {
    test('the checked-in generated types are those of the served OpenAPI document (run npm run sdk:generate after a schema change)', async () => {
      const served = await api(backend, null).get('/api/openapi.json');
      expect(served.status).toBe(200);
      const checkedIn = readFileSync(path.join(process.cwd(), SDK_TYPES_FILE), 'utf8');
      expect(await sdkTypesFor(served.body)).toBe(checkedIn);
    });

    test('every operation of the served document is called through the SDK by Kasa’s own tests (a new endpoint needs an SDK call in a test)', async () => {
      const served = (await api(backend, null).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.entries(served.paths).flatMap(([route, item]) =>
        Object.keys(item)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => `${method.toUpperCase()} ${route}`),
      );
      expect(operations.length).toBeGreaterThan(15);
      const called = sdkCallsInTests();
      expect(operations.filter((operation) => !called.has(operation))).toEqual([]);
    });

    test('a merchant’s whole API through the SDK: pay, pre-authorize and capture, 3-D Secure, cancel, refund, list, installments, checkout expiry, health', async () => {
      const kasa = sdk(backend);
      const customerId = `SDK-${crypto.randomUUID()}`;
      const { data: sale } = await kasa.POST('/api/payment', { body: paymentRequest({ customerId, amount: 80 }) });
      const payment = { params: { path: { paymentId: sale!.paymentId! } } };
      const { data: refund } = await kasa.POST('/api/payment/{paymentId}/refund', { ...payment, body: { amount: 30, currency: 'TRY' } });
      expect(refund).toMatchObject({ status: 'SUCCESS', refundedAmount: 30, refundableAmount: 50 });
      expect((await kasa.GET('/api/payment/{paymentId}/refunds', payment)).data!.refunds.map((entry) => entry.refundId)).toEqual([refund!.refundId]);
      expect((await kasa.GET('/api/payment/{paymentId}', payment)).data).toMatchObject({ refundStatus: 'PARTIALLY_REFUNDED' });
      expect(((await kasa.GET('/api/refunds', { params: { query: { paymentId: sale!.paymentId! } } })).data as Schemas['RefundPage']).data.map((entry) => entry.refundId)).toEqual([refund!.refundId]);

      const { data: held } = await kasa.POST('/api/pre-authorization', { body: paymentRequest({ customerId, amount: 50 }) });
      const captured = await kasa.POST('/api/pre-authorization/{paymentId}/capture', { params: { path: { paymentId: held!.paymentId! } }, body: { amount: 40, currency: 'TRY' } });
      expect(captured.data).toMatchObject({ status: 'SUCCESS', amount: 40 });
      const { data: other } = await kasa.POST('/api/pre-authorization', { body: paymentRequest({ customerId, amount: 20 }) });
      const { data: cancelled } = await kasa.POST('/api/payment/{paymentId}/cancel', { params: { path: { paymentId: other!.paymentId! } }, body: {} });
      expect(cancelled).toMatchObject({ status: 'CANCELLED' });

      const { paymentId: secured, securityKey } = await authenticate(backend, threeDsRequest({ customerId }));
      const completed = await kasa.POST('/api/3ds/{paymentId}/complete', { params: { path: { paymentId: secured } }, body: { securityKey } });
      expect(completed.data).toMatchObject({ status: 'SUCCESS' });

      const listed = await kasa.GET('/api/payments', { params: { query: { customerId, limit: 10 } } });
      expect((listed.data as Schemas['PaymentList']).data.map((entry) => entry.paymentId)).toEqual([secured, other!.paymentId, held!.paymentId, sale!.paymentId]);
      const csv = await kasa.GET('/api/payments', { params: { query: { customerId } }, headers: { Accept: 'text/csv' }, parseAs: 'text' });
      expect((csv.data as unknown as string).split('\r\n').filter(Boolean)).toHaveLength(5);

      const { data: options } = await kasa.POST('/api/installment-options', { body: { amount: 1000, currency: 'TRY', pan: cards.world.pan.slice(0, 8) } });
      expect(options!.options.length).toBeGreaterThan(0);
      const { data: checkout } = await kasa.POST('/api/checkout', { body: { orderId: uniqueOrderId(), amount: 10, currency: 'TRY', callback: 'http://127.0.0.1:9/callback' } });
      const expired = await kasa.POST('/api/checkout/{checkoutId}/expire', { params: { path: { checkoutId: checkout!.checkoutId } } });
      expect(expired.data).toMatchObject({ status: 'EXPIRED' });
      expect((await kasa.GET('/api/health')).response.status).toBe(200);
      expect((await kasa.GET('/api/health/live')).response.status).toBe(200);
    });

    test('creates a checkout and reads it back, typed by path', async () => {
      const kasa = sdk(backend);
      const orderId = uniqueOrderId();
      const { data: created } = await kasa.POST('/api/checkout', {
        body: { orderId, amount: 12.5, currency: 'TRY', callback: 'http://127.0.0.1:9/callback' },
      });
      expect(created?.redirectUrl).toContain(`/checkout-link/${created?.checkoutId}`);
      const { data: status } = await kasa.GET('/api/checkout/{checkoutId}', { params: { path: { checkoutId: created!.checkoutId } } });
      expect(status).toMatchObject({ status: 'PENDING', orderId });
    });

    test('a refused request throws KasaApiError with status, resultCode and the field errors', async () => {
      const error = await sdk(backend)
        .POST('/api/payment', { body: { ...paymentRequest(), amount: -1 } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KasaApiError);
      expect(error).toMatchObject({ status: 400, resultCode: 'VALIDATION_ERROR' });
      expect((error as KasaApiError).errors.map((fieldError) => fieldError.field)).toContain('amount');
      expect((error as KasaApiError).requestId).toBeTruthy();
    });

    test('wrong credentials throw KasaApiError UNAUTHORIZED (401)', async () => {
      const kasa = createKasa({ baseUrl: backend.baseUrl, apiKey: backend.merchants.a.apiKey, apiSecret: 'sk_wrong', maxRetries: 0 });
      await expect(kasa.GET('/api/checkout/{checkoutId}', { params: { path: { checkoutId: crypto.randomUUID() } } })).rejects.toMatchObject({
        status: 401,
        resultCode: 'UNAUTHORIZED',
      });
    });

    test('a sale whose first answer is lost is retried with the same Idempotency-Key: one payment, and the retry is a replay', async () => {
      const keys: string[] = [];
      let lostAnswers = 0;
      const kasa = createKasa({
        baseUrl: backend.baseUrl,
        apiKey: backend.merchants.a.apiKey,
        apiSecret: backend.merchants.a.apiSecret,
        retryDelayMs: 10,
        fetch: async (input, init) => {
          const request = new Request(input, init);
          keys.push(request.headers.get('idempotency-key') ?? '');
          const response = await fetch(request);
          // The server has charged; the network loses its answer once.
          if (lostAnswers++ === 0) throw new TypeError('fetch failed: connection reset');
          return response;
        },
      });
      const request = paymentRequest();
      const { data, response } = await kasa.POST('/api/payment', { body: request });
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(response.headers.get('idempotent-replayed')).toBe('true');
      expect(data).toMatchObject({ status: 'SUCCESS', orderId: request.orderId });
      // A second sale of the same order would have been refused as a duplicate, so one payment exists.
      const again = await api(backend).post('/api/payment', request);
      expect(again.status).toBe(409);
    });
  });
});
