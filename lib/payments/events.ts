import type { Database } from '../db/client';
import type { Payment } from '../db/schema';
import { toApiPaymentResponse } from './response';
import { recordEvent, type EventType } from '../notifications/record';

/** payment.succeeded or payment.failed for a payment just settled; null for any other status. */
export function settledPaymentEventType(payment: Pick<Payment, 'status'>): EventType | null {
  if (payment.status === 'SUCCESS') return 'payment.succeeded';
  if (payment.status === 'FAILED') return 'payment.failed';
  return null;
}

/**
 * Records the event of a payment's new state inside the caller's transaction (data: its
 * ApiPaymentResponse, whose only card data is the masked PAN). Without `type`: payment.succeeded
 * or payment.failed by the payment's status, nothing for other statuses.
 */
export async function recordPaymentEvent(tx: Database, payment: Payment, type: EventType | null = settledPaymentEventType(payment)): Promise<void> {
  if (!type) return;
  await recordEvent(tx, { merchantId: payment.merchantId, type, paymentId: payment.id, checkoutId: payment.checkoutId, data: toApiPaymentResponse(payment) });
}
