import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { nudgeCallbackWorker } from './outbox';
import { newId } from '../crypto';
import type { Database } from '../db/client';
import { callbackAttempts, callbackDeliveries, eventEndpoints, events, merchants, type CallbackAttempt, type CallbackDelivery, type EventEndpoint } from '../db/schema';
import { AppError } from '../errors';
import { assertAllowedMerchantUrl } from '../net/merchant-urls';
import { MAX_EVENT_ENDPOINTS, type EventEndpointRequest, type EventEndpointResponse } from '../schemas/events';
import { EVENT_TYPES, TEST_EVENT_TYPE } from '../schemas/event-types';
import { firstRow } from '../rows';

export function endpointNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Event endpoint not found', [{ field: 'endpointId', code: 'NOT_FOUND', message: 'No such event endpoint' }]);
}

const endpointIdPattern = /^we_[A-Za-z0-9_-]{1,64}$/;

export function toEventEndpointResponse(endpoint: EventEndpoint): EventEndpointResponse {
  return { endpointId: endpoint.id, url: endpoint.url, events: endpoint.events as EventEndpointResponse['events'], createdAt: endpoint.createdAt.toISOString() };
}

/**
 * Registers an event endpoint (reference §11): the callback's URL rules, `events` default all
 * types, at most 5 live endpoints per merchant. The merchant's row is locked while counting, so
 * concurrent creations cannot pass the limit together.
 */
export async function createEventEndpoint({
  db,
  merchantId,
  request,
}: {
  db: Database;
  merchantId: string;
  request: EventEndpointRequest;
}): Promise<EventEndpointResponse> {
  await assertAllowedMerchantUrl('url', request.url);
  const types = request.events ?? [...EVENT_TYPES];
  const created = await db.transaction(async (tx) => {
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for('update');
    const live = firstRow(await tx
      .select({ n: count() })
      .from(eventEndpoints)
      .where(and(eq(eventEndpoints.merchantId, merchantId), isNull(eventEndpoints.deletedAt))));
    if ((live?.n ?? 0) >= MAX_EVENT_ENDPOINTS) {
      throw new AppError('EVENT_ENDPOINT_LIMIT_REACHED', `A merchant can have at most ${MAX_EVENT_ENDPOINTS} event endpoints; delete one first`, [
        { field: 'url', code: 'EVENT_ENDPOINT_LIMIT_REACHED', message: `At most ${MAX_EVENT_ENDPOINTS} event endpoints` },
      ]);
    }
    const [row] = await tx.insert(eventEndpoints).values({ id: newId('we'), merchantId, url: request.url, events: types }).returning();
    return row;
  });
  return toEventEndpointResponse(created);
}

/** The merchant's live event endpoints, oldest first. */
export async function listEventEndpoints({ db, merchantId }: { db: Database; merchantId: string }): Promise<EventEndpoint[]> {
  return db
    .select()
    .from(eventEndpoints)
    .where(and(eq(eventEndpoints.merchantId, merchantId), isNull(eventEndpoints.deletedAt)))
    .orderBy(asc(eventEndpoints.createdAt), asc(eventEndpoints.id));
}

/** One live endpoint of the merchant, else NOT_FOUND (another merchant's id included). */
export async function getEventEndpoint({ db, merchantId, endpointId }: { db: Database; merchantId: string; endpointId: string }): Promise<EventEndpoint> {
  if (!endpointIdPattern.test(endpointId)) throw endpointNotFound();
  const endpoint = firstRow(await db
    .select()
    .from(eventEndpoints)
    .where(and(eq(eventEndpoints.id, endpointId), eq(eventEndpoints.merchantId, merchantId), isNull(eventEndpoints.deletedAt))));
  if (!endpoint) throw endpointNotFound();
  return endpoint;
}

/**
 * Deletes an endpoint: nothing more is sent to it, and its deliveries still pending are given up
 * (their log stays). Another merchant's id, or one already deleted, is NOT_FOUND.
 */
export async function deleteEventEndpoint({ db, merchantId, endpointId }: { db: Database; merchantId: string; endpointId: string }): Promise<void> {
  if (!endpointIdPattern.test(endpointId)) throw endpointNotFound();
  await db.transaction(async (tx) => {
    const deleted = firstRow(await tx
      .update(eventEndpoints)
      .set({ deletedAt: sql`now()` })
      .where(and(eq(eventEndpoints.id, endpointId), eq(eventEndpoints.merchantId, merchantId), isNull(eventEndpoints.deletedAt)))
      .returning({ id: eventEndpoints.id }));
    if (!deleted) throw endpointNotFound();
    await tx
      .update(callbackDeliveries)
      .set({ state: 'FAILED' })
      .where(and(eq(callbackDeliveries.endpointId, endpointId), eq(callbackDeliveries.state, 'PENDING')));
  });
}

/**
 * "Send test event": a `test` event delivered to this endpoint only, through the same outbox and
 * worker as every event (signed, retried, in its delivery log).
 */
export async function sendTestEvent({ db, merchantId, endpointId }: { db: Database; merchantId: string; endpointId: string }): Promise<CallbackDelivery> {
  const endpoint = await getEventEndpoint({ db, merchantId, endpointId });
  const delivery = await db.transaction(async (tx) => {
    const [event] = await tx
      .insert(events)
      .values({ id: newId('evt'), merchantId, type: TEST_EVENT_TYPE, data: { endpointId, message: 'A test event from Kasa: your endpoint is reachable and verifies X-Kasa-Signature.' } })
      .returning();
    const [row] = await tx
      .insert(callbackDeliveries)
      .values({
        id: newId('dlv'),
        kind: 'EVENT',
        merchantId,
        eventType: TEST_EVENT_TYPE,
        eventId: event.id,
        endpointId,
        orderKey: `${endpointId}:${event.id}`,
        url: endpoint.url,
      })
      .returning();
    return row;
  });
  nudgeCallbackWorker();
  return delivery;
}

export type EndpointDeliveryRow = CallbackDelivery & { attempts: CallbackAttempt[] };

/** An endpoint's deliveries, newest first, each with its attempts (oldest first). */
export async function listEndpointDeliveries({
  db,
  merchantId,
  endpointId,
  limit = 20,
}: {
  db: Database;
  merchantId: string;
  endpointId: string;
  limit?: number;
}): Promise<EndpointDeliveryRow[]> {
  const rows = await db
    .select()
    .from(callbackDeliveries)
    .where(and(eq(callbackDeliveries.endpointId, endpointId), eq(callbackDeliveries.merchantId, merchantId)))
    .orderBy(desc(callbackDeliveries.createdAt), desc(callbackDeliveries.position))
    .limit(limit);
  if (rows.length === 0) return [];
  const attempts = await db
    .select()
    .from(callbackAttempts)
    .where(inArray(callbackAttempts.deliveryId, rows.map((row) => row.id)))
    .orderBy(asc(callbackAttempts.attemptedAt));
  return rows.map((row) => ({ ...row, attempts: attempts.filter((attempt) => attempt.deliveryId === row.id) }));
}
