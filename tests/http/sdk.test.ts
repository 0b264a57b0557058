// The typed SDK (packages/node, @kasa/node) against a real server: its generated types match the
// served OpenAPI document, errors carry the API's resultCode, and a POST retried after a lost answer
// reuses its Idempotency-Key, so nothing is charged twice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SDK_TYPES_FILE, sdkTypesFor } from '../../packages/node/codegen';
import { createKasa, KasaApiError } from '../../packages/node/src/index';
import { api, sdk } from '../support/api';
import { forEachBackend } from '../support/context';
import { paymentRequest, uniqueOrderId } from '../support/requests';

forEachBackend((backend) => {
  describe('@kasa/node', () => {
    test('the checked-in generated types are those of the served OpenAPI document (run npm run sdk:generate after a schema change)', async () => {
      const served = await api(backend, null).get('/api/openapi.json');
      expect(served.status).toBe(200);
      const checkedIn = readFileSync(path.join(process.cwd(), SDK_TYPES_FILE), 'utf8');
      expect(await sdkTypesFor(served.body)).toBe(checkedIn);
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
