import { and, eq } from 'drizzle-orm';
import { database } from '../db/client';
import { checkouts, merchants, payments, type Payment } from '../db/schema';
import { isUuid } from '../crypto';
import { MAX_FAILED_ATTEMPTS } from './attempts';
import { checkoutState } from './status';
import { firstRow } from '../rows';

/** What the checkout page shows of one payment attempt. Never card data beyond the masked number. */
export interface CheckoutAttemptView {
  paymentId: string;
  status: 'SUCCESS' | 'FAILED';
  resultCode: string | null;
  resultMessage: string | null;
  installmentCount: number;
  amountMinor: number;
  interestMinor: number;
  totalMinor: number;
  panMasked: string;
  cardScheme: string;
  authCode: string | null;
  date: Date;
}

export interface CheckoutPageView {
  checkoutId: string;
  merchantName: string;
  orderId: string;
  description: string | null;
  amountMinor: number;
  currency: string;
  maxInstallmentCount: number;
  interestPaidByCustomer: boolean;
  returnUrl: string | null;
  expiresAt: Date;
  state: 'OPEN' | 'PAID' | 'CLOSED' | 'EXPIRED';
  /** Failed attempts the shopper still has before the checkout closes. */
  attemptsLeft: number;
  /** The successful payment, when PAID. */
  paid: CheckoutAttemptView | null;
  /** The attempt named by ?result=, when it belongs to this checkout and is settled. */
  result: CheckoutAttemptView | null;
}

function attemptView(payment: Payment | null | undefined): CheckoutAttemptView | null {
  if (!payment || (payment.status !== 'SUCCESS' && payment.status !== 'FAILED')) return null;
  return {
    paymentId: payment.id,
    status: payment.status,
    resultCode: payment.resultCode,
    resultMessage: payment.resultMessage,
    installmentCount: payment.installmentCount,
    amountMinor: payment.amount,
    interestMinor: payment.interestAmount,
    totalMinor: payment.amount + payment.interestAmount,
    panMasked: payment.panMasked,
    cardScheme: payment.cardScheme,
    authCode: payment.authCode,
    date: payment.createdAt,
  };
}

/** The hosted checkout page's data; null for an unknown id. */
export async function getCheckoutPageView(checkoutId: string, resultPaymentId?: string): Promise<CheckoutPageView | null> {
  if (!isUuid(checkoutId)) return null;
  const db = await database();
  const row = firstRow(await db
    .select({ checkout: checkouts, merchantName: merchants.name, latest: payments })
    .from(checkouts)
    .innerJoin(merchants, eq(merchants.id, checkouts.merchantId))
    .leftJoin(payments, eq(payments.id, checkouts.latestPaymentId))
    .where(eq(checkouts.id, checkoutId)));
  if (!row) return null;
  const { checkout } = row;
  let result: Payment | undefined;
  if (resultPaymentId && isUuid(resultPaymentId)) {
    [result] = await db
      .select()
      .from(payments)
      .where(and(eq(payments.id, resultPaymentId), eq(payments.checkoutId, checkout.id)));
  }
  const state = checkoutState(checkout);
  return {
    checkoutId: checkout.id,
    merchantName: row.merchantName,
    orderId: checkout.orderId,
    description: checkout.description,
    amountMinor: checkout.amount,
    currency: checkout.currency,
    maxInstallmentCount: checkout.maxInstallmentCount,
    interestPaidByCustomer: checkout.interestPaidByCustomer,
    returnUrl: checkout.returnUrl,
    expiresAt: checkout.expiresAt,
    state,
    attemptsLeft: Math.max(0, MAX_FAILED_ATTEMPTS - checkout.failedAttempts),
    paid: state === 'PAID' ? attemptView(row.latest) : null,
    result: attemptView(result),
  };
}
