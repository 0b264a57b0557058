import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Config is read at import: point it at a fresh store and a fast poll before loading anything.
const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-events-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('DATABASE_URL', '');
vi.stubEnv('KASA_MODE', 'sandbox');
vi.stubEnv('KASA_CALLBACK_RETRY_SCHEDULE', '0.2,0.2');
vi.stubEnv('KASA_CALLBACK_POLL_MS', '50');
vi.stubEnv('KASA_LOG_LEVEL', 'silent');

const { eq } = await import('drizzle-orm');
const { openStore } = await import('../db/client');
const { callbackDeliveries, checkouts } = await import('../db/schema');
const { createMerchant } = await import('../merchants/credentials');
const { startCallbackWorker } = await import('./worker');
const { verifySignature } = await import('./signing');
const { createEventEndpoint } = await import('./endpoints');
const { expireOverdueCheckouts } = await import('../checkout/overdue');
const { getCheckoutStatus } = await import('../checkout/status');
type Database = import('../db/client').Database;

const received: { path: string; contentType: string; signature: string; body: string }[] = [];
const stub = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', contentType: String(request.headers['content-type']), signature: String(request.headers['x-kasa-signature']), body });
    response.end('ok');
  });
});
let base = '';
let db: Database;
let merchant: { merchantId: string; callbackSecret: string };

beforeAll(async () => {
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  db = (await openStore()).db;
  merchant = await createMerchant({ db, name: 'Events Test Shop' });
});

afterAll(async () => {
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
  await (await openStore()).close();
  (globalThis as typeof globalThis & { __kasa: Map<string, unknown> }).__kasa.delete('store');
  vi.unstubAllEnvs();
});

async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('checkout expiry and the one delivery worker', () => {
  test('housekeeping expires an overdue checkout once: one checkout.expired callback (status EXPIRED, as GET says) and one event, both delivered by one worker', async () => {
    await createEventEndpoint({ db, merchantId: merchant.merchantId, request: { url: `${base}/events`, events: ['checkout.expired'] } });
    const [checkout] = await db
      .insert(checkouts)
      .values({
        id: randomUUID(),
        merchantId: merchant.merchantId,
        orderId: `order-${randomUUID()}`,
        currency: 'TRY',
        amount: 10_000,
        callbackUrl: `${base}/callback`,
        requestHash: 'test',
        expiresAt: new Date(Date.now() - 1_000),
      })
      .returning();
    expect(await expireOverdueCheckouts(db)).toBe(1);
    expect(await expireOverdueCheckouts(db)).toBe(0);
    const rows = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.merchantId, merchant.merchantId));
    expect(rows.map((row) => [row.kind, row.eventType]).sort()).toEqual([
      ['CALLBACK', 'checkout.expired'],
      ['EVENT', 'checkout.expired'],
    ]);

    const worker = startCallbackWorker(db);
    try {
      await waitFor(() => received.length >= 2);
    } finally {
      await worker.stop();
    }
    const callback = received.find((entry) => entry.path === '/callback')!;
    const event = received.find((entry) => entry.path === '/events')!;
    expect(callback.contentType).toBe('application/x-www-form-urlencoded');
    const form = Object.fromEntries(new URLSearchParams(callback.body));
    const status = await getCheckoutStatus({ db, merchant: { id: merchant.merchantId } as never, checkoutId: checkout.id });
    expect(form).toMatchObject({ checkoutId: checkout.id, status: 'EXPIRED', event: 'checkout.expired', sequence: '1' });
    expect(status.status).toBe(form.status);
    expect(event.contentType).toBe('application/json');
    expect(JSON.parse(event.body)).toMatchObject({ type: 'checkout.expired', data: { ...status, checkoutId: checkout.id } });
    for (const entry of [callback, event]) expect(verifySignature(entry.signature, entry.body, merchant.callbackSecret)).toBe(true);
    const settled = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.merchantId, merchant.merchantId));
    expect(settled.every((row) => row.state === 'DELIVERED')).toBe(true);
  });
});
