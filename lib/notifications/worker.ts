import { and, eq, inArray, lt, lte, notExists, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { config } from '../config';
import { unseal } from '../crypto';
import type { Database } from '../db/client';
import { callbackAttempts, callbackDeliveries, events, merchants, type CallbackDelivery } from '../db/schema';
import { describeError, logger } from '../log';
import { newId } from '../crypto';
import { CALLBACK_TIMEOUT_MS, callbackRequest, postCallback, type AttemptOutcome, type PostCallbackOptions } from './deliver';
import { workerWakers } from './outbox';
import { firstRow } from '../rows';

export interface CallbackWorkerOptions {
  /** How often to look for due deliveries when nothing wakes the worker; default config.callbacks.pollMs. */
  pollMs?: number;
  /** Deliveries in flight at once; default 4. */
  concurrency?: number;
  /** Of those, at most this many for one merchant, so a slow merchant leaves room for the others; default half. */
  perMerchant?: number;
  /** Delay after failed attempt k is schedule[k-1]; when it runs out the delivery is FAILED. Default config. */
  retryScheduleMs?: readonly number[];
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** How long a claimed delivery stays hidden from other workers; default the timeout plus 30 s. */
  leaseMs?: number;
  mode?: PostCallbackOptions['mode'];
  resolve?: PostCallbackOptions['resolve'];
}

export interface CallbackWorker {
  /** Stops claiming, waits for attempts in flight to be recorded. Bound: may be passed as a function. */
  stop: () => Promise<void>;
}

/**
 * The callback delivery loop. Claiming is one short statement (no transaction or connection is held
 * during the HTTP call); the attempt and the delivery's new state are recorded in a second short
 * transaction. Several workers, in one process or on several servers sharing PostgreSQL, never claim
 * the same delivery: the claim locks with SKIP LOCKED and leases the row by moving next_attempt_at
 * past the attempt's end. A worker that dies mid-attempt leaves the lease to expire and the delivery
 * is tried again.
 */
export function startCallbackWorker(db: Database, options: CallbackWorkerOptions = {}): CallbackWorker {
  const pollMs = options.pollMs ?? config.callbacks.pollMs;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const perMerchant = Math.max(1, options.perMerchant ?? Math.ceil(concurrency / 2));
  const schedule = options.retryScheduleMs ?? config.callbacks.retryScheduleMs;
  const timeoutMs = options.timeoutMs ?? CALLBACK_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? timeoutMs + 30_000;
  const send: PostCallbackOptions = { timeoutMs, mode: options.mode, resolve: options.resolve };

  let stopped = false;
  let poked = false;
  let wake: (() => void) | undefined;
  const inFlight = new Set<Promise<void>>();
  const merchantLoad = new Map<string, number>();

  const poke = () => {
    poked = true;
    wake?.();
  };
  workerWakers().add(poke);

  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const begin = (delivery: CallbackDelivery) => {
    merchantLoad.set(delivery.merchantId, (merchantLoad.get(delivery.merchantId) ?? 0) + 1);
    const task = attempt(db, delivery, { schedule, send })
      .catch((error: unknown) => { logger.error({ deliveryId: delivery.id, err: describeError(error) }, 'callback attempt could not be recorded'); })
      .finally(() => {
        inFlight.delete(task);
        const load = (merchantLoad.get(delivery.merchantId) ?? 1) - 1;
        if (load > 0) merchantLoad.set(delivery.merchantId, load);
        else merchantLoad.delete(delivery.merchantId);
        // A slot is free, and the checkout's next event may now be due.
        poke();
      });
    inFlight.add(task);
  };

  const fill = async () => {
    while (!stopped && inFlight.size < concurrency) {
      const busy = [...merchantLoad].filter(([, load]) => load >= perMerchant).map(([merchantId]) => merchantId);
      const delivery = firstRow(await claimDue(db, { limit: 1, leaseMs, excludeMerchants: busy }));
      if (!delivery) return;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets `stopped` while claimDue is awaited; TypeScript keeps the narrowing from the loop condition across the await
      if (stopped) {
        // Claimed while stop() was called: hand it back rather than start an attempt now.
        await releaseLease(db, delivery);
        return;
      }
      begin(delivery);
    }
  };

  const loop = (async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets `stopped` from outside this loop; TypeScript only sees the `false` it starts as
    while (!stopped) {
      poked = false;
      try {
        await fill();
      } catch (error) {
        logger.error({ err: describeError(error) }, 'callback worker could not claim deliveries');
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may set `stopped` while fill() is awaited
      if (stopped) break;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- poke() sets `poked` while fill() is awaited; TypeScript keeps the `false` assigned above
      if (!poked) await sleep();
    }
  })();

  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        workerWakers().delete(poke);
        wake?.();
        await loop;
        await Promise.allSettled([...inFlight]);
      })()),
  };
}

/**
 * Due deliveries of both kinds, leased to the caller: PENDING, next_attempt_at reached, no earlier
 * delivery with the same order_key still PENDING (a checkout's callbacks in sequence order, one
 * endpoint's events of one payment in the order recorded), not locked by another claimer. The lease
 * is truncated to milliseconds so the returned next_attempt_at can serve as this claim's token.
 */
export async function claimDue(
  db: Database,
  options: { limit: number; leaseMs: number; excludeMerchants?: string[] },
): Promise<CallbackDelivery[]> {
  const earlier = alias(callbackDeliveries, 'earlier');
  const due = db
    .select({ id: callbackDeliveries.id })
    .from(callbackDeliveries)
    .where(
      and(
        eq(callbackDeliveries.state, 'PENDING'),
        lte(callbackDeliveries.nextAttemptAt, sql`now()`),
        notExists(
          db
            .select({ id: earlier.id })
            .from(earlier)
            .where(
              and(
                eq(earlier.orderKey, callbackDeliveries.orderKey),
                eq(earlier.state, 'PENDING'),
                lt(earlier.position, callbackDeliveries.position),
              ),
            ),
        ),
        options.excludeMerchants?.length ? notInArray(callbackDeliveries.merchantId, options.excludeMerchants) : undefined,
      ),
    )
    .orderBy(callbackDeliveries.nextAttemptAt, callbackDeliveries.createdAt)
    .limit(options.limit)
    .for('update', { skipLocked: true });
  // MATERIALIZED: a LIMIT … SKIP LOCKED subquery inlined into the UPDATE may be re-run per row and
  // lease more rows than the limit; the CTE runs once. The conditions are repeated in the UPDATE:
  // under READ COMMITTED a row another claimer leased meanwhile is re-checked there.
  const claimed = await db.execute(sql`
    with due as materialized ${due}
    update ${callbackDeliveries}
    set next_attempt_at = date_trunc('milliseconds', now() + ${Math.round(options.leaseMs)}::integer * interval '1 millisecond')
    from due
    where ${callbackDeliveries.id} = due.id
      and ${callbackDeliveries.state} = 'PENDING'
      and ${callbackDeliveries.nextAttemptAt} <= now()
    returning ${callbackDeliveries.id}`);
  const ids = (claimed as { rows: { id: string }[] }).rows.map((row) => row.id);
  if (ids.length === 0) return [];
  // Leased to us: nothing else writes these rows until the lease lapses.
  return db.select().from(callbackDeliveries).where(inArray(callbackDeliveries.id, ids)).orderBy(callbackDeliveries.createdAt);
}

/** Makes a claimed delivery due again at once (its attempt was never started). */
async function releaseLease(db: Database, delivery: CallbackDelivery): Promise<void> {
  await db
    .update(callbackDeliveries)
    .set({ nextAttemptAt: sql`now()` })
    .where(and(eq(callbackDeliveries.id, delivery.id), eq(callbackDeliveries.nextAttemptAt, delivery.nextAttemptAt)));
}

/**
 * The merchant's valid callback secrets, current first: during a rotation's overlap the previous one
 * too (until previous_callback_secret_expires_at, by the database's clock), so every callback carries
 * one `v1` per secret the merchant may be verifying with.
 */
export async function callbackSecrets(db: Database, merchantId: string): Promise<string[]> {
  const merchant = firstRow(await db
    .select({
      sealed: merchants.callbackSecretSealed,
      previousSealed: sql<string | null>`case when ${merchants.previousCallbackSecretExpiresAt} > now() then ${merchants.previousCallbackSecretSealed} end`,
    })
    .from(merchants)
    .where(eq(merchants.id, merchantId)));
  if (!merchant) throw new Error('merchant not found');
  const secrets = [unseal('callback-secret', merchant.sealed, merchantId)];
  if (merchant.previousSealed) secrets.push(unseal('callback-secret', merchant.previousSealed, merchantId));
  return secrets;
}

/** One attempt of a claimed delivery, then its record and the delivery's next state. */
async function attempt(
  db: Database,
  delivery: CallbackDelivery,
  options: { schedule: readonly number[]; send: PostCallbackOptions },
): Promise<void> {
  const attemptedAt = new Date();
  let outcome: AttemptOutcome;
  try {
    const secrets = await callbackSecrets(db, delivery.merchantId);
    const [event] = delivery.eventId ? await db.select().from(events).where(eq(events.id, delivery.eventId)) : [];
    outcome = await postCallback(
      callbackRequest({ delivery, event, secrets, timestampSeconds: Math.floor(attemptedAt.getTime() / 1000) }),
      options.send,
    );
  } catch (error) {
    outcome = { ok: false, statusCode: null, latencyMs: Date.now() - attemptedAt.getTime(), error: `not sent: ${(error as Error).message}` };
  }

  const attemptNumber = delivery.attemptCount + 1;
  const retryInMs = options.schedule[attemptNumber - 1] as number | undefined;
  const next = outcome.ok
    ? ({ state: 'DELIVERED', deliveredAt: sql`now()` } as const)
    : retryInMs === undefined
      ? ({ state: 'FAILED' } as const)
      : ({ nextAttemptAt: sql`now() + ${Math.round(retryInMs)}::integer * interval '1 millisecond'` } as const);

  const updated = await db.transaction(async (tx) => {
    await tx.insert(callbackAttempts).values({
      id: newId('att'),
      deliveryId: delivery.id,
      attemptedAt,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      error: outcome.error?.slice(0, 500) ?? null,
    });
    return tx
      .update(callbackDeliveries)
      .set({ ...next, attemptCount: sql`${callbackDeliveries.attemptCount} + 1` })
      .where(
        and(
          eq(callbackDeliveries.id, delivery.id),
          eq(callbackDeliveries.state, 'PENDING'),
          // Still our lease: had it lapsed and another worker claimed the row, that worker owns it now.
          eq(callbackDeliveries.nextAttemptAt, delivery.nextAttemptAt),
        ),
      )
      .returning({ id: callbackDeliveries.id });
  });

  const context = { deliveryId: delivery.id, kind: delivery.kind, checkoutId: delivery.checkoutId, endpointId: delivery.endpointId, attempt: attemptNumber, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs };
  if (updated.length === 0) logger.warn(context, 'callback lease lapsed during the attempt; another worker owns the delivery');
  else if (outcome.ok) logger.info(context, 'callback delivered');
  else if (retryInMs === undefined) logger.warn({ ...context, error: outcome.error }, 'callback failed for good: retries exhausted');
  else logger.info({ ...context, error: outcome.error, retryInMs }, 'callback attempt failed');
}
