import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Config is read at import: point it at a fresh store and a fast schedule before loading anything.
const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-callbacks-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('DATABASE_URL', '');
vi.stubEnv('KASA_MODE', 'sandbox');
vi.stubEnv('KASA_CALLBACK_RETRY_SCHEDULE', '0.2,0.2,0.2');
vi.stubEnv('KASA_CALLBACK_POLL_MS', '50');
vi.stubEnv('KASA_LOG_LEVEL', 'silent');

const { asc, eq, inArray } = await import('drizzle-orm');
const { openStore } = await import('../db/client');
const { callbackAttempts, callbackDeliveries, checkouts } = await import('../db/schema');
const { createMerchant } = await import('../merchants/credentials');
const { enqueueCallback, nudgeCallbackWorker } = await import('./outbox');
const { startCallbackWorker, claimDue } = await import('./worker');
const { postCallback, callbackRequest } = await import('./deliver');
const { verifySignature } = await import('./signing');
type Database = import('../db/client').Database;
type CallbackStatus = import('./outbox').CallbackStatus;

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  fields: [string, string][];
}

/** The merchant's endpoint: records every request, answers whatever the current test decides. */
const received: Received[] = [];
let answer: (request: Received, response: http.ServerResponse) => void = (_, response) => response.end('ok');
const stub = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const entry: Received = { path: request.url ?? '', headers: request.headers, body, fields: [...new URLSearchParams(body)] };
    received.push(entry);
    answer(entry, response);
  });
});
let base = '';

let db: Database;
let merchantId = '';
let callbackSecret = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  db = (await openStore()).db;
  ({ merchantId, callbackSecret } = await createMerchant({ db, name: 'Callback Test Shop' }));
});

afterAll(async () => {
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
  await (await openStore()).close();
  registry().delete('store');
  vi.unstubAllEnvs();
});

const registry = () => (globalThis as typeof globalThis & { __kasa: Map<string, unknown> }).__kasa;

async function newCheckout(callbackPath: string) {
  const [checkout] = await db
    .insert(checkouts)
    .values({
      id: randomUUID(),
      merchantId,
      orderId: `order-${randomUUID()}`,
      currency: 'TRY',
      amount: 10_000,
      callbackUrl: `${base}${callbackPath}`,
      requestHash: 'test',
      expiresAt: new Date(Date.now() + 30 * 60_000),
    })
    .returning();
  return checkout;
}

async function enqueue(checkout: Awaited<ReturnType<typeof newCheckout>>, status: CallbackStatus) {
  const delivery = await db.transaction((tx) => enqueueCallback(tx, { checkout, status, event: status === 'SUCCESS' ? 'attempt.succeeded' : 'attempt.failed' }));
  nudgeCallbackWorker();
  return delivery;
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const deliveriesOf = (checkoutId: string) =>
  db.select().from(callbackDeliveries).where(eq(callbackDeliveries.checkoutId, checkoutId)).orderBy(asc(callbackDeliveries.sequence));
const attemptsOf = (deliveryId: string) =>
  db.select().from(callbackAttempts).where(eq(callbackAttempts.deliveryId, deliveryId)).orderBy(asc(callbackAttempts.attemptedAt));
const settled = (checkoutId: string) => async () => {
  const rows = await deliveriesOf(checkoutId);
  return rows.length > 0 && rows.every((row) => row.state !== 'PENDING') && rows;
};
const forPath = (callbackPath: string) => received.filter((entry) => entry.path === callbackPath);

describe('callback worker', () => {
  test('three events go out in sequence order through two failed attempts, signed, with every attempt recorded', { timeout: 15_000 }, async () => {
    const callbackPath = '/orders/1/callback';
    let served = 0;
    answer = (request, response) => {
      if (request.path !== callbackPath) return response.end('ok');
      response.statusCode = ++served <= 2 ? 500 : 200;
      response.end();
    };
    const checkout = await newCheckout(callbackPath);
    const events = [await enqueue(checkout, 'FAILED'), await enqueue(checkout, 'FAILED'), await enqueue(checkout, 'SUCCESS')];
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3]);
    expect(events.every((event) => /^evt_[A-Za-z0-9_-]{22}$/.test(event.id) && event.url === `${base}${callbackPath}`)).toBe(true);
    const [row] = await db.select({ eventSequence: checkouts.eventSequence }).from(checkouts).where(eq(checkouts.id, checkout.id));
    expect(row.eventSequence).toBe(3);

    const worker = startCallbackWorker(db);
    try {
      const deliveries = await waitFor(settled(checkout.id));
      expect(deliveries.map((delivery) => [delivery.sequence, delivery.state, delivery.attemptCount])).toEqual([
        [1, 'DELIVERED', 3],
        [2, 'DELIVERED', 1],
        [3, 'DELIVERED', 1],
      ]);
      expect(deliveries.every((delivery) => delivery.deliveredAt instanceof Date)).toBe(true);
    } finally {
      await worker.stop();
    }

    const requests = forPath(callbackPath);
    // Event 2 waited while event 1 was failing: the wire order is 1, 1, 1, 2, 3.
    expect(requests.map((request) => request.fields.find(([key]) => key === 'sequence')![1])).toEqual(['1', '1', '1', '2', '3']);
    for (const [index, request] of requests.entries()) {
      const event = events[Math.max(0, index - 2)];
      expect(request.fields).toEqual([
        ['checkoutId', checkout.id],
        ['status', event.checkoutStatus],
        ['event', event.eventType],
        ['eventId', event.id],
        ['sequence', String(event.sequence)],
      ]);
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers['user-agent']).toBe('Kasa-Callbacks/1');
      expect(request.headers['x-kasa-event-id']).toBe(event.id);
      const signature = String(request.headers['x-kasa-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(signature, request.body, callbackSecret)).toBe(true);
      expect(verifySignature(signature, request.body, 'whsec_someone_else')).toBe(false);
    }

    const first = await attemptsOf(events[0].id);
    expect(first.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
      [500, 'HTTP 500'],
      [500, 'HTTP 500'],
      [200, null],
    ]);
    for (const attempt of first) {
      expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
      expect(attempt.latencyMs).toBeLessThan(5_000);
    }
    // The schedule (0.2 s) separates the attempts.
    expect(first[1].attemptedAt.getTime() - first[0].attemptedAt.getTime()).toBeGreaterThanOrEqual(190);
    expect(first[2].attemptedAt.getTime() - first[1].attemptedAt.getTime()).toBeGreaterThanOrEqual(190);
    expect((await attemptsOf(events[2].id)).map((attempt) => attempt.statusCode)).toEqual([200]);
  });

  test('a 3xx is a failed attempt, the redirect is not followed, and after the schedule the delivery is FAILED', { timeout: 15_000 }, async () => {
    const callbackPath = '/moved/callback';
    answer = (request, response) => {
      if (request.path !== callbackPath) return response.end('ok');
      response.writeHead(302, { Location: `${base}/redirect-target` });
      response.end();
    };
    const checkout = await newCheckout(callbackPath);
    const event = await enqueue(checkout, 'SUCCESS');
    const worker = startCallbackWorker(db);
    try {
      const [delivery] = await waitFor(settled(checkout.id));
      // Schedule 0.2,0.2,0.2: the first attempt and three retries, then FAILED.
      expect([delivery.state, delivery.attemptCount, delivery.deliveredAt]).toEqual(['FAILED', 4, null]);
    } finally {
      await worker.stop();
    }
    expect(forPath(callbackPath)).toHaveLength(4);
    expect(forPath('/redirect-target')).toHaveLength(0);
    expect((await attemptsOf(event.id)).map((attempt) => [attempt.statusCode, attempt.error])).toEqual(
      Array(4).fill([302, 'redirect not followed']),
    );
  });

  test('an attempt with no answer within the timeout is recorded as an error and retried', { timeout: 15_000 }, async () => {
    const callbackPath = '/slow/callback';
    let served = 0;
    answer = (request, response) => {
      if (request.path !== callbackPath) return response.end('ok');
      if (++served === 1) return; // never answers
      response.end('ok');
    };
    const checkout = await newCheckout(callbackPath);
    const event = await enqueue(checkout, 'SUCCESS');
    const worker = startCallbackWorker(db, { timeoutMs: 300 });
    try {
      await waitFor(settled(checkout.id));
    } finally {
      await worker.stop();
    }
    const attempts = await attemptsOf(event.id);
    expect(attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
      [null, 'timed out after 300 ms'],
      [200, null],
    ]);
    expect(attempts[0].latencyMs).toBeGreaterThanOrEqual(290);
    expect(attempts[0].latencyMs).toBeLessThan(2_000);
  });

  test('the default attempt timeout is 10 s', async () => {
    const { CALLBACK_TIMEOUT_MS } = await import('./deliver');
    expect(CALLBACK_TIMEOUT_MS).toBe(10_000);
  });

  test('a connection refused is a failed attempt with the error recorded', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await postCallback({ url: `http://127.0.0.1:${port}/cb`, body: 'a=b', headers: {} }, { mode: 'sandbox' });
    expect(outcome).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('ECONNREFUSED') });
  });

  test('pending deliveries survive a restart: a new worker on a reopened store delivers them', { timeout: 15_000 }, async () => {
    const callbackPath = '/restart/callback';
    answer = (_, response) => response.end('ok');
    const checkout = await newCheckout(callbackPath);
    // Nothing runs while these are written, as if the server were down.
    const event = await enqueue(checkout, 'SUCCESS');

    await (await openStore()).close();
    registry().delete('store');
    db = (await openStore()).db;

    const worker = startCallbackWorker(db);
    try {
      const [delivery] = await waitFor(settled(checkout.id));
      expect(delivery.state).toBe('DELIVERED');
    } finally {
      await worker.stop();
    }
    expect(forPath(callbackPath).map((request) => request.headers['x-kasa-event-id'])).toEqual([event.id]);
  });

  test('a delivery claimed by a worker that died mid-attempt is retried once its lease lapses', { timeout: 15_000 }, async () => {
    const callbackPath = '/lease/callback';
    answer = (_, response) => response.end('ok');
    const checkout = await newCheckout(callbackPath);
    const event = await enqueue(checkout, 'SUCCESS');
    // The "dead" worker: claims with a 500 ms lease, then never sends nor records anything.
    expect((await claimDue(db, { limit: 10, leaseMs: 500 })).map((row) => row.id)).toEqual([event.id]);
    const claimedAt = Date.now();

    const worker = startCallbackWorker(db);
    try {
      await waitFor(settled(checkout.id));
    } finally {
      await worker.stop();
    }
    expect(forPath(callbackPath)).toHaveLength(1);
    const [attempt] = await attemptsOf(event.id);
    expect(attempt.attemptedAt.getTime() - claimedAt).toBeGreaterThanOrEqual(400);
  });

  test('a claim leases no more deliveries than its limit, and never a later event of a checkout with an earlier one pending', { timeout: 15_000 }, async () => {
    const callbackPath = '/claim/callback';
    answer = (_, response) => response.end('ok');
    const created = await Promise.all(Array.from({ length: 5 }, () => newCheckout(callbackPath)));
    const events: string[] = [];
    for (const checkout of created) for (const status of ['FAILED', 'SUCCESS'] as const) events.push((await enqueue(checkout, status)).id);

    const claimed = await claimDue(db, { limit: 2, leaseMs: 1 });
    expect(claimed).toHaveLength(2);
    expect(claimed.every((delivery) => delivery.sequence === 1)).toBe(true);
    const all = await claimDue(db, { limit: 100, leaseMs: 60_000 });
    // Only the five first events are due: each second event waits for its checkout's first.
    expect(all.map((delivery) => delivery.sequence)).toEqual([1, 1, 1, 1, 1]);
    expect(await claimDue(db, { limit: 100, leaseMs: 60_000 })).toEqual([]);

    // Hand them back and let a worker finish the lot.
    await db.update(callbackDeliveries).set({ nextAttemptAt: new Date() }).where(inArray(callbackDeliveries.id, events));
    const worker = startCallbackWorker(db);
    try {
      for (const checkout of created) await waitFor(settled(checkout.id));
    } finally {
      await worker.stop();
    }
    expect(forPath(callbackPath)).toHaveLength(10);
  });

  test('two workers on one store never deliver an event twice, and keep each checkout in order', { timeout: 20_000 }, async () => {
    const callbackPath = '/busy/callback';
    answer = (request, response) => {
      // A little latency so the workers' attempts overlap.
      setTimeout(() => response.end('ok'), 15);
    };
    const created = await Promise.all(Array.from({ length: 8 }, () => newCheckout(callbackPath)));
    const events: string[] = [];
    for (const checkout of created) for (const status of ['FAILED', 'FAILED', 'SUCCESS'] as const) events.push((await enqueue(checkout, status)).id);

    const workers = [startCallbackWorker(db), startCallbackWorker(db)];
    try {
      await waitFor(async () => {
        const rows = await db.select().from(callbackDeliveries).where(inArray(callbackDeliveries.id, events));
        return rows.every((row) => row.state === 'DELIVERED');
      });
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const counts = new Map<string, number>();
    for (const request of forPath(callbackPath)) {
      const id = String(request.headers['x-kasa-event-id']);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(events.length);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    for (const checkout of created) {
      const sequences = forPath(callbackPath)
        .filter((request) => request.fields[0][1] === checkout.id)
        .map((request) => request.fields[4][1]);
      expect(sequences).toEqual(['1', '2', '3']);
    }
  });

  test('a slow merchant holds only its own slots: another merchant is delivered meanwhile', { timeout: 15_000 }, async () => {
    const slowPath = '/slow-merchant/callback';
    const fastPath = '/fast-merchant/callback';
    const held: http.ServerResponse[] = [];
    answer = (request, response) => {
      if (request.path === slowPath) held.push(response);
      else response.end('ok');
    };
    const slow = await Promise.all(Array.from({ length: 4 }, () => newCheckout(slowPath)));
    for (const checkout of slow) await enqueue(checkout, 'SUCCESS');
    const other = await createMerchant({ db, name: 'Fast Shop' });
    const saved = merchantId;
    merchantId = other.merchantId;
    const fast = await newCheckout(fastPath);
    merchantId = saved;

    const worker = startCallbackWorker(db, { concurrency: 4 });
    try {
      await waitFor(() => Promise.resolve(held.length >= 2));
      await enqueue(fast, 'SUCCESS');
      await waitFor(settled(fast.id), 3_000);
      // Two of four slots at most for the slow merchant.
      expect(held).toHaveLength(2);
    } finally {
      // Answer the held requests (and those still to come) so the worker can stop.
      answer = (_, response) => response.end('ok');
      for (const response of held) response.end('ok');
      for (const checkout of slow) await waitFor(settled(checkout.id));
      await worker.stop();
    }
  });
});

describe('live mode delivery', () => {
  test('an https URL on a non-public address is refused before any connection', async () => {
    const before = received.length;
    const port = (stub.address() as AddressInfo).port;
    for (const url of [`https://127.0.0.1:${port}/cb`, `https://[::ffff:127.0.0.1]:${port}/cb`, `https://0x7f000001:${port}/cb`, `https://localhost:${port}/cb`]) {
      const outcome = await postCallback({ url, body: 'a=b', headers: {} }, { mode: 'live' });
      expect(outcome).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: /) });
    }
    expect(received.length).toBe(before);
  });

  test('an http URL is refused in live mode', async () => {
    const outcome = await postCallback({ url: 'http://93.184.216.34/cb', body: 'a=b', headers: {} }, { mode: 'live' });
    expect(outcome).toMatchObject({ ok: false, error: 'live mode delivers to https callback URLs only' });
  });

  test('the connection goes to the checked address, never to a second resolution of the name', async () => {
    // A TCP listener stands in for the merchant: the TLS handshake fails, but the connection and its
    // server name show where Kasa connected. merchant.invalid cannot resolve by itself (RFC 6761).
    const hellos: Buffer[] = [];
    const listener = net.createServer((socket) => socket.once('data', (chunk) => (hellos.push(chunk), socket.destroy())));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as AddressInfo).port;
    const checked: string[] = [];
    try {
      const outcome = await postCallback(
        callbackRequest({
          delivery: { id: 'evt_test', checkoutId: randomUUID(), checkoutStatus: 'SUCCESS', sequence: 1, url: `https://merchant.invalid:${port}/cb` },
          secrets: ['whsec_x'],
          timestampSeconds: 1,
        }),
        {
          mode: 'live',
          timeoutMs: 2_000,
          resolve: (url) => {
          checked.push(url);
          return Promise.resolve({ ok: true, address: '127.0.0.1', family: 4 });
        },
        },
      );
      expect(outcome.ok).toBe(false);
      expect(checked).toEqual([`https://merchant.invalid:${port}/cb`]);
      expect(hellos).toHaveLength(1);
      expect(hellos[0].includes(Buffer.from('merchant.invalid'))).toBe(true); // SNI: the URL's host
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
