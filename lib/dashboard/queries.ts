import { checkoutUrl } from '../checkout/create';
import { checkoutNotFound } from '../checkout/status';
import { isUuid, unseal } from '../crypto';
import { findCheckoutWithActivity, listCheckoutRows, type ListedCheckout } from '../db/queries/checkouts';
import { findDelivery, type DeliveryRow } from '../db/queries/deliveries';
import { findMerchantWithCredentials } from '../db/queries/merchants';
import type { Paged } from '../db/queries/paging';
import { findPaymentWithRefunds } from '../db/queries/payments';
import type { Database } from '../db/client';
import type { CallbackDelivery, Checkout, Merchant, Payment, Refund, ThreeDsSession } from '../db/schema';
import { AppError } from '../errors';
import { deliveryNotFound } from '../notifications/resend';
import { chargedAt } from '../payments/cancel';
import { paymentNotFound } from '../payments/queries';
import { sandboxPricing, type Pricing } from '../payments/pricing';
import { REFUND_WINDOW_MS } from '../payments/refund';
import { toApiPaymentResponse } from '../payments/response';
import { inOpenBatch } from '../payments/settlement-day';
import type { CheckoutListQuery } from '../schemas/dashboard-forms';
import type { ApiPaymentResponse } from '../schemas/payment';

/**
 * What the dashboard's pages show: the reads of lib/db/queries with the payment domain's rules on
 * top (what may still be captured, cancelled or refunded; a payment's timeline). Every read is scoped
 * by the signed-in merchant's id: another merchant's payment, checkout or delivery is NOT_FOUND,
 * exactly like an id that never existed.
 */

export { listPayments, paymentFilters } from '../db/queries/payments';
export { listDeliveries, type DeliveryRow } from '../db/queries/deliveries';
export { checkoutListStatus, type CheckoutListStatus } from '../db/queries/checkouts';
export type { Paged } from '../db/queries/paging';

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
  const row = await findPaymentWithRefunds({ db, merchantId, paymentId });
  if (!row) throw paymentNotFound();
  const refundRows = row.refunds;
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

export type CheckoutRow = ListedCheckout & { redirectUrl: string };

const withRedirectUrl = (checkout: ListedCheckout): CheckoutRow => ({ ...checkout, redirectUrl: checkoutUrl(checkout.id) });

export async function listCheckouts({ db, merchantId, query }: { db: Database; merchantId: string; query: CheckoutListQuery }): Promise<Paged<CheckoutRow>> {
  const page = await listCheckoutRows({ db, merchantId, query });
  return { ...page, rows: page.rows.map(withRedirectUrl) };
}

export interface CheckoutDetail {
  checkout: CheckoutRow;
  /** Payment attempts, newest first. */
  attempts: Payment[];
  deliveries: CallbackDelivery[];
}

export async function getCheckoutDetail({ db, merchantId, checkoutId }: { db: Database; merchantId: string; checkoutId: string }): Promise<CheckoutDetail> {
  if (typeof checkoutId !== 'string' || !isUuid(checkoutId)) throw checkoutNotFound();
  const found = await findCheckoutWithActivity({ db, merchantId, checkoutId });
  if (!found) throw checkoutNotFound();
  return { ...found, checkout: withRedirectUrl(found.checkout) };
}

// Callback deliveries

export async function getDeliveryDetail({ db, merchantId, deliveryId }: { db: Database; merchantId: string; deliveryId: string }): Promise<DeliveryRow> {
  if (typeof deliveryId !== 'string' || !/^evt_[A-Za-z0-9_-]{1,64}$/.test(deliveryId)) throw deliveryNotFound();
  const found = await findDelivery({ db, merchantId, deliveryId });
  if (!found) throw deliveryNotFound();
  return found;
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
  const found = await findMerchantWithCredentials({ db, merchantId });
  if (!found) throw new AppError('NOT_FOUND', 'Merchant not found');
  const { merchant, credentials } = found;
  const live = credentials.filter((row) => row.expiresAt === null || row.expiresAt.getTime() > Date.now());
  const { callbackSecretSealed, previousExpiresAt, ...profile } = merchant;
  return {
    merchant: profile,
    apiKey: credentials[0]?.apiKey ?? null,
    secrets: live.map((row) => ({ id: row.id, last4: row.secretLast4, createdAt: row.createdAt, expiresAt: row.expiresAt })),
    callbackSecret: { last4: unseal('callback-secret', callbackSecretSealed, merchantId).slice(-4), previousExpiresAt },
    pricing: sandboxPricing,
  };
}
