import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { checkouts, payments, type Checkout, type Merchant, type Payment } from '../db/schema';
import { AppError } from '../errors';
import { toMajorUnits } from '../money';
import { isUuid } from '../crypto';
import { toApiPaymentResponse } from '../payments/response';
import type { ApiPaymentResponse } from '../schemas/payment';
import { firstRow } from '../rows';
import { preparedQuery } from '../db/prepared';

/** An OPEN checkout past its expiry is expired, whether or not housekeeping has marked it yet. */
export function checkoutState(checkout: Pick<Checkout, 'status' | 'expiresAt'>, now = Date.now()): Checkout['status'] {
  return checkout.status === 'OPEN' && checkout.expiresAt.getTime() <= now ? 'EXPIRED' : checkout.status;
}

// GET /api/checkout is polled: the checkout, then its latest attempt when it has one. Two one-table
// reads cost less than the join on the embedded store, where a query's planning dominates.
const statusQueries = preparedQuery((db) => ({
  checkout: db
    .select()
    .from(checkouts)
    .where(and(eq(checkouts.id, sql.placeholder('checkoutId')), eq(checkouts.merchantId, sql.placeholder('merchantId'))))
    .prepare('checkout_status'),
  payment: db.select().from(payments).where(eq(payments.id, sql.placeholder('paymentId'))).prepare('checkout_status_payment'),
}));

export function checkoutNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Checkout not found', [{ field: 'checkoutId', code: 'NOT_FOUND', message: 'No such checkout' }]);
}

/**
 * GET /api/checkout/{id}: the ApiPaymentResponse of the latest attempt; PENDING before any attempt,
 * EXPIRED when the checkout expired unpaid.
 */
export async function getCheckoutStatus({
  db,
  merchant,
  checkoutId,
}: {
  db: Database;
  merchant: Merchant;
  checkoutId: string;
}): Promise<ApiPaymentResponse> {
  if (!isUuid(checkoutId)) throw checkoutNotFound();
  const queries = statusQueries(db);
  const checkout = firstRow(await queries.checkout.execute({ checkoutId, merchantId: merchant.id }));
  if (!checkout) throw checkoutNotFound();
  const payment = checkout.latestPaymentId ? firstRow(await queries.payment.execute({ paymentId: checkout.latestPaymentId })) : undefined;
  return checkoutStatusResponse(checkout, payment ?? null);
}

/**
 * What GET /api/checkout/{id} answers for a checkout and its latest attempt: the callback's status
 * is computed with the same function, so the two always say the same word (reference §7).
 */
export function checkoutStatusResponse(checkout: Checkout, payment: Payment | null, now = Date.now()): ApiPaymentResponse {
  const expired = checkoutState(checkout, now) === 'EXPIRED' || checkout.status === 'EXPIRED';
  if (payment) {
    const response = toApiPaymentResponse(payment);
    return expired && response.status !== 'SUCCESS' && response.status !== 'CANCELLED' ? { ...response, status: 'EXPIRED' } : response;
  }
  return pendingResponse(checkout, expired ? 'EXPIRED' : 'PENDING');
}

function pendingResponse(checkout: Checkout, status: 'PENDING' | 'EXPIRED'): ApiPaymentResponse {
  return {
    paymentId: null,
    orderId: checkout.orderId,
    amount: toMajorUnits(checkout.amount, checkout.currency),
    installmentCount: null,
    currency: checkout.currency,
    merchantCommission: null,
    status,
    paymentDate: null,
    cardHolderName: null,
    pan: null,
    domInt: null,
    cardScheme: null,
    cardType: null,
    loyaltyCode: null,
    externalTransactionId: null,
    authCode: null,
    resultCode: null,
    resultMessage: null,
    customerId: checkout.customerId,
    transactionType: null,
    authorizedAmount: null,
    capturedAmount: null,
    interestAmount: null,
    totalAmount: null,
    refundedAmount: null,
    refundStatus: null,
    cancelledAt: null,
  };
}
