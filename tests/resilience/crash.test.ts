// Crash safety: the production server is kill -9'd in the middle of a load of sales, pre-authorizations
// with captures, direct 3-D Secure payments and paid checkouts, then restarted on the same data.
// Everything answered 200 must still be there as answered, nothing may be left half-written without a
// recovery rule, and callback events the merchant refused before the kill are delivered after it.
// PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (a fresh database per run, dropped after).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MerchantCredentials } from '../support/context';
import { cardDataInDatabase, cardDataInDataDir, cardDataInLog } from '../support/card-audit';
import { duplicates, startCallbackStub, type CallbackStub } from './callback-stub';
import {
  addInstance,
  createScenario,
  createScenarioMerchant,
  disposeScenario,
  ensureBuilt,
  killHard,
  start,
  stopGracefully,
  withStore,
  type Instance,
  type Query,
  type Scenario,
  type StoreKind,
} from './cluster';
import { exchangeOf, getWithRetry, newFlow, newFlowContext, runFlow, runLoad, unanswered, type Flow, type Step, type Target } from './flows';
import { halfWritten, readStore, type StoreSnapshot } from './store-checks';
import { countBy, suiteFailed } from './suite';
import { resumeAfterRestart, verifyAfterRestart, verifyRefunds, type Verification } from './verify';

/** How long the load runs before the kill (at least, at most), and how many clients drive it at once. */
const LOAD_MS = 3_000;
const MAX_LOAD_MS = 15_000;
const WORKERS = 8;
/** Requests that must have been answered 200 (each, during the load) before the kill. */
const KEY_STEPS: Step[] = ['sale', 'refund', 'preauth', 'capture', 'enroll', 'complete', 'checkout', 'pay', 'return'];
const enoughAnswered = (flows: Flow[]) =>
  KEY_STEPS.every((step) => flows.filter((flow) => exchangeOf(flow, step)?.status === 200).length >= 3);

/** The load: each client goes round this list, starting at its own place. */
const MIX: (() => Flow)[] = [
  () => newFlow('sale'),
  () => newFlow('checkout', { authenticate: true }),
  () => newFlow('preauth'),
  () => newFlow('threeDs', { authenticate: true }),
  () => newFlow('sale', { card: 'doNotHonor' }),
  () => newFlow('checkout', { authenticate: false }),
  () => newFlow('threeDs', { authenticate: false }),
  () => newFlow('preauth'),
];

const kinds: StoreKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(kinds)('%s: kill -9 mid-load, restart on the same data', (kind) => {
  let scenario: Scenario | undefined;
  let kasa: Instance;
  let merchant: MerchantCredentials;
  let stub: CallbackStub | undefined;
  const flows: Flow[] = [];
  let verification: Verification;
  /** Callback posts refused (503) before the restart. */
  let refusedBeforeRestart = 0;
  let loadMs = 0;
  let restartedAt = 0;
  /** Deliveries the killed process had claimed: their lease (attempt timeout + 30 s) is expired by SQL. */
  let leasedByKilledProcess = -1;
  /** The store as last read (PGlite: with its server stopped). */
  let latest: StoreSnapshot;
  const stillProcessingBefore: string[] = [];
  const log = (message: string, numbers: object) => { console.log(`[resilience ${kind}] ${message} ${JSON.stringify(numbers)}`); };
  const target = (): Target => ({ label: kasa.label, baseUrl: kasa.baseUrl });
  const flowOf = (orderId: string) => flows.find((flow) => flow.orderId === orderId);

  beforeAll(async () => {
    await ensureBuilt();
    scenario = await createScenario(kind, 'crash');
    kasa = await addInstance(scenario, 'kasa');
    merchant = await createScenarioMerchant(kasa, 'Crash Shop');
    // The merchant refuses every callback until the server is restarted.
    stub = await startCallbackStub({ callbackSecrets: [merchant.callbackSecret], failing: true });
    await start(kasa);

    const context = newFlowContext({ merchant, targets: [target()], callbackUrl: stub.url });
    // Warm-up: one flow of each kind, so that the timed load does not wait for routes to load.
    for (const make of MIX.slice(0, 4)) flows.push(await runFlow(context, make()));
    const loadStarted = Date.now();
    let running = true;
    const load = runLoad(context, { workers: WORKERS, mix: MIX, running: () => running });
    // Kill when every kind of request has been answered a few times (and at least LOAD_MS), mid-flight.
    while (Date.now() - loadStarted < LOAD_MS || (!enoughAnswered(load.flows) && Date.now() - loadStarted < MAX_LOAD_MS)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    running = false;
    await killHard(kasa);
    loadMs = Date.now() - loadStarted;
    flows.push(...(await load.done));
    refusedBeforeRestart = stub.received.length;
    stub.failing = false;
    restartedAt = Date.now();
    await start(kasa);
  }, 180_000);

  afterAll(async ({}, suite) => {
    await stub?.close();
    if (scenario) await disposeScenario(scenario, suiteFailed(suite) || process.env.KASA_TEST_KEEP === '1');
  });

  test('every request answered 200 before the kill is there after the restart, in the answered state', async () => {
    verification = await verifyAfterRestart(flows, target(), merchant);
    log('before the kill', { loadMs, flows: flows.length, answered200: verification.answered, unanswered: verification.unanswered });
    log('after the restart', {
      objectsChecked: verification.checked,
      lost: verification.lost.length,
      changed: verification.changed.length,
      pendingViaGet: verification.pending.length,
      inFlight: verification.inFlight,
    });
    // The load was real: every kind of request was answered many times before the kill.
    for (const step of KEY_STEPS) {
      expect(verification.answered[step] ?? 0, `${step} requests answered 200 before the kill`).toBeGreaterThan(0);
    }
    expect(verification.lost, 'answered 200, missing after the restart').toEqual([]);
    expect(verification.changed, 'answered 200, in another state after the restart').toEqual([]);
  });

  test('a 3-D Secure challenge answered before the kill completes after the restart as the issuer decided', async () => {
    const { resumed, problems } = await resumeAfterRestart(flows, target(), merchant);
    log('issuer answers resumed after the restart', { resumed, problems: problems.length });
    expect(problems).toEqual([]);
  });

  test('no payment is left between states: PROCESSING only where the request got no answer, and recovery settles it', async () => {
    // The recovery rule: PROCESSING for 2 minutes → FAILED PROCESSING_INTERRUPTED, at start-up and every
    // minute. Nobody waits 2 minutes here: rows are aged by SQL and the server restarted. A synthetic
    // interrupted sale (a copy of an answered one, aged 3 minutes) makes sure the rule runs even when
    // the kill left no PROCESSING row. PostgreSQL: read now; age every PROCESSING row, restart.
    // PGlite (read only with its server stopped): read and plant the synthetic row in one stop; the
    // kill's own PROCESSING rows stay younger than 2 minutes, GET must report them PENDING.
    let before: StoreSnapshot;
    let syntheticId: string;
    if (kind === 'postgres') {
      before = await withStore(scenario!, (query) => readStore(query, [merchant.merchantId]));
    } else {
      await stopGracefully(kasa);
      [before, syntheticId] = await withStore(scenario!, async (query) => {
        const read = await readStore(query, [merchant.merchantId]);
        leasedByKilledProcess = await expireLeases(query, merchant.merchantId);
        return [read, await plantInterruptedSale(query, read)] as const;
      });
      await start(kasa);
    }
    latest = before;
    const processing = before.payments.filter((payment) => payment.status === 'PROCESSING');
    stillProcessingBefore.push(...processing.map((payment) => payment.id));
    const settlingStep: Record<Flow['kind'], Step> = { sale: 'sale', preauth: 'preauth', threeDs: 'complete', checkout: 'return' };
    const unexplained = processing.filter((payment) => {
      const flow = flowOf(payment.order_id);
      return !flow || !unanswered(flow, settlingStep[flow.kind]);
    });
    // GET /api/payment/{id} reports a PROCESSING row as PENDING.
    const viaGet = await Promise.all(processing.map((payment) => getWithRetry(target(), merchant, `/api/payment/${payment.id}`)));
    log('PROCESSING rows after the restart', {
      rows: processing.length,
      reportedPendingByGet: viaGet.filter((response) => response.body?.status === 'PENDING').length,
      ofUnansweredRequests: processing.length - unexplained.length,
      byKind: countBy(processing.map((payment) => flowOf(payment.order_id)?.kind ?? 'unknown')),
      paymentsInStore: before.payments.length,
      checkoutsInStore: before.checkouts.length,
    });
    expect(unexplained.map((payment) => `${payment.order_id} ${payment.id}`), 'PROCESSING rows of requests that were answered').toEqual([]);
    expect(viaGet.map((response) => response.body?.status)).toEqual(processing.map(() => 'PENDING'));
    expect(halfWritten(before), 'half-written rows after the restart').toEqual([]);

    if (kind === 'postgres') {
      syntheticId = await withStore(scenario!, async (query) => {
        await query(`UPDATE payments SET processing_started_at = now() - interval '3 minutes' WHERE merchant_id = $1 AND status = 'PROCESSING'`, [
          merchant.merchantId,
        ]);
        await query(`UPDATE refunds SET processing_started_at = now() - interval '3 minutes' WHERE merchant_id = $1 AND status = 'PROCESSING'`, [
          merchant.merchantId,
        ]);
        return plantInterruptedSale(query, before);
      });
      await stopGracefully(kasa);
      leasedByKilledProcess = await withStore(scenario!, (query) => expireLeases(query, merchant.merchantId));
      await start(kasa);
    }
    const interrupted = [...(kind === 'postgres' ? processing.map((payment) => payment.id) : []), syntheticId!];
    const settled = await Promise.all(interrupted.map((paymentId) => untilSettled(target(), merchant, paymentId)));
    log('recovery of rows aged 3 minutes, at the restart', {
      agedRows: interrupted.length,
      ofWhichSynthetic: 1,
      settledAs: countBy(settled.map((body) => `${body.status} ${body.resultCode}`)),
      leftForTheMinuteJob: kind === 'pglite' ? processing.length : 0,
    });
    for (const body of settled) expect(body).toMatchObject({ status: 'FAILED', resultCode: 'PROCESSING_INTERRUPTED' });
    // The store after recovery is read in the next test (PGlite: once its server is stopped for good).
  });

  test('every refund answered before the kill is there as answered; one in flight is not written, left to recovery, or settled once', async () => {
    let refunds = await verifyRefunds(flows, target(), merchant);
    // PostgreSQL: refunds in flight were aged with the payments and the server restarted, so the
    // recovery at start-up settles them; PGlite's stay younger than 2 minutes (PENDING is allowed).
    for (let tries = 0; kind === 'postgres' && tries < 40 && refunds.inFlight['refund in flight: PENDING']; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      refunds = await verifyRefunds(flows, target(), merchant);
    }
    log('refunds', { answeredBeforeKill: refunds.answered, lost: refunds.lost.length, inFlight: refunds.inFlight, inconsistent: refunds.inconsistent.length });
    expect(refunds.answered, 'refunds were answered before the kill').toBeGreaterThanOrEqual(3);
    expect(refunds.lost, 'answered refunds lost or changed').toEqual([]);
    expect(refunds.inconsistent, 'refundedAmount is the sum of the successful refunds').toEqual([]);
    if (kind === 'postgres') expect(refunds.inFlight['refund in flight: PENDING'] ?? 0, 'refunds left PENDING after recovery').toBe(0);
  });

  test('callback events the merchant refused before the kill are all delivered after the restart, each with its eventId', async () => {
    const deadline = Date.now() + 60_000;
    let store = latest;
    // Delivered: every event in the outbox accepted by the merchant, and nothing new for a while.
    for (let quietSince = Date.now(); Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
      const accepted = stub!.accepted();
      const waiting = store.deliveries.filter((delivery) => !accepted.has(delivery.id));
      const lastPost = Math.max(0, ...stub!.received.map((callback) => callback.at));
      quietSince = Math.max(quietSince, lastPost);
      if (waiting.length === 0 && Date.now() - quietSince > 2_000) break;
      if (kind === 'postgres') store = await withStore(scenario!, (query) => readStore(query, [merchant.merchantId]));
    }
    await stopGracefully(kasa);
    store = latest = await withStore(scenario!, (query) => readStore(query, [merchant.merchantId]));
    // PGlite keeps the kill's PROCESSING rows (younger than 2 minutes; see above); PostgreSQL has none left.
    const stillProcessing = store.payments.filter((payment) => payment.status === 'PROCESSING');
    const expectedProcessing = kind === 'pglite' ? stillProcessingBefore : [];
    expect(stillProcessing.map((payment) => payment.id).sort(), 'PROCESSING rows after recovery').toEqual(expectedProcessing.sort());
    expect(halfWritten(store), 'half-written rows after recovery and delivery').toEqual([]);

    const accepted = stub!.accepted();
    const eventIds = new Set(store.deliveries.map((delivery) => delivery.id));
    const lost = store.deliveries.filter((delivery) => !accepted.has(delivery.id));
    const unknown = [...accepted.keys()].filter((eventId) => !eventIds.has(eventId));
    const mismatched = stub!.received.filter((callback) => {
      const delivery = store.deliveries.find((candidate) => candidate.id === callback.eventId);
      return !delivery || delivery.checkout_id !== callback.checkoutId || delivery.sequence !== callback.sequence || delivery.checkout_status !== callback.status;
    });
    // Every attempt completed before the kill is reported by an event with its outcome.
    const unreported = flows
      .filter((flow) => flow.kind === 'checkout' && exchangeOf(flow, 'return')?.status === 200)
      .filter((flow) => {
        const statuses = store.deliveries.filter((delivery) => delivery.checkout_id === flow.checkoutId).map((delivery) => delivery.checkout_status);
        return !statuses.includes(flow.authenticate ? 'SUCCESS' : 'FAILED');
      });
    const acceptedAt = stub!.received.filter((callback) => callback.answered < 300).map((callback) => callback.at - restartedAt);
    log('callbacks', {
      eventsEnqueued: store.deliveries.length,
      refusedBeforeRestart,
      leasedByKilledProcess,
      lastAcceptedMsAfterRestart: Math.max(0, ...acceptedAt),
      eventsDelivered: store.deliveries.length - lost.length,
      lost: lost.length,
      duplicates: duplicates(stub!).length,
      posts: stub!.received.length,
      badSignatures: stub!.received.filter((callback) => callback.signatureProblem).length,
      deliveryStates: countBy(store.deliveries.map((delivery) => delivery.state)),
    });
    expect(store.deliveries.length, 'checkout events were enqueued').toBeGreaterThan(0);
    expect(refusedBeforeRestart, 'the merchant refused callbacks before the kill').toBeGreaterThan(0);
    expect(lost.map((delivery) => `${delivery.id} ${delivery.state} after ${delivery.attempt_count} attempts`), 'events never delivered').toEqual([]);
    expect(store.deliveries.filter((delivery) => delivery.state !== 'DELIVERED')).toEqual([]);
    expect(unknown, 'events delivered that the outbox does not hold').toEqual([]);
    expect(mismatched, 'callbacks whose fields differ from the outbox').toEqual([]);
    expect(unreported.map((flow) => flow.checkoutId), 'completed attempts without an event').toEqual([]);
    expect(stub!.received.filter((callback) => callback.signatureProblem).map((callback) => callback.signatureProblem)).toEqual([]);
  });

  test('no card number or CVV in these servers’ logs or store (kill -9 leftovers included)', async () => {
    await stopGracefully(kasa);
    const found = [...cardDataInLog(kasa.logFile)];
    if (kind === 'pglite') {
      const dataDir = cardDataInDataDir(scenario!.dataDir);
      expect(dataDir.sawOrders, 'the search reads the stored rows').toBe(true);
      found.push(...dataDir.found);
    } else {
      const database = await withStore(scenario!, cardDataInDatabase);
      expect(database.sawOrders, 'the dump holds the payments made').toBe(true);
      found.push(...database.found);
    }
    expect(found).toEqual([]);
  });
});

/**
 * Deliveries claimed by a process that died mid-attempt stay leased for the attempt timeout plus 30 s
 * (lib/notifications/worker.ts) before another worker may try them. Nobody waits for that here either: a
 * lease further ahead than any retry of the test schedule (5 s) can only be the killed process's, and
 * is made due now. Call with no server running. Returns how many there were.
 */
async function expireLeases(query: Query, merchantId: string): Promise<number> {
  const leased = await query(
    `UPDATE callback_deliveries SET next_attempt_at = now()
      WHERE merchant_id = $1 AND state = 'PENDING' AND next_attempt_at > now() + interval '5 seconds' RETURNING id`,
    [merchantId],
  );
  return leased.length;
}

/**
 * A sale interrupted 3 minutes ago: a copy of an answered sale with a new id and orderId, PROCESSING,
 * no bank answer. Returns its id.
 */
async function plantInterruptedSale(query: Query, store: StoreSnapshot): Promise<string> {
  const donor = store.payments.find((payment) => payment.transaction_type === 'SALE' && !payment.checkout_id && payment.status === 'SUCCESS');
  if (!donor) throw new Error('no answered sale to copy');
  const id = randomUUID();
  await query('CREATE TEMP TABLE interrupted AS SELECT * FROM payments WHERE id = $1', [donor.id]);
  await query(
    `UPDATE interrupted SET id = $1, order_id = $2, status = 'PROCESSING', processing_started_at = now() - interval '3 minutes',
            auth_code = NULL, external_transaction_id = NULL, result_code = NULL, result_message = NULL,
            authorized_amount = NULL, captured_amount = NULL`,
    [id, `ORD-interrupted-${id.slice(0, 8)}`],
  );
  await query('INSERT INTO payments SELECT * FROM interrupted');
  await query('DROP TABLE interrupted');
  return id;
}

/** GET /api/payment/{id} until it is no longer PENDING (recovery runs just after start-up). */
async function untilSettled(target: Target, merchant: MerchantCredentials, paymentId: string): Promise<any> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await getWithRetry(target, merchant, `/api/payment/${paymentId}`);
    if (response.status !== 200) throw new Error(`GET /api/payment/${paymentId} answered ${response.status}: ${response.text}`);
    if (response.body.status !== 'PENDING' || Date.now() > deadline) return response.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
