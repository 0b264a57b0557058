import type { Database } from '../db/client';
import type { Payment } from '../db/schema';

/**
 * What the layer that started a payment (a hosted checkout) records in the same transaction when
 * the payment settles or is cancelled, so both writes commit together or not at all. Payments know
 * nothing of checkouts: every caller passes the follow-up explicitly (checkoutFollowUp in lib/checkout/attempts.ts),
 * so none can forget it.
 */
export interface PaymentFollowUp {
  /** The payment reached SUCCESS, or FAILED as an attempt of the shopper's. */
  settled(tx: Database, payment: Payment): Promise<void>;
  /** The payment was cancelled (voided) after it succeeded. */
  cancelled(tx: Database, payment: Payment): Promise<void>;
}

