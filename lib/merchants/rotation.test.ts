import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Config is read at import: point it at a fresh embedded store before loading anything.
const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-rotation-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('DATABASE_URL', '');
vi.stubEnv('KASA_MODE', 'sandbox');
vi.stubEnv('KASA_CALLBACK_POLL_MS', '50');
vi.stubEnv('KASA_LOG_LEVEL', 'silent');

const { and, eq, isNull, sql } = await import('drizzle-orm');
const { openStore } = await import('../db/client');
const { apiCredentials, callbackDeliveries, checkouts, merchants } = await import('../db/schema');
const { authenticateMerchant, createMerchant, forgetVerifiedCredentials } = await import('./credentials');
const { rotateApiSecret, rotateCallbackSecret } = await import('./rotation');
const { callbackSecrets, startCallbackWorker } = await import('../notifications/worker');
const { enqueueCallback, nudgeCallbackWorker } = await import('../notifications/outbox');
const { verifySignature } = await import('../notifications/signing');
type Database = import('../db/client').Database;

let db: Database;
const registry = () => (globalThis as typeof globalThis & { __kasa: Map<string, unknown> }).__kasa;

beforeAll(async () => {
  db = (await openStore()).db;
});

afterAll(async () => {
  await (await openStore()).close();
  registry().delete('store');
  vi.unstubAllEnvs();
});

const authenticates = async (apiKey: string, apiSecret: string) => (await authenticateMerchant({ db, apiKey, apiSecret }))?.id ?? null;
const HOUR = 3_600_000;

/** Moves a secret's expiry into the past, as if the overlap had run out, and lets the 5 s cache lapse. */
async function endOverlap(merchantId: string, last4: string) {
  await db
    .update(apiCredentials)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(and(eq(apiCredentials.merchantId, merchantId), eq(apiCredentials.secretLast4, last4)));
  forgetVerifiedCredentials();
}

describe('API secret rotation', () => {
  test('the old secret authenticates during the overlap and not after it; the new one from the start', async () => {
    const { merchantId, apiKey, apiSecret: oldSecret } = await createMerchant({ db, name: 'Overlap Shop' });
    expect(await authenticates(apiKey, oldSecret)).toBe(merchantId);

    const before = Date.now();
    const rotated = await rotateApiSecret({ db, merchantId, overlapHours: 24 });
    expect(rotated.apiKey).toBe(apiKey);
    expect(rotated.apiSecret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(rotated.apiSecret).not.toBe(oldSecret);
    expect(rotated.secretLast4).toBe(rotated.apiSecret.slice(-4));
    expect(rotated.previousExpiresAt.getTime()).toBeGreaterThanOrEqual(before + 24 * HOUR - 5_000);
    expect(rotated.previousExpiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 24 * HOUR + 5_000);

    expect(await authenticates(apiKey, oldSecret)).toBe(merchantId);
    expect(await authenticates(apiKey, rotated.apiSecret)).toBe(merchantId);

    // Only the keyed hash of the new secret is stored, under the same API key.
    const rows = await db.select().from(apiCredentials).where(eq(apiCredentials.merchantId, merchantId));
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.apiKey === apiKey)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(rotated.apiSecret);
    expect(rows.find((row) => row.expiresAt === null)!.secretLast4).toBe(rotated.secretLast4);

    await endOverlap(merchantId, oldSecret.slice(-4));
    expect(await authenticates(apiKey, oldSecret)).toBeNull();
    expect(await authenticates(apiKey, rotated.apiSecret)).toBe(merchantId);
  });

  test('overlap 0: the old secret stops working at once, even though it was just verified and cached', async () => {
    const { merchantId, apiKey, apiSecret: oldSecret } = await createMerchant({ db, name: 'No Overlap Shop' });
    expect(await authenticates(apiKey, oldSecret)).toBe(merchantId); // now in the 5 s cache
    const rotated = await rotateApiSecret({ db, merchantId, overlapHours: 0 });
    expect(rotated.previousExpiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await authenticates(apiKey, oldSecret)).toBeNull();
    expect(await authenticates(apiKey, rotated.apiSecret)).toBe(merchantId);
  });

  test('a second rotation never extends the first one’s overlap, and each secret works only within its own', async () => {
    const { merchantId, apiKey, apiSecret: first } = await createMerchant({ db, name: 'Twice Shop' });
    const second = await rotateApiSecret({ db, merchantId, overlapHours: 1 });
    const third = await rotateApiSecret({ db, merchantId, overlapHours: 72 });
    const rows = await db.select().from(apiCredentials).where(eq(apiCredentials.merchantId, merchantId));
    const expiryOf = (last4: string) => rows.find((row) => row.secretLast4 === last4)!.expiresAt!.getTime();
    expect(expiryOf(first.slice(-4))).toBeLessThanOrEqual(Date.now() + HOUR + 5_000);
    expect(expiryOf(second.secretLast4)).toBeGreaterThan(Date.now() + 71 * HOUR);
    expect(third.previousExpiresAt.getTime()).toBe(expiryOf(second.secretLast4));
    for (const secret of [first, second.apiSecret, third.apiSecret]) expect(await authenticates(apiKey, secret)).toBe(merchantId);

    await rotateApiSecret({ db, merchantId, overlapHours: 0 });
    for (const secret of [first, second.apiSecret, third.apiSecret]) expect(await authenticates(apiKey, secret)).toBeNull();
  });

  test('rotating one merchant’s secret leaves another merchant’s credentials alone', async () => {
    const a = await createMerchant({ db, name: 'Shop A' });
    const b = await createMerchant({ db, name: 'Shop B' });
    await rotateApiSecret({ db, merchantId: a.merchantId, overlapHours: 0 });
    expect(await authenticates(a.apiKey, a.apiSecret)).toBeNull();
    expect(await authenticates(b.apiKey, b.apiSecret)).toBe(b.merchantId);
    const [bRow] = await db.select().from(apiCredentials).where(eq(apiCredentials.merchantId, b.merchantId));
    expect(bRow.expiresAt).toBeNull();
  });

  test('an overlap outside 0–72 whole hours is VALIDATION_ERROR and changes nothing; an unknown merchant is NOT_FOUND', async () => {
    const { merchantId, apiKey, apiSecret } = await createMerchant({ db, name: 'Invalid Overlap Shop' });
    for (const overlapHours of [-1, 73, 1.5, Number.NaN]) {
      await expect(rotateApiSecret({ db, merchantId, overlapHours })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
      await expect(rotateCallbackSecret({ db, merchantId, overlapHours })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    expect(await db.select().from(apiCredentials).where(eq(apiCredentials.merchantId, merchantId))).toHaveLength(1);
    expect(await authenticates(apiKey, apiSecret)).toBe(merchantId);
    await expect(rotateApiSecret({ db, merchantId: 'mch_nobody', overlapHours: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rotateCallbackSecret({ db, merchantId: 'mch_nobody', overlapHours: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('callback secret rotation', () => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const stub = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.end('ok');
    });
  });
  let callbackUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/cb`;
  });
  afterAll(async () => {
    stub.closeAllConnections();
    await new Promise((resolve) => stub.close(resolve));
  });

  /** Enqueues one event for the merchant, runs a worker until it is delivered, returns what arrived. */
  async function deliverOne(merchantId: string) {
    const [checkout] = await db
      .insert(checkouts)
      .values({ id: randomUUID(), merchantId, orderId: `order-${randomUUID()}`, currency: 'TRY', amount: 100, callbackUrl, requestHash: 'x', expiresAt: new Date(Date.now() + HOUR) })
      .returning();
    const event = await db.transaction((tx) => enqueueCallback(tx, { checkout: checkout, status: 'SUCCESS', event: 'attempt.succeeded' }));
    const worker = startCallbackWorker(db);
    nudgeCallbackWorker();
    try {
      const deadline = Date.now() + 8_000;
      for (;;) {
        const [row] = await db.select().from(callbackDeliveries).where(eq(callbackDeliveries.id, event.id));
        if (row.state === 'DELIVERED') break;
        if (Date.now() > deadline) throw new Error('not delivered in time');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await worker.stop();
    }
    const request = received.find((entry) => entry.headers['x-kasa-event-id'] === event.id)!;
    return { signature: String(request.headers['x-kasa-signature']), body: request.body };
  }

  test('during the overlap every callback carries one v1 per valid secret, and either secret verifies it', { timeout: 20_000 }, async () => {
    const { merchantId, callbackSecret: oldSecret } = await createMerchant({ db, name: 'Callback Overlap Shop' });
    const before = Date.now();
    const rotated = await rotateCallbackSecret({ db, merchantId, overlapHours: 48 });
    expect(rotated.callbackSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(rotated.previousExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 48 * HOUR - 5_000);
    expect(await callbackSecrets(db, merchantId)).toEqual([rotated.callbackSecret, oldSecret]);

    const during = await deliverOne(merchantId);
    expect(during.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifySignature(during.signature, during.body, oldSecret)).toBe(true);
    expect(verifySignature(during.signature, during.body, rotated.callbackSecret)).toBe(true);
    expect(verifySignature(during.signature, during.body, 'whsec_someone_else')).toBe(false);

    // The overlap runs out: one v1 again, for the new secret only.
    await db.update(merchants).set({ previousCallbackSecretExpiresAt: sql`now() - interval '1 second'` }).where(eq(merchants.id, merchantId));
    expect(await callbackSecrets(db, merchantId)).toEqual([rotated.callbackSecret]);
    const after = await deliverOne(merchantId);
    expect(after.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(after.signature, after.body, rotated.callbackSecret)).toBe(true);
    expect(verifySignature(after.signature, after.body, oldSecret)).toBe(false);
  });

  test('overlap 0 drops the old secret at once; a second rotation during an overlap replaces the previous slot', { timeout: 20_000 }, async () => {
    const { merchantId, callbackSecret: first } = await createMerchant({ db, name: 'Callback No Overlap Shop' });
    const second = await rotateCallbackSecret({ db, merchantId, overlapHours: 0 });
    expect(second.previousExpiresAt).toBeNull();
    const [row] = await db.select().from(merchants).where(and(eq(merchants.id, merchantId), isNull(merchants.previousCallbackSecretSealed)));
    expect(row).toBeDefined();
    const delivered = await deliverOne(merchantId);
    expect(delivered.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(delivered.signature, delivered.body, second.callbackSecret)).toBe(true);
    expect(verifySignature(delivered.signature, delivered.body, first)).toBe(false);

    const third = await rotateCallbackSecret({ db, merchantId, overlapHours: 1 });
    const fourth = await rotateCallbackSecret({ db, merchantId, overlapHours: 1 });
    expect(await callbackSecrets(db, merchantId)).toEqual([fourth.callbackSecret, third.callbackSecret]);
  });

  test('one merchant’s rotation does not touch another merchant’s signing secret', async () => {
    const a = await createMerchant({ db, name: 'Callback Shop A' });
    const b = await createMerchant({ db, name: 'Callback Shop B' });
    await rotateCallbackSecret({ db, merchantId: a.merchantId, overlapHours: 24 });
    expect(await callbackSecrets(db, b.merchantId)).toEqual([b.callbackSecret]);
  });
});
