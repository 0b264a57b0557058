/**
 * The swap point for real banks: everything Kasa asks of an acquirer. A bank adapter implements this
 * interface; the sandbox implementation answers from the documented test cards (reference §8).
 */
export interface CardData {
  pan: string;
  expiryMonth: string;
  expiryYear: string;
  cvv: string;
  cardHolderName: string;
}

export interface AuthorizationRequest {
  /** Kasa's payment id, sent to the bank as the merchant reference. */
  paymentId: string;
  card: CardData;
  /** What the card is charged, in minor units (order amount plus customer-paid interest). */
  amountMinor: number;
  currency: string;
  installmentCount: number;
  /** SALE captures at once; PRE_AUTHORIZATION only reserves the amount. */
  transactionType: 'SALE' | 'PRE_AUTHORIZATION';
  /** Present when the shopper passed the issuer's 3-D Secure challenge. */
  threeDSecure?: { authenticated: true };
}

export type EnrollmentResult =
  | { enrolled: true; /** The issuer's challenge page, opened with a POSTed reference. */ challengeUrl: string }
  | { enrolled: false; resultCode: 'NOT_ENROLLED'; resultMessage: string };

export type AuthorizationResult =
  | { approved: true; authCode: string; externalTransactionId: string; resultCode: 'SUCCESS'; resultMessage: string }
  | { approved: false; authCode: null; externalTransactionId: string | null; resultCode: string; resultMessage: string };

export interface SettlementRequest {
  paymentId: string;
  /** Null when the bank never answered the authorization: the adapter then goes by paymentId. */
  externalTransactionId: string | null;
  amountMinor: number;
  currency: string;
}

export type SettlementResult = { ok: true; externalTransactionId: string } | { ok: false; resultCode: string; resultMessage: string };

export interface CancelRequest extends SettlementRequest {
  /** What is voided: a hold not yet captured, or money moved today and not yet settled. */
  stage: 'AUTHORIZED' | 'CAPTURED';
}

export interface RefundRequest extends SettlementRequest {
  /**
   * Kasa's refund id, sent as the bank's reference for this refund. The recovery job re-sends an
   * interrupted refund with the same id, so an adapter must make a repeat of one id refund once.
   */
  refundId: string;
}

/** A refund or cancel the bank answered: `ok: false` is a decline (REFUND_DECLINED, CANCEL_DECLINED, …). */
export type ReversalResult = SettlementResult;

export interface Acquirer {
  /** Asks the card's directory server whether the card takes part in 3-D Secure. */
  checkEnrollment(card: Pick<CardData, 'pan'>): Promise<EnrollmentResult>;
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  /** Captures part or all of a pre-authorization; the rest is released by the bank. */
  capture(request: SettlementRequest): Promise<SettlementResult>;
  /**
   * Releases an authorization that will not be captured, on Kasa's initiative (its window ran out, or
   * the payment was interrupted): the hold lapses at the bank in any case, so this cannot be refused.
   */
  release(request: SettlementRequest): Promise<SettlementResult>;
  /** The merchant's void: of an uncaptured authorization, or of a charge before the day's settlement. */
  cancel(request: CancelRequest): Promise<ReversalResult>;
  /** Returns part or all of a settled charge to the card; `externalTransactionId` is the refund's own reference. */
  refund(request: RefundRequest): Promise<ReversalResult>;
}
