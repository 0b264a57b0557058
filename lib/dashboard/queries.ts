import { and, asc, count, desc, eq, gt, gte, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { deliveryNotFound } from '../notifications/resend';
import { checkoutUrl } from '../checkout/create';
import { checkoutNotFound } from '../checkout/status';
import { unseal } from '../crypto';
import type { Database } from '../db/client';
import {
  apiCredentials,
  callbackAttempts,
  callbackDeliveries,
  checkouts,
  merchants,
  payments,
  refunds,
  threeDsSessions,
  type CallbackAttempt,
  type CallbackDelivery,
  type Checkout,
  type Merchant,
  type Payment,
  type Refund,
  type ThreeDsSession,
} from '../db/schema';
import { AppError } from '../errors';
import { chargedAt } from '../payments/cancel';
import { isUuid } from '../crypto';
import { paymentNotFound } from '../payments/queries';
import { pricingFor, type Pricing } from '../payments/pricing';
import { REFUND_WINDOW_MS } from '../payments/refund';
import { toApiPaymentResponse } from '../payments/response';
import { inOpenBatch } from '../payments/settlement-day';
import {
  PAGE_SIZE,
  type CheckoutListQuery,
  type DeliveryListQuery,
  type PaymentListQuery,
  type RefundStatusFilter,
} from '../schemas/dashboard-forms';
import type { ApiPaymentResponse } from '../schemas/payment';
import { firstRow } from '../rows';
import { allOf } from '../db/where';

/**
 * The dashboard's reads. Every query is scoped by the signed-in merchant's id: another merchant's
 * payment, checkout or delivery is NOT_FOUND, exactly like an id that never existed.
 */

export interface Paged<T> {
  rows: T[];
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  pageCount: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const offsetOf = (page: number) => (page - 1) * PAGE_SIZE;
const paged = <T>(rows: T[], total: number, page: number): Paged<T> => ({
  rows,
  total,
  page,
  pageSize: PAGE_SIZE,
  pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
});

/** `value` as a LIKE prefix, its wildcards taken literally. */
const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

// Payments

/** Is this an approved pre-authorization that can still be captured? */
export function isOpenPreAuthorization(
  payment: Pick<Payment, 'transactionType' | 'status' | 'capturedAmount' | 'authorizationExpiresAt'>,
  now = Date.now(),
): boolean {
  return (
    payment.transactionType === 'PRE_AUTHORIZATION' &&
    payment.status === 'SUCCESS' &&
    payment.capturedAmount === null &&
    payment.authorizationExpiresAt !== null &&
    now < payment.authorizationExpiresAt.getTime()
  );
}

/** A refund state as the API's `refundStatus` derives it (response.ts); REFUNDED is partially or fully. */
function refundStatusCondition(filter: RefundStatusFilter): SQL {
  const refunded = gt(payments.refundedAmount, 0);
  switch (filter) {
    case 'REFUNDED':
      return refunded;
    case 'NOT_REFUNDED':
      return eq(payments.refundedAmount, 0);
    case 'FULLY_REFUNDED':
      return allOf(refunded, gte(payments.refundedAmount, payments.capturedAmount));
    case 'PARTIALLY_REFUNDED':
      return allOf(refunded, or(isNull(payments.capturedAmount), lt(payments.refundedAmount, payments.capturedAmount)));
  }
}

export function paymentFilters(merchantId: string, query: Omit<PaymentListQuery, 'page'>): SQL {
  const conditions: [SQL, ...(SQL | undefined)[]] = [eq(payments.merchantId, merchantId)];
  if (query.status) conditions.push(eq(payments.status, query.status === 'PENDING' ? 'PROCESSING' : query.status));
  if (query.refundStatus) conditions.push(refundStatusCondition(query.refundStatus));
  if (query.from) conditions.push(gte(payments.createdAt, new Date(`${query.from}T00:00:00Z`)));
  if (query.to) conditions.push(lt(payments.createdAt, new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS)));
  if (query.orderId) conditions.push(like(payments.orderId, likePrefix(query.orderId)));
  if (query.last4) conditions.push(eq(payments.panLast4, query.last4));
  return allOf(...conditions);
}

/** The merchant's payments, newest first, 25 a page; orderId matches as a prefix. */
export async function listPayments({ db, merchantId, query }: { db: Database; merchantId: string; query: PaymentListQuery }): Promise<Paged<Payment>> {
  const where = paymentFilters(merchantId, query);
  const [rows, totals] = await Promise.all([
    db.select().from(payments).where(where).orderBy(desc(payments.createdAt), desc(payments.id)).limit(PAGE_SIZE).offset(offsetOf(query.page)),
    db.select({ count: count() }).from(payments).where(where),
  ]);
  return paged(rows, firstRow(totals)?.count ?? 0, query.page);
}

/** A refund as the payment page needs it (the refunds table's row, or a part of it). */
export type RefundStep = Pick<Refund, 'amount' | 'currency' | 'status' | 'createdAt' | 'resultMessage'>;

/**
 * What can still be refunded, in minor units, counted as refundPayment counts it: the charge (the
 * captured total) minus refunds that succeeded or are still at the bank. 0 where no refund is possible:
 * not SUCCESS (cancelled, expired, failed), an uncaptured pre-authorization, older than 365 days.
 */
export function refundableMinor(
  payment: Pick<Payment, 'status' | 'capturedAmount' | 'capturedAt' | 'createdAt' | 'refundedAmount'>,
  refundRows: Pick<Refund, 'amount' | 'status'>[],
  now = Date.now(),
): number {
  if (payment.status !== 'SUCCESS' || payment.capturedAmount === null) return 0;
  if (now - chargedAt(payment).getTime() > REFUND_WINDOW_MS) return 0;
  const inFlight = refundRows.filter((refund) => refund.status === 'PROCESSING').reduce((sum, refund) => sum + refund.amount, 0);
  return Math.max(0, payment.capturedAmount - payment.refundedAmount - inFlight);
}

/**
 * Would POST /api/payment/{id}/cancel accept this payment (cancel.ts's rules)? An uncaptured
 * pre-authorization within its window, or a charge still in the open settlement batch with no refund
 * that succeeded or is in flight (a declined refund does not count).
 */
export function isCancellable(
  payment: Pick<Payment, 'transactionType' | 'status' | 'capturedAmount' | 'capturedAt' | 'createdAt' | 'refundedAmount' | 'authorizationExpiresAt'>,
  refundRows: Pick<Refund, 'status'>[],
  now = new Date(),
): boolean {
  if (isOpenPreAuthorization(payment, now.getTime())) return true;
  return (
    payment.status === 'SUCCESS' &&
    payment.capturedAmount !== null &&
    payment.refundedAmount === 0 &&
    refundRows.every((refund) => refund.status === 'FAILED') &&
    inOpenBatch(chargedAt(payment), now)
  );
}

export type TimelineStep =
  | {
      event: 'created' | 'enrolled' | 'authenticated' | 'authorized' | 'captured' | 'failed' | 'released' | 'cancelled';
      at: Date | null;
      /** Still to come (an open pre-authorization's capture, an authorization in progress). */
      pending?: boolean;
    }
  | {
      event: 'refund';
      at: Date;
      /** Minor units. */
      amount: number;
      currency: string;
      status: Refund['status'];
      /** The bank's words for a declined refund. */
      resultMessage: string | null;
      pending?: undefined;
    };

/**
 * What happened to a payment, in order: created; 3-D Secure enrolled and its outcome; authorized (or
 * failed); captured; then its refunds (each with its amount and outcome) and its cancel, by time. A
 * sale is captured with its authorization; an open pre-authorization shows its capture as still to
 * come. Direct payments record one time for the whole exchange with the bank.
 */
export function paymentTimeline(
  payment: Pick<Payment, 'transactionType' | 'status' | 'capturedAmount' | 'capturedAt' | 'createdAt' | 'authCode' | 'authorizationExpiresAt' | 'cancelledAt'>,
  session: Pick<ThreeDsSession, 'outcome' | 'createdAt' | 'completedAt'> | null,
  now = Date.now(),
  refundRows: RefundStep[] = [],
): TimelineStep[] {
  const steps: TimelineStep[] = [{ event: 'created', at: payment.createdAt }];
  if (session) {
    steps.push({ event: 'enrolled', at: session.createdAt });
    if (session.outcome === 'AUTHENTICATED') steps.push({ event: 'authenticated', at: session.completedAt });
  }
  // Direct payments are authorized in the request that created them; 3-D Secure ones at completion.
  const settledAt = session ? session.completedAt : payment.createdAt;
  if (payment.status === 'SUCCESS' || payment.status === 'CANCELLED') {
    // A cancelled payment was approved first (only an approved one can be cancelled).
    steps.push({ event: 'authorized', at: settledAt });
    if (payment.transactionType === 'SALE') steps.push({ event: 'captured', at: settledAt });
    else if (payment.capturedAt) steps.push({ event: 'captured', at: payment.capturedAt });
    else if (isOpenPreAuthorization(payment, now)) steps.push({ event: 'captured', at: null, pending: true });
  } else if (payment.status === 'EXPIRED') {
    steps.push({ event: 'authorized', at: settledAt }, { event: 'released', at: payment.authorizationExpiresAt });
  } else if (payment.status === 'FAILED') {
    steps.push({ event: 'failed', at: settledAt });
  } else {
    // ENROLLED (waiting for the shopper) or PROCESSING (at the bank).
    steps.push({ event: 'authorized', at: null, pending: true });
  }
  const after: (TimelineStep & { at: Date })[] = refundRows.map((refund) => ({
    event: 'refund',
    at: refund.createdAt,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    resultMessage: refund.resultMessage,
  }));
  if (payment.cancelledAt) after.push({ event: 'cancelled', at: payment.cancelledAt });
  // Stable: refunds keep their order (oldest first) when times are equal.
  return [...steps, ...after.sort((one, other) => one.at.getTime() - other.at.getTime())];
}

export interface PaymentDetail {
  payment: Payment;
  response: ApiPaymentResponse;
  threeDs: Pick<ThreeDsSession, 'outcome' | 'createdAt' | 'completedAt' | 'expiresAt'> | null;
  checkout: Pick<Checkout, 'id' | 'orderId'> | null;
  timeline: TimelineStep[];
  canCapture: boolean;
  canCancel: boolean;
  /** Minor units still refundable; 0 where no refund is possible. */
  refundable: number;
  /** Refunds still at the bank (their amounts are not refundable again until the bank answers). */
  refundsPending: number;
}

export async function getPaymentDetail({ db, merchantId, paymentId }: { db: Database; merchantId: string; paymentId: string }): Promise<PaymentDetail> {
  if (typeof paymentId !== 'string' || !isUuid(paymentId)) throw paymentNotFound();
  const row = firstRow(await db
    .select({
      payment: payments,
      threeDs: {
        outcome: threeDsSessions.outcome,
        createdAt: threeDsSessions.createdAt,
        completedAt: threeDsSessions.completedAt,
        expiresAt: threeDsSessions.expiresAt,
      },
      checkout: { id: checkouts.id, orderId: checkouts.orderId },
    })
    .from(payments)
    .leftJoin(threeDsSessions, and(eq(threeDsSessions.paymentId, payments.id), eq(threeDsSessions.merchantId, merchantId)))
    .leftJoin(checkouts, and(eq(checkouts.id, payments.checkoutId), eq(checkouts.merchantId, merchantId)))
    .where(and(eq(payments.id, paymentId), eq(payments.merchantId, merchantId))));
  if (!row) throw paymentNotFound();
  const refundRows = await db
    .select({ amount: refunds.amount, currency: refunds.currency, status: refunds.status, createdAt: refunds.createdAt, resultMessage: refunds.resultMessage })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.merchantId, merchantId)))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  const threeDs = row.threeDs?.outcome ? row.threeDs : null;
  const checkout = row.checkout?.id ? row.checkout : null;
  const now = new Date();
  return {
    payment: row.payment,
    response: toApiPaymentResponse(row.payment),
    threeDs,
    checkout,
    timeline: paymentTimeline(row.payment, threeDs, now.getTime(), refundRows),
    canCapture: isOpenPreAuthorization(row.payment, now.getTime()),
    canCancel: isCancellable(row.payment, refundRows, now),
    refundable: refundableMinor(row.payment, refundRows, now.getTime()),
    refundsPending: refundRows.filter((refund) => refund.status === 'PROCESSING').length,
  };
}

// Checkout links

export type CheckoutListStatus = 'PENDING' | 'PAID' | 'FAILED' | 'EXPIRED' | 'CLOSED';

/** The list's status: an open link is "failed" once an attempt failed, "expired" once past its expiry. */
const checkoutListStatus = sql<CheckoutListStatus>`case
  when ${checkouts.status} = 'OPEN' and ${checkouts.expiresAt} <= now() then 'EXPIRED'
  when ${checkouts.status} = 'OPEN' and ${checkouts.failedAttempts} > 0 then 'FAILED'
  when ${checkouts.status} = 'OPEN' then 'PENDING'
  else ${checkouts.status} end`;

export type CheckoutRow = Checkout & { listStatus: CheckoutListStatus; redirectUrl: string };

export async function listCheckouts({ db, merchantId, query }: { db: Database; merchantId: string; query: CheckoutListQuery }): Promise<Paged<CheckoutRow>> {
  const where = and(
    eq(checkouts.merchantId, merchantId),
    query.status ? eq(checkoutListStatus, query.status) : undefined,
    query.orderId ? like(checkouts.orderId, likePrefix(query.orderId)) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select({ checkout: checkouts, listStatus: checkoutListStatus })
      .from(checkouts)
      .where(where)
      .orderBy(desc(checkouts.createdAt), desc(checkouts.id))
      .limit(PAGE_SIZE)
      .offset(offsetOf(query.page)),
    db.select({ count: count() }).from(checkouts).where(where),
  ]);
  return paged(
    rows.map((row) => ({ ...row.checkout, listStatus: row.listStatus, redirectUrl: checkoutUrl(row.checkout.id) })),
    firstRow(totals)?.count ?? 0,
    query.page,
  );
}

export interface CheckoutDetail {
  checkout: CheckoutRow;
  /** Payment attempts, newest first. */
  attempts: Payment[];
  deliveries: CallbackDelivery[];
}

export async function getCheckoutDetail({ db, merchantId, checkoutId }: { db: Database; merchantId: string; checkoutId: string }): Promise<CheckoutDetail> {
  if (typeof checkoutId !== 'string' || !isUuid(checkoutId)) throw checkoutNotFound();
  const row = firstRow(await db
    .select({ checkout: checkouts, listStatus: checkoutListStatus })
    .from(checkouts)
    .where(and(eq(checkouts.id, checkoutId), eq(checkouts.merchantId, merchantId))));
  if (!row) throw checkoutNotFound();
  const [attempts, deliveries] = await Promise.all([
    db
      .select()
      .from(payments)
      .where(and(eq(payments.checkoutId, checkoutId), eq(payments.merchantId, merchantId)))
      .orderBy(desc(payments.createdAt)),
    db
      .select()
      .from(callbackDeliveries)
      .where(and(eq(callbackDeliveries.checkoutId, checkoutId), eq(callbackDeliveries.merchantId, merchantId)))
      .orderBy(asc(callbackDeliveries.sequence)),
  ]);
  return { checkout: { ...row.checkout, listStatus: row.listStatus, redirectUrl: checkoutUrl(row.checkout.id) }, attempts, deliveries };
}

// Callback deliveries

export type DeliveryRow = CallbackDelivery & { orderId: string; attempts: CallbackAttempt[] };

function deliveryStateCondition(state: DeliveryListQuery['state']): SQL | undefined {
  if (!state) return undefined;
  if (state !== 'failing') return eq(callbackDeliveries.state, state);
  // Given up, or retrying after failed attempts (a resent delivered event is not failing).
  return or(
    eq(callbackDeliveries.state, 'FAILED'),
    and(eq(callbackDeliveries.state, 'PENDING'), gt(callbackDeliveries.attemptCount, 0), isNull(callbackDeliveries.deliveredAt)),
  );
}

async function attemptsOf(db: Database, deliveryIds: string[]): Promise<Map<string, CallbackAttempt[]>> {
  const byDelivery = new Map<string, CallbackAttempt[]>(deliveryIds.map((id) => [id, []]));
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db
    .select()
    .from(callbackAttempts)
    .where(inArray(callbackAttempts.deliveryId, deliveryIds))
    .orderBy(asc(callbackAttempts.attemptedAt), asc(callbackAttempts.id));
  for (const attempt of rows) byDelivery.get(attempt.deliveryId)?.push(attempt);
  return byDelivery;
}

/** The merchant's callback events, newest first, each with every attempt (oldest first). */
export async function listDeliveries({ db, merchantId, query }: { db: Database; merchantId: string; query: DeliveryListQuery }): Promise<Paged<DeliveryRow>> {
  const where = and(eq(callbackDeliveries.merchantId, merchantId), eq(callbackDeliveries.kind, 'CALLBACK'), deliveryStateCondition(query.state));
  const [rows, totals] = await Promise.all([
    db
      .select({ delivery: callbackDeliveries, orderId: checkouts.orderId })
      .from(callbackDeliveries)
      .innerJoin(checkouts, eq(checkouts.id, callbackDeliveries.checkoutId))
      .where(where)
      .orderBy(desc(callbackDeliveries.createdAt), desc(callbackDeliveries.sequence))
      .limit(PAGE_SIZE)
      .offset(offsetOf(query.page)),
    db.select({ count: count() }).from(callbackDeliveries).where(where),
  ]);
  const attempts = await attemptsOf(db, rows.map((row) => row.delivery.id));
  return paged(
    rows.map((row) => ({ ...row.delivery, orderId: row.orderId, attempts: attempts.get(row.delivery.id) ?? [] })),
    firstRow(totals)?.count ?? 0,
    query.page,
  );
}

export async function getDeliveryDetail({ db, merchantId, deliveryId }: { db: Database; merchantId: string; deliveryId: string }): Promise<DeliveryRow> {
  if (typeof deliveryId !== 'string' || !/^evt_[A-Za-z0-9_-]{1,64}$/.test(deliveryId)) throw deliveryNotFound();
  const row = firstRow(await db
    .select({ delivery: callbackDeliveries, orderId: checkouts.orderId })
    .from(callbackDeliveries)
    .innerJoin(checkouts, eq(checkouts.id, callbackDeliveries.checkoutId))
    .where(and(eq(callbackDeliveries.id, deliveryId), eq(callbackDeliveries.merchantId, merchantId))));
  if (!row) throw deliveryNotFound();
  const attempts = await attemptsOf(db, [deliveryId]);
  return { ...row.delivery, orderId: row.orderId, attempts: attempts.get(deliveryId) ?? [] };
}

// Settings

export interface MerchantSettings {
  merchant: Pick<Merchant, 'id' | 'name' | 'currencies' | 'maxAmount' | 'authorizationDays' | 'createdAt'>;
  apiKey: string | null;
  /** Secrets that still work, newest first: the current one (no expiry) and any in their overlap. */
  secrets: { id: string; last4: string; createdAt: Date; expiresAt: Date | null }[];
  callbackSecret: { last4: string; previousExpiresAt: Date | null };
  pricing: Pricing;
}

export async function getMerchantSettings({ db, merchantId }: { db: Database; merchantId: string }): Promise<MerchantSettings> {
  const merchant = firstRow(await db
    .select({
      id: merchants.id,
      name: merchants.name,
      currencies: merchants.currencies,
      maxAmount: merchants.maxAmount,
      authorizationDays: merchants.authorizationDays,
      createdAt: merchants.createdAt,
      callbackSecretSealed: merchants.callbackSecretSealed,
      previousExpiresAt: sql<Date | null>`case when ${merchants.previousCallbackSecretExpiresAt} > now() then ${merchants.previousCallbackSecretExpiresAt} end`.mapWith(
        merchants.previousCallbackSecretExpiresAt,
      ),
    })
    .from(merchants)
    .where(eq(merchants.id, merchantId)));
  if (!merchant) throw new AppError('NOT_FOUND', 'Merchant not found');
  const credentials = await db
    .select()
    .from(apiCredentials)
    .where(eq(apiCredentials.merchantId, merchantId))
    .orderBy(desc(apiCredentials.createdAt));
  const live = credentials.filter((row) => row.expiresAt === null || row.expiresAt.getTime() > Date.now());
  const { callbackSecretSealed, previousExpiresAt, ...profile } = merchant;
  return {
    merchant: profile,
    apiKey: credentials[0]?.apiKey ?? null,
    secrets: live.map((row) => ({ id: row.id, last4: row.secretLast4, createdAt: row.createdAt, expiresAt: row.expiresAt })),
    callbackSecret: { last4: unseal('callback-secret', callbackSecretSealed, merchantId).slice(-4), previousExpiresAt },
    pricing: pricingFor(merchant),
  };
}
