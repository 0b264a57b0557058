// §10 authorization expiry: the housekeeping job releases every pre-authorization past its window at
// the bank and marks it EXPIRED (capture then answers 409 INVALID_STATE), with one payment.expired
// event. Its state is the payments table only, so a kill -9 and restart between approval and expiry
// lose nothing; on two instances sharing PostgreSQL each pre-authorization is released once, and a
// capture racing the job near the deadline never wins together with it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, type ApiResponse } from '../support/api';
import { expectError } from '../support/assertions';
import { cards } from '../support/cards';
import type { Backend, MerchantCredentials } from '../support/context';
import { paymentRequest } from '../support/requests';
import {
  addInstance,
  createScenario,
  createScenarioMerchant,
  disposeScenario,
  ensureBuilt,
  killHard,
  logOf,
  start,
  stopGracefully,
  withStore,
  type Instance,
  type Query,
  type Scenario,
} from './cluster';
import { countBy, suiteFailed } from './suite';

/** The housekeeping interval of these servers (KASA_MAINTENANCE_INTERVAL_MS): the job runs often. */
const MAINTENANCE_MS = 200;
const RELEASED = 'pre-authorization expired and released at the bank';

const log = (message: string, numbers: object) => { console.log(`[resilience expiry] ${message} ${JSON.stringify(numbers)}`); };
const client = (instance: Instance, merchant: MerchantCredentials) => api({ baseUrl: instance.baseUrl } as Backend, merchant);

async function addExpiryInstance(scenario: Scenario, label: string): Promise<Instance> {
  const instance = await addInstance(scenario, label);
  instance.env.KASA_MAINTENANCE_INTERVAL_MS = String(MAINTENANCE_MS);
  return instance;
}

async function preAuthorize(instance: Instance, merchant: MerchantCredentials, amount = 120.4): Promise<ApiResponse> {
  const response = await client(instance, merchant).post('/api/pre-authorization', paymentRequest({ amount }, cards.world));
  expect(response.status, response.text).toBe(200);
  expect(response.body).toMatchObject({ status: 'SUCCESS', transactionType: 'PRE_AUTHORIZATION', capturedAmount: null });
  return response;
}

/** Moves the deadline of these payments `offsetMs` from now (negative: into the past). */
async function moveDeadline(query: Query, paymentIds: string[], offsetMs: number): Promise<void> {
  const rows = await query(
    `UPDATE payments SET authorization_expires_at = now() + ($2::float8 * interval '1 millisecond') WHERE id = ANY($1::uuid[]) RETURNING id`,
    [paymentIds, offsetMs],
  );
  expect(rows).toHaveLength(paymentIds.length);
}

/** GETs each payment until it is EXPIRED (or the time is up); the last answers. */
async function waitUntilExpired(instance: Instance, merchant: MerchantCredentials, paymentIds: string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await Promise.all(paymentIds.map((id) => client(instance, merchant).get(`/api/payment/${id}`)));
    if (answers.every((answer) => answer.body?.status === 'EXPIRED') || Date.now() > deadline) return answers;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Per payment: its payment.expired events in the store. */
async function expiredEvents(query: Query, paymentIds: string[]): Promise<Map<string, unknown[]>> {
  const rows = await query(`SELECT payment_id::text AS payment_id, data FROM events WHERE type = 'payment.expired' AND payment_id = ANY($1::uuid[])`, [
    paymentIds,
  ]);
  const byPayment = new Map<string, unknown[]>(paymentIds.map((id) => [id, []]));
  for (const row of rows as { payment_id: string; data: unknown }[]) byPayment.get(row.payment_id)!.push(row.data);
  return byPayment;
}

/** Release log lines per payment, over the given instances' logs. */
function releasesInLogs(instances: Instance[], paymentIds: string[]): Record<string, number> {
  const lines = instances.flatMap((instance) => logOf(instance).split('\n').filter((line) => line.includes(RELEASED)));
  return Object.fromEntries(paymentIds.map((id) => [id, lines.filter((line) => line.includes(id)).length]));
}

describe('PGlite: a kill -9 and restart between approval and expiry lose nothing', () => {
  let scenario: Scenario | undefined;
  let kasa: Instance;
  let merchant: MerchantCredentials;

  beforeAll(async () => {
    await ensureBuilt();
    scenario = await createScenario('pglite', 'expiry');
    kasa = await addExpiryInstance(scenario, 'kasa');
    merchant = await createScenarioMerchant(kasa, 'Expiry Shop');
    await start(kasa);
  }, 180_000);

  afterAll(async ({}, suite) => {
    if (scenario) await disposeScenario(scenario, suiteFailed(suite) || process.env.KASA_TEST_KEEP === '1');
  });

  test('past its window: EXPIRED after the restart, released once, capture 409; others untouched', async () => {
    const expiring = await preAuthorize(kasa, merchant);
    const inWindow = await preAuthorize(kasa, merchant);
    const captured = await preAuthorize(kasa, merchant);
    const capture = await client(kasa, merchant).post(`/api/pre-authorization/${captured.body.paymentId}/capture`, { amount: 100, currency: 'TRY' });
    expect(capture.status, capture.text).toBe(200);
    // The store alone must carry the deadline across the kill: nothing is scheduled in memory.
    await killHard(kasa);
    await withStore(scenario!, (query) => moveDeadline(query, [expiring.body.paymentId, captured.body.paymentId], -60_000));
    await start(kasa);

    const [answer] = await waitUntilExpired(kasa, merchant, [expiring.body.paymentId]);
    expect(answer.body).toEqual({
      ...expiring.body,
      status: 'EXPIRED',
      resultCode: 'AUTHORIZATION_EXPIRED',
      resultMessage: expect.any(String),
      merchantCommission: 0,
    });
    expectError(
      await client(kasa, merchant).post(`/api/pre-authorization/${expiring.body.paymentId}/capture`, { amount: 100, currency: 'TRY' }),
      409,
      'INVALID_STATE',
    );
    // Another run of the job later changes nothing.
    await new Promise((resolve) => setTimeout(resolve, MAINTENANCE_MS * 3));
    expect((await client(kasa, merchant).get(`/api/payment/${expiring.body.paymentId}`)).body).toEqual(answer.body);
    expect((await client(kasa, merchant).get(`/api/payment/${captured.body.paymentId}`)).body).toEqual(capture.body);
    expect((await client(kasa, merchant).get(`/api/payment/${inWindow.body.paymentId}`)).body).toEqual(inWindow.body);
    const inWindowCapture = await client(kasa, merchant).post(`/api/pre-authorization/${inWindow.body.paymentId}/capture`, { amount: 120.4, currency: 'TRY' });
    expect(inWindowCapture.status, inWindowCapture.text).toBe(200);

    await stopGracefully(kasa);
    const ids = [expiring.body.paymentId, inWindow.body.paymentId, captured.body.paymentId];
    const events = await withStore(scenario!, (query) => expiredEvents(query, ids));
    expect(events.get(expiring.body.paymentId)).toEqual([answer.body]);
    expect(events.get(inWindow.body.paymentId)).toEqual([]);
    expect(events.get(captured.body.paymentId)).toEqual([]);
    expect(releasesInLogs([kasa], ids)).toEqual({ [ids[0]!]: 1, [ids[1]!]: 0, [ids[2]!]: 0 });
  });
});

if (!process.env.TEST_DATABASE_URL) {
  describe('two instances sharing PostgreSQL: authorization expiry', () => {
    test.skip('skipped: TEST_DATABASE_URL is not set', () => {});
  });
} else {
  describe('two instances sharing PostgreSQL: authorization expiry', () => {
    const COUNT = 20;
    let scenario: Scenario | undefined;
    let a: Instance;
    let b: Instance;
    let merchant: MerchantCredentials;
    const instance = (i: number) => (i % 2 === 0 ? a : b);

    beforeAll(async () => {
      await ensureBuilt();
      scenario = await createScenario('postgres', 'expiry-instances');
      a = await addExpiryInstance(scenario, 'a');
      b = await addExpiryInstance(scenario, 'b');
      merchant = await createScenarioMerchant(a, 'Expiry Instances Shop');
      await Promise.all([start(a), start(b)]);
    }, 180_000);

    afterAll(async ({}, suite) => {
      if (scenario) await disposeScenario(scenario, suiteFailed(suite) || process.env.KASA_TEST_KEEP === '1');
    });

    test(`${COUNT} pre-authorizations past their window, both instances running the job: each released once, one event each`, async () => {
      const approved = await Promise.all(Array.from({ length: COUNT }, (_, i) => preAuthorize(instance(i), merchant)));
      const ids = approved.map((response) => response.body.paymentId as string);
      await withStore(scenario!, (query) => moveDeadline(query, ids, -1_000));
      const answers = await waitUntilExpired(b, merchant, ids);
      expect(answers.map((answer) => answer.body.status)).toEqual(ids.map(() => 'EXPIRED'));
      // Let both instances run the job a few more times over the same rows.
      await new Promise((resolve) => setTimeout(resolve, MAINTENANCE_MS * 5));
      const events = await withStore(scenario!, (query) => expiredEvents(query, ids));
      const releases = releasesInLogs([a, b], ids);
      const byInstance = Object.fromEntries([a, b].map((server) => [server.label, releasesInLogs([server], ids)]));
      log('released by instance', Object.fromEntries(Object.entries(byInstance).map(([label, counts]) => [label, Object.values(counts).reduce((x, y) => x + y, 0)])));
      expect(Object.values(releases)).toEqual(ids.map(() => 1));
      expect(ids.map((id) => events.get(id)!.length)).toEqual(ids.map(() => 1));
      for (const [i, id] of ids.entries()) expect(events.get(id)![0]).toEqual(answers[i].body);
      const captures = await Promise.all(ids.map((id, i) => client(instance(i), merchant).post(`/api/pre-authorization/${id}/capture`, { amount: 50, currency: 'TRY' })));
      for (const capture of captures) expectError(capture, 409, 'INVALID_STATE');
    });

    test(`${COUNT} captures racing the job at the deadline, across both instances: each payment either captured or EXPIRED, never both`, async () => {
      const approved = await Promise.all(Array.from({ length: COUNT }, (_, i) => preAuthorize(instance(i), merchant)));
      const ids = approved.map((response) => response.body.paymentId as string);
      const DEADLINE_MS = 1_500;
      await withStore(scenario!, (query) => moveDeadline(query, ids, DEADLINE_MS));
      const movedAt = Date.now();
      // Captures spread from 300 ms before the deadline to 300 ms after it.
      const captures = await Promise.all(
        ids.map(async (id, i) => {
          const sendAt = movedAt + DEADLINE_MS - 300 + Math.round((600 * i) / (COUNT - 1));
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, sendAt - Date.now())));
          return client(instance(i + 1), merchant).post(`/api/pre-authorization/${id}/capture`, { amount: 60, currency: 'TRY' });
        }),
      );
      for (const capture of captures) if (capture.status !== 200) expectError(capture, 409, 'INVALID_STATE');
      const won = ids.filter((_, i) => captures[i].status === 200);
      const lost = ids.filter((_, i) => captures[i].status !== 200);
      await waitUntilExpired(a, merchant, lost);
      await new Promise((resolve) => setTimeout(resolve, MAINTENANCE_MS * 5));
      const finals = await Promise.all(ids.map((id) => client(a, merchant).get(`/api/payment/${id}`)));
      const events = await withStore(scenario!, (query) => expiredEvents(query, ids));
      log('capture vs expiry at the deadline', { payments: COUNT, captured: won.length, expired: lost.length, outcomes: countBy(finals.map((f) => f.body.status)) });
      for (const [i, id] of ids.entries()) {
        const final = finals[i].body;
        if (captures[i].status === 200) {
          expect(final, `captured ${id}`).toEqual(captures[i].body);
          expect(events.get(id), `no payment.expired for captured ${id}`).toEqual([]);
        } else {
          expect(final, `expired ${id}`).toMatchObject({ status: 'EXPIRED', capturedAmount: null, resultCode: 'AUTHORIZATION_EXPIRED' });
          expect(events.get(id), `one payment.expired for ${id}`).toHaveLength(1);
        }
      }
      const releases = releasesInLogs([a, b], ids);
      expect(ids.map((id) => releases[id])).toEqual(ids.map((id) => (won.includes(id) ? 0 : 1)));
    });
  });
}
