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
  /**
   * Present when the shopper passed the issuer's 3-D Secure challenge; `authentication` is what a
   * bank's 3-D gate posted back, which that bank's authorization names the card by.
   */
  threeDSecure?: { authenticated: true; authentication?: ThreeDSecureAuthentication };
  /** The shopper's address, which some banks ask for. */
  ipAddress?: string;
}

/** What a bank's 3-D gate gave for an authenticated shopper (the "3D" model's md, xid, eci, cavv). */
export interface ThreeDSecureAuthentication {
  md: string;
  xid: string;
  eci: string;
  cavv: string;
}

export type EnrollmentResult =
  | { enrolled: true; /** The issuer's challenge page, opened with a POSTed reference. */ challengeUrl: string }
  | { enrolled: false; resultCode: 'NOT_ENROLLED'; resultMessage: string };

/** The form a shopper's browser posts to a bank's 3-D gate, card fields included. */
export interface GateForm {
  url: string;
  fields: Record<string, string>;
}

export interface GateFormRequest extends Pick<AuthorizationRequest, 'paymentId' | 'card' | 'amountMinor' | 'currency' | 'installmentCount' | 'transactionType'> {
  /** Kasa's page the bank posts the outcome to (registered with the bank). */
  returnUrl: string;
  lang: 'tr' | 'en';
}

/** The bank's post back from its gate, as checked by the adapter. */
export type GateReturn =
  | {
      /** Signed by the bank for this payment, its amount and this account. */
      authentic: true;
      authenticated: boolean;
      authentication: ThreeDSecureAuthentication;
      /** The bank's reason when not authenticated. */
      message: string | null;
    }
  | { authentic: false; reason: string };

/**
 * How a bank runs the shopper's 3-D Secure challenge: Kasa asks a directory server and opens the
 * issuer's page itself (the sandbox), or the shopper's browser posts the card to the bank's own 3-D
 * gate, which posts the outcome back to Kasa (NestPay's "3D" model).
 */
export type ThreeDsModel =
  | { kind: 'directory'; /** Whether the card takes part in 3-D Secure. */ checkEnrollment(card: Pick<CardData, 'pan'>): Promise<EnrollmentResult> }
  | {
      kind: 'gate';
      gateForm(request: GateFormRequest): GateForm;
      verifyReturn(fields: Record<string, string>, expected: { paymentId: string; amountMinor: number; currency: string }): GateReturn;
    };

/**
 * The bank may or may not have done what it was asked (a timeout, a dropped connection, and its
 * status query could not tell). The caller must leave the operation open for the recovery job, never
 * repeat it as if it had failed.
 */
export class AcquirerOutcomeUnknown extends Error {
  constructor(readonly operation: string) {
    super(`The bank's answer to the ${operation} is unknown`);
    this.name = 'AcquirerOutcomeUnknown';
  }
}

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
  /**
   * 'resend' when the recovery job sends a refund again whose first answer was lost. A bank that
   * cannot recognise a repeat (NestPay's Credit carries no refund reference) must not send it again.
   */
  attempt: 'first' | 'resend';
}

/** A refund or cancel the bank answered: `ok: false` is a decline (REFUND_DECLINED, CANCEL_DECLINED, …). */
export type ReversalResult = SettlementResult;

export interface Acquirer {
  threeDs: ThreeDsModel;
  /**
   * A sale or pre-authorization. Throws AcquirerOutcomeUnknown when the bank's answer is lost and its
   * status query cannot settle it: the payment then stays PROCESSING for the recovery job.
   */
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  /** Captures part or all of a pre-authorization; the rest is released by the bank. */
  capture(request: SettlementRequest): Promise<SettlementResult>;
  /**
   * Releases an authorization that will not be captured, on Kasa's initiative (its window ran out, or
   * the payment was interrupted: then `externalTransactionId` is null and the adapter first asks the
   * bank whether it authorized at all). `ok: false` means the bank still holds it: try again later.
   */
  release(request: SettlementRequest): Promise<SettlementResult>;
  /** The merchant's void: of an uncaptured authorization, or of a charge before the day's settlement. */
  cancel(request: CancelRequest): Promise<ReversalResult>;
  /** Returns part or all of a settled charge to the card; `externalTransactionId` is the refund's own reference. */
  refund(request: RefundRequest): Promise<ReversalResult>;
  /** Proves the account's credentials with a harmless call (a status query); the dashboard's "Test connection". */
  checkConnection(): Promise<{ ok: true } | { ok: false; message: string }>;
}
