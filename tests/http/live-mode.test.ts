// KASA_MODE=live (issue 16, item 8; issue 13): the sandbox issuer is not served, and no payment is taken
// for a merchant without a bank account: a clear 503 ACQUIRER_NOT_CONFIGURED before any row is written,
// so the sandbox test cards reach no bank; payments the sandbox bank took before the switch to live
// cannot be cancelled or refunded through it either. A server of its own, on PGlite: first in sandbox
// mode for those payments, then restarted live on the same store.
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
  const sandboxPayments: { sale: string; preAuthorization: string } = { sale: '', preAuthorization: '' };

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
    const baseUrl = `http://127.0.0.1:${port}`;
    const sandbox = startServer({ ...env, KASA_MODE: 'sandbox' }, path.join(runDir, 'sandbox.log'));
    await waitUntilReady(sandbox, baseUrl);
    const before = api({ baseUrl } as unknown as Backend, merchant);
    const sale = await before.post('/api/payment', paymentRequest({}, cards.world));
    const preAuthorization = await before.post('/api/pre-authorization', paymentRequest({}, cards.world));
    expect([sale.body.status, preAuthorization.body.status]).toEqual(['SUCCESS', 'SUCCESS']);
    sandboxPayments.sale = sale.body.paymentId;
    sandboxPayments.preAuthorization = preAuthorization.body.paymentId;
    await stopServer(sandbox);

    server = startServer(env, path.join(runDir, 'server.log'));
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
    // Only the two the sandbox bank took before the switch.
    expect(listed.body.data.map((payment: { paymentId: string }) => payment.paymentId).sort()).toEqual(Object.values(sandboxPayments).sort());
  });

  test('captures, cancels and refunds of payments the sandbox bank took reach it no more: 503 ACQUIRER_NOT_CONFIGURED, nothing written', async () => {
    const client = api(backend, merchant);
    const { sale, preAuthorization } = sandboxPayments;
    expectError(await client.post(`/api/payment/${sale}/cancel`, {}), 503, 'ACQUIRER_NOT_CONFIGURED');
    expectError(await client.post(`/api/payment/${sale}/refund`, { amount: 1, currency: 'TRY' }), 503, 'ACQUIRER_NOT_CONFIGURED');
    expectError(await client.post(`/api/pre-authorization/${preAuthorization}/capture`, { amount: 1, currency: 'TRY' }), 503, 'ACQUIRER_NOT_CONFIGURED');
    const after = await client.get(`/api/payment/${sale}/refunds`);
    expect(after.status, after.text).toBe(200);
    expect(after.body).toMatchObject({ refunds: [] });
    const still = await client.get(`/api/payment/${preAuthorization}`);
    expect(still.body).toMatchObject({ status: 'SUCCESS', capturedAmount: null });
    // Another merchant's or an unknown id is still a 404, not a hint about modes.
    expectError(await client.post(`/api/payment/${randomUUID()}/cancel`, {}), 404, 'NOT_FOUND');
  });
});
