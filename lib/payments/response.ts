import type { Payment } from '../db/schema';
import { toMajorUnits } from '../money';
import type { ApiPaymentResponse } from '../schemas/payment';

/** A stored payment as the contract's ApiPaymentResponse (all 19 fields plus Kasa's additions). */
export function toApiPaymentResponse(payment: Payment): ApiPaymentResponse {
  const major = (minor: number | null) => (minor === null ? null : toMajorUnits(minor, payment.currency));
  // A captured pre-authorization reports the captured amount as `amount` (reference §4).
  const amount =
    payment.transactionType === 'PRE_AUTHORIZATION' && payment.capturedAmount !== null ? payment.capturedAmount : payment.amount;
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    amount: toMajorUnits(amount, payment.currency),
    installmentCount: payment.installmentCount,
    currency: payment.currency,
    merchantCommission: major(payment.merchantCommission),
    // An authorization still in flight at the bank is reported as PENDING.
    status: payment.status === 'PROCESSING' ? 'PENDING' : payment.status,
    paymentDate: payment.createdAt.toISOString(),
    cardHolderName: payment.cardHolderName,
    pan: payment.panMasked,
    domInt: payment.domInt,
    cardScheme: payment.cardScheme,
    cardType: payment.cardType,
    loyaltyCode: payment.loyaltyCode,
    externalTransactionId: payment.externalTransactionId,
    authCode: payment.authCode,
    resultCode: payment.resultCode,
    resultMessage: payment.resultMessage,
    customerId: payment.customerId,
    transactionType: payment.transactionType,
    authorizedAmount: major(payment.authorizedAmount),
    capturedAmount: major(payment.capturedAmount),
    interestAmount: major(payment.interestAmount),
    totalAmount: major(amount + payment.interestAmount),
    refundedAmount: major(payment.refundedAmount),
    refundStatus: refundStatusOf(payment),
    cancelledAt: payment.cancelledAt?.toISOString() ?? null,
  };
}

/** NOT_REFUNDED until a refund succeeds; FULLY_REFUNDED once the whole charge went back. */
export function refundStatusOf(payment: Pick<Payment, 'refundedAmount' | 'capturedAmount'>): ApiPaymentResponse['refundStatus'] {
  if (payment.refundedAmount === 0) return 'NOT_REFUNDED';
  return payment.capturedAmount !== null && payment.refundedAmount >= payment.capturedAmount ? 'FULLY_REFUNDED' : 'PARTIALLY_REFUNDED';
}
