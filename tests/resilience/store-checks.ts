/**
 * Reads a scenario's store directly and lists what would be half-written: rows between states that no
 * recovery rule covers, checkouts whose counters or callback events disagree with their attempts.
 */
import type { Query } from './cluster';

/** A row as the driver answers it: an integer column may come back as a string (pg reads int8 so). */
type DriverNumbers<Row, Keys extends keyof Row> = Omit<Row, Keys> & Record<Keys, number | string>;

export interface PaymentRow {
  id: string;
  order_id: string;
  status: 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'ENROLLED';
  result_code: string | null;
  checkout_id: string | null;
  transaction_type: string;
  authorized_amount: number | null;
  captured_amount: number | null;
  captured: boolean;
  auth_code: string | null;
  processing_age_seconds: number | null;
}

export interface CheckoutRow {
  id: string;
  order_id: string;
  status: string;
  failed_attempts: number;
  latest_payment_id: string | null;
  event_sequence: number;
}

export interface DeliveryRow {
  id: string;
  checkout_id: string;
  sequence: number;
  checkout_status: string;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempt_count: number;
}

export interface StoreSnapshot {
  payments: PaymentRow[];
  checkouts: CheckoutRow[];
  deliveries: DeliveryRow[];
  /** payment ids with a card_vault row. */
  vault: string[];
  /** payment ids with a three_ds_sessions row. */
  sessions: string[];
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export async function readStore(query: Query, merchantIds: string[]): Promise<StoreSnapshot> {
  const payments = await query<PaymentRow>(
    `SELECT id::text, order_id, status, result_code, checkout_id::text, transaction_type, authorized_amount, captured_amount,
            captured_at IS NOT NULL AS captured, auth_code,
            extract(epoch FROM now() - processing_started_at)::float8 AS processing_age_seconds
       FROM payments WHERE merchant_id = ANY($1::text[])`,
    [merchantIds],
  );
  const checkouts = await query<DriverNumbers<CheckoutRow, 'failed_attempts' | 'event_sequence'>>(
    `SELECT id::text, order_id, status, failed_attempts, latest_payment_id::text, event_sequence
       FROM checkouts WHERE merchant_id = ANY($1::text[])`,
    [merchantIds],
  );
  const deliveries = await query<DriverNumbers<DeliveryRow, 'sequence' | 'attempt_count'>>(
    `SELECT id, checkout_id::text, sequence, checkout_status, state, attempt_count
       FROM callback_deliveries WHERE merchant_id = ANY($1::text[]) ORDER BY checkout_id, sequence`,
    [merchantIds],
  );
  const vault = await query<{ payment_id: string }>(
    'SELECT v.payment_id::text FROM card_vault v JOIN payments p ON p.id = v.payment_id WHERE p.merchant_id = ANY($1::text[])',
    [merchantIds],
  );
  const sessions = await query<{ payment_id: string }>(
    'SELECT payment_id::text FROM three_ds_sessions WHERE merchant_id = ANY($1::text[])',
    [merchantIds],
  );
  return {
    payments: payments.map((row) => ({
      ...row,
      authorized_amount: numberOrNull(row.authorized_amount),
      captured_amount: numberOrNull(row.captured_amount),
      processing_age_seconds: numberOrNull(row.processing_age_seconds),
    })),
    checkouts: checkouts.map((row) => ({ ...row, failed_attempts: Number(row.failed_attempts), event_sequence: Number(row.event_sequence) })),
    deliveries: deliveries.map((row) => ({ ...row, sequence: Number(row.sequence), attempt_count: Number(row.attempt_count) })),
    vault: vault.map((row) => row.payment_id),
    sessions: sessions.map((row) => row.payment_id),
  };
}

/** Everything inconsistent in the snapshot (PROCESSING rows are judged by the caller: they have a recovery rule). */
export function halfWritten(store: StoreSnapshot): string[] {
  const problems: string[] = [];
  const sessions = new Set(store.sessions);
  const byId = new Map(store.payments.map((payment) => [payment.id, payment]));
  for (const payment of store.payments) {
    const name = `payment ${payment.id} (${payment.order_id}, ${payment.status})`;
    if (payment.status === 'SUCCESS' && (payment.auth_code === null || payment.authorized_amount === null || payment.result_code !== 'SUCCESS')) {
      problems.push(`${name}: SUCCESS without auth code, authorized amount or result code`);
    }
    if (payment.status === 'FAILED' && !payment.result_code) problems.push(`${name}: FAILED without a result code`);
    if (payment.status === 'ENROLLED' && !sessions.has(payment.id)) problems.push(`${name}: ENROLLED without a 3-D Secure session`);
    if (payment.transaction_type === 'PRE_AUTHORIZATION' && payment.captured !== (payment.captured_amount !== null)) problems.push(`${name}: captured_at and captured_amount disagree`);
    if (payment.captured_amount !== null && (payment.authorized_amount === null || payment.captured_amount > payment.authorized_amount)) {
      problems.push(`${name}: captured ${payment.captured_amount} of ${payment.authorized_amount}`);
    }
  }
  for (const paymentId of store.vault) {
    const payment = byId.get(paymentId);
    // Card data waits for completion (ENROLLED) or for the recovery of an interrupted authorization.
    if (!payment || (payment.status !== 'ENROLLED' && payment.status !== 'PROCESSING')) {
      problems.push(`card_vault keeps card data of payment ${paymentId} (${payment?.status ?? 'no payment'})`);
    }
  }
  const deliveriesOf = groupBy(store.deliveries, (delivery) => delivery.checkout_id);
  const attemptsOf = groupBy(
    store.payments.filter((payment) => payment.checkout_id),
    (payment) => payment.checkout_id!,
  );
  for (const checkout of store.checkouts) {
    const name = `checkout ${checkout.id} (${checkout.order_id}, ${checkout.status})`;
    const attempts = attemptsOf.get(checkout.id) ?? [];
    const processed = attempts.filter((payment) => (payment.status === 'SUCCESS' || payment.status === 'FAILED') && payment.result_code !== 'SUPERSEDED');
    const successes = processed.filter((payment) => payment.status === 'SUCCESS');
    const failures = processed.filter((payment) => payment.status === 'FAILED');
    const events = deliveriesOf.get(checkout.id) ?? [];
    if (successes.length > 1) problems.push(`${name}: ${successes.length} successful attempts`);
    if ((checkout.status === 'PAID') !== (successes.length === 1)) problems.push(`${name}: ${successes.length} successful attempts`);
    if (checkout.status === 'PAID' && checkout.latest_payment_id !== successes[0]?.id) problems.push(`${name}: latest payment is not the successful one`);
    if (checkout.failed_attempts !== failures.length) problems.push(`${name}: failed_attempts ${checkout.failed_attempts}, ${failures.length} failed attempts`);
    if (events.length !== processed.length) problems.push(`${name}: ${processed.length} processed attempts, ${events.length} callback events`);
    const sequences = events.map((event) => event.sequence).sort((a, b) => a - b);
    if (!isDeepEqualArray(sequences, sequences.map((_, i) => i + 1)) || checkout.event_sequence !== events.length) {
      problems.push(`${name}: event sequences ${sequences.join(',')} with event_sequence ${checkout.event_sequence}`);
    }
    const attemptsStarted = attempts.filter((payment) => payment.status === 'ENROLLED' || payment.status === 'PROCESSING');
    if (attemptsStarted.length > 1) problems.push(`${name}: ${attemptsStarted.length} attempts open at once`);
  }
  return problems;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const isDeepEqualArray = (a: number[], b: number[]) => a.length === b.length && a.every((value, i) => value === b[i]);
