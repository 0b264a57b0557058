// KASA_MODE=live (issue 16, item 8): the sandbox issuer is not served, and no payment is taken for a
// merchant without a real bank account (none has one yet): a clear 503 ACQUIRER_NOT_CONFIGURED before
// any row is written, so the sandbox test cards reach no bank. A live server of its own, on PGlite.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import type { Backend, MerchantCredentials } from '../support/context';
import { cards } from '../support/cards';
import { createMerchant, freePort, serverEnvironment, startServer, stopServer, waitUntilReady, type ServerProcess } from '../support/processes';
import { checkoutRequest, paymentRequest } from '../support/requests';
import { threeDsRequest } from '../support/three-ds';

describe('KASA_MODE=live', () => {
  let runDir = '';
  let server: ServerProcess | undefined;
  let backend: Backend;
  let merchant: MerchantCredentials;

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-live-'));
    const port = await freePort();
    const env = serverEnvironment({
      port,
      dataDir: path.join(runDir, 'data'),
      logLevel: 'warn',
      extra: { KASA_MODE: 'live', KASA_SECRET_KEY: randomBytes(32).toString('hex'), PUBLIC_BASE_URL: 'https://kasa.example' },
    });
    merchant = await createMerchant(env, 'Live Shop');
    server = startServer(env, path.join(runDir, 'server.log'));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilReady(server, baseUrl);
    backend = { name: 'pglite', baseUrl, dataDir: path.join(runDir, 'data'), logFile: server.logFile, pid: server.pid, env: env, merchants: { a: merchant } } as unknown as Backend;
  }, 120_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  test('merchant URLs are judged by the URL parser: HTTPS:// in capitals is https, credentials are refused', async () => {
    const client = api(backend, merchant);
    const upper = await client.post('/api/checkout', checkoutRequest({ callback: 'HTTPS://93.184.215.14/kasa' }));
    expect(upper.status, upper.text).toBe(200);
    const credentials = await client.post('/api/checkout', checkoutRequest({ callback: 'https://user:pw@93.184.215.14/kasa' }));
    expectError(credentials, 400, 'VALIDATION_ERROR');
    expect(credentials.body.errors).toEqual([expect.objectContaining({ field: 'callback', code: 'URL_NOT_ALLOWED' })]);
  });

  test('the sandbox issuer pages answer 404 NOT_FOUND', async () => {
    for (const page of ['/sandbox/acs', '/sandbox/acs/challenge']) {
      const response = await fetch(`${backend.baseUrl}${page}`, { method: 'POST', body: new URLSearchParams({ reference: 'x', code: '123456' }) });
      const text = await response.text();
      expect(response.status, `${page}: ${text}`).toBe(404);
      expect(JSON.parse(text)).toMatchObject({ resultCode: 'NOT_FOUND' });
      expect(text).not.toMatch(/123456/);
    }
  });

  test('a sale, a pre-authorization and a 3-D Secure enrollment with a sandbox test card answer 503 ACQUIRER_NOT_CONFIGURED and write no payment', async () => {
    const client = api(backend, merchant);
    for (const [endpoint, body] of [
      ['/api/payment', paymentRequest({}, cards.world)],
      ['/api/pre-authorization', paymentRequest({}, cards.visaInternational)],
      ['/api/3ds', threeDsRequest({ successUrl: 'https://93.184.215.14/ok', failureUrl: 'https://93.184.215.14/fail' }, cards.world)],
    ] as const) {
      const response = await client.post(endpoint, body);
      expectError(response, 503, 'ACQUIRER_NOT_CONFIGURED');
      expect(response.body.errors, endpoint).toEqual([expect.objectContaining({ field: 'merchant', code: 'ACQUIRER_NOT_CONFIGURED' })]);
      expect(response.text).not.toContain(cards.world.pan);
    }
    const listed = await client.get('/api/payments');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.data).toEqual([]);
  });

  test('cancels and refunds reach no sandbox bank either: 503 ACQUIRER_NOT_CONFIGURED', async () => {
    const client = api(backend, merchant);
    const paymentId = randomUUID();
    expectError(await client.post(`/api/payment/${paymentId}/cancel`, {}), 503, 'ACQUIRER_NOT_CONFIGURED');
    expectError(await client.post(`/api/payment/${paymentId}/refund`, { amount: 1, currency: 'TRY' }), 503, 'ACQUIRER_NOT_CONFIGURED');
  });
});
