import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { checkouts, payments, type Checkout, type Merchant, type Payment } from '../db/schema';
import { AppError } from '../errors';
import { toMajorUnits } from '../money';
import { isUuid } from '../payments/capture';
import { toApiPaymentResponse } from '../payments/response';
import type { ApiPaymentResponse } from '../schemas/payment';

/** An OPEN checkout past its expiry is expired, whether or not housekeeping has marked it yet. */
export function checkoutState(checkout: Pick<Checkout, 'status' | 'expiresAt'>, now = Date.now()): Checkout['status'] {
  return checkout.status === 'OPEN' && checkout.expiresAt.getTime() <= now ? 'EXPIRED' : checkout.status;
}

// One query per status call: the checkout and its latest attempt (GET /api/checkout is polled).
const statusQuery = (db: Database) =>
  db
    .select({ checkout: checkouts, payment: payments })
    .from(checkouts)
    .leftJoin(payments, eq(payments.id, checkouts.latestPaymentId))
    .where(and(eq(checkouts.id, sql.placeholder('checkoutId')), eq(checkouts.merchantId, sql.placeholder('merchantId'))))
    .prepare('checkout_status');
const prepared = new WeakMap<Database, ReturnType<typeof statusQuery>>();

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
  let query = prepared.get(db);
  if (!query) prepared.set(db, (query = statusQuery(db)));
  const [row] = await query.execute({ checkoutId, merchantId: merchant.id });
  if (!row) throw checkoutNotFound();
  const expired = checkoutState(row.checkout) === 'EXPIRED' || row.checkout.status === 'EXPIRED';
  if (row.payment) {
    const response = toApiPaymentResponse(row.payment as Payment);
    return expired && response.status !== 'SUCCESS' ? { ...response, status: 'EXPIRED' } : response;
  }
  return pendingResponse(row.checkout, expired ? 'EXPIRED' : 'PENDING');
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
  };
}
