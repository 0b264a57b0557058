import { sql, type SQL } from 'drizzle-orm';
import { newId } from '../crypto';
import type { Database } from '../db/client';
import { preparedSql } from '../db/prepared';
import type { KasaEvent } from '../db/schema';
import { processSingleton } from '../process-singleton';
import type { EventType } from '../schemas/event-types';

export { EVENT_TYPES, TEST_EVENT_TYPE, type EventType } from '../schemas/event-types';

export interface EventInput {
  merchantId: string;
  type: EventType;
  paymentId?: string | null;
  checkoutId?: string | null;
  data: unknown;
}

/**
 * The two writes of an event as common table expressions `ev` and `fan`: the event row, and one
 * EVENT delivery per endpoint of the merchant subscribed to its type, in one statement (one round
 * trip whether or not the merchant has endpoints). `from` names a CTE the event is conditional on
 * (no row in it: nothing is written); `fanned` counts the deliveries. Its values are placeholders,
 * for a statement made with preparedSql and run with eventValues(event).
 */
export function eventWrites(from?: SQL): SQL {
  const value = (name: keyof ReturnType<typeof eventValues>) => sql.placeholder(name);
  return sql`ev as (
    insert into events (id, merchant_id, type, payment_id, checkout_id, data, created_at)
    select ${value('eventId')}::text, ${value('eventMerchantId')}::text, ${value('eventType')}::text, ${value('eventPaymentId')}::uuid,
      ${value('eventCheckoutId')}::uuid, ${value('eventData')}::json, ${value('eventCreatedAt')}::timestamptz
    ${from ? sql`from ${from}` : sql``}
    returning id, type, merchant_id, payment_id
  ), fan as (
    insert into callback_deliveries (id, kind, merchant_id, event_type, event_id, endpoint_id, payment_id, order_key, url)
    select 'dlv_' || replace(gen_random_uuid()::text, '-', ''), 'EVENT', ep.merchant_id, ev.type, ev.id, ep.id, ev.payment_id,
      ep.id || ':' || ${value('eventSubject')}::text, ep.url
    from ev join event_endpoints ep on ep.merchant_id = ev.merchant_id
    where ep.deleted_at is null and ev.type = any(ep.events)
    returning 1
  ), fanned as (select count(*)::integer as n from fan)`;
}

/** The placeholder values of eventWrites for one event. */
export function eventValues(event: EventInput & { id: string; createdAt: Date }) {
  const paymentId = event.paymentId ?? null;
  const checkoutId = event.checkoutId ?? null;
  return {
    eventId: event.id,
    eventMerchantId: event.merchantId,
    eventType: event.type,
    eventPaymentId: paymentId,
    eventCheckoutId: checkoutId,
    eventData: JSON.stringify(event.data),
    eventCreatedAt: event.createdAt.toISOString(),
    // Deliveries of one endpoint about one payment (else checkout, else the event) go out in order.
    eventSubject: paymentId ?? checkoutId ?? event.id,
  };
}

/** The stored event as recordEvent returns it (the row written by eventWrites). */
export function eventRow(event: EventInput & { id: string; createdAt: Date }): KasaEvent {
  return {
    id: event.id,
    merchantId: event.merchantId,
    type: event.type,
    paymentId: event.paymentId ?? null,
    checkoutId: event.checkoutId ?? null,
    data: event.data,
    createdAt: event.createdAt,
  };
}

const recordEventStatement = preparedSql('record_event', sql`with ${eventWrites()} select n from fanned`);

/**
 * Records an event inside the caller's transaction, so it exists if and only if what it reports is
 * committed, and in the same statement queues one delivery per subscribed event endpoint of the
 * merchant. `data` is the object the event carries (ApiPaymentResponse, Refund, …), stored as sent.
 */
export async function recordEvent(tx: Database, event: EventInput): Promise<KasaEvent> {
  const full = { ...event, id: newId('evt'), createdAt: new Date() };
  const result = await recordEventStatement(tx, eventValues(full));
  if (fannedOut(result) > 0) nudgeSoon();
  return eventRow(full);
}

/** The `fanned` count of a statement built with eventWrites. */
export function fannedOut(result: unknown): number {
  const rows = (result as { rows?: ({ n: number | string } | undefined)[] }).rows ?? [];
  return Number(rows[0]?.n ?? 0);
}

const wakers = () => processSingleton('callback-worker-wakers', () => new Set<() => void>());

/**
 * Wakes the delivery workers shortly, once the caller's transaction has likely committed; the
 * worker's poll (KASA_CALLBACK_POLL_MS) covers a transaction that takes longer.
 */
export function nudgeSoon(): void {
  const timer = setTimeout(() => {
    for (const wake of wakers()) wake();
  }, 25);
  timer.unref();
}
