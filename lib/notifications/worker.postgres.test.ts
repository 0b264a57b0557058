import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

/**
 * Several server instances sharing one PostgreSQL database, each with its own connection pool and
 * worker: the FOR UPDATE SKIP LOCKED claim must hand every event to exactly one of them. Runs when
 * TEST_DATABASE_URL names a server where a scratch database may be created (as the HTTP suite does).
 */
const testDatabaseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!testDatabaseUrl)('callback workers on PostgreSQL', () => {
  const database = `kasa_callbacks_${randomBytes(6).toString('hex')}`;
  const received: { eventId: string; checkoutId: string; sequence: string }[] = [];
  const stub = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const fields = new URLSearchParams(body);
      received.push({ eventId: String(request.headers['x-kasa-event-id']), checkoutId: fields.get('checkoutId')!, sequence: fields.get('sequence')! });
      setTimeout(() => response.end('ok'), 5 + Math.floor(Math.random() * 20));
    });
  });
  const pools: pg.Pool[] = [];
  let closeStore: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(testDatabaseUrl!);
    url.pathname = `/${database}`;
    vi.stubEnv('DATABASE_URL', url.toString());
    vi.stubEnv('DATA_DIR', mkdtempSync(path.join(tmpdir(), 'kasa-callbacks-pg-')));
    vi.stubEnv('KASA_MODE', 'sandbox');
    vi.stubEnv('KASA_CALLBACK_RETRY_SCHEDULE', '0.2,0.2,0.2');
    vi.stubEnv('KASA_CALLBACK_POLL_MS', '50');
    vi.stubEnv('KASA_LOG_LEVEL', 'silent');
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  }, 60_000);

  afterAll(async () => {
    stub.closeAllConnections();
    await new Promise((resolve) => stub.close(resolve));
    await Promise.all(pools.map((pool) => pool.end()));
    await closeStore();
    (globalThis as typeof globalThis & { __kasa?: Map<string, unknown> }).__kasa?.delete('store');
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    vi.unstubAllEnvs();
  }, 60_000);

  test('three workers with their own pools deliver every event exactly once, each checkout in order', { timeout: 30_000 }, async () => {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { inArray } = await import('drizzle-orm');
    const schema = await import('../db/schema');
    const { openStore } = await import('../db/client');
    const { createMerchant } = await import('../merchants/credentials');
    const { enqueueCallback } = await import('./outbox');
    const { startCallbackWorker } = await import('./worker');

    const store = await openStore();
    expect(store.kind).toBe('postgres');
    closeStore = () => store.close();
    const db = store.db;
    const { merchantId } = await createMerchant({ db, name: 'Busy Shop' });
    const callbackUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/cb`;

    const events: string[] = [];
    const checkoutIds: string[] = [];
    for (let index = 0; index < 20; index++) {
      const [checkout] = await db
        .insert(schema.checkouts)
        .values({ id: randomUUID(), merchantId, orderId: `order-${index}`, currency: 'TRY', amount: 100, callbackUrl, requestHash: 'x', expiresAt: new Date(Date.now() + 3_600_000) })
        .returning();
      checkoutIds.push(checkout.id);
      for (const status of ['FAILED', 'FAILED', 'SUCCESS'] as const) events.push((await db.transaction((tx) => enqueueCallback(tx, { checkout: checkout, status, event: status === 'SUCCESS' ? 'attempt.succeeded' : 'attempt.failed' }))).id);
    }

    const otherInstances = [0, 1].map(() => {
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
      pool.on('error', () => {}); // connections still closing when the database is dropped
      pools.push(pool);
      return drizzle({ client: pool, schema });
    });
    // One merchant, so lift the per-merchant share: every worker runs four attempts at a time.
    const workers = [db, ...otherInstances].map((instance) => startCallbackWorker(instance, { concurrency: 4, perMerchant: 4 }));
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const rows = await db.select({ state: schema.callbackDeliveries.state }).from(schema.callbackDeliveries).where(inArray(schema.callbackDeliveries.id, events));
        if (rows.every((row) => row.state === 'DELIVERED')) break;
        if (Date.now() > deadline) throw new Error(`not delivered in time: ${rows.filter((row) => row.state !== 'DELIVERED').length} left`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }

    const counts = new Map<string, number>();
    for (const { eventId } of received) counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
    expect(counts.size).toBe(events.length);
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    for (const checkoutId of checkoutIds) {
      expect(received.filter((entry) => entry.checkoutId === checkoutId).map((entry) => entry.sequence)).toEqual(['1', '2', '3']);
    }
  });
});
