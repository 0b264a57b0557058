import type { PaymentDetail } from '@/lib/dashboard/queries';
import { toMajorUnits } from '@/lib/money';
import { CancelForm } from './cancel-form';
import type { DashboardAction } from './form-controls';
import { formatAmount, formatDateTime, schemeNames } from './format';
import { Section } from './primitives';
import { RefundForm } from './refund-form';

/** Why a payment with money moved takes no (further) refund. */
function refundClosedNote({ payment, refundsPending }: PaymentDetail): string {
  const refunded = formatAmount(payment.refundedAmount, payment.currency);
  if (refundsPending > 0) return `A refund is with the bank, which has not answered yet: the rest is held for it. Refunded so far: ${refunded}.`;
  if (payment.capturedAmount !== null && payment.refundedAmount >= payment.capturedAmount) return `Fully refunded: ${refunded} went back to the card.`;
  return 'Payments older than 365 days cannot be refunded.';
}

function cancelWhat({ payment }: PaymentDetail): string {
  return payment.capturedAmount === null
    ? `The hold of ${formatAmount(payment.authorizedAmount ?? payment.amount, payment.currency)} on the card is released; it can no longer be captured.`
    : `The charge of ${formatAmount(payment.capturedAmount, payment.currency)} is reversed before today’s settlement: no money moves and no commission is charged.`;
}

/**
 * The payment page's Refund and Cancel sections (reference §10): Refund for a SUCCESS payment whose
 * money moved, Cancel while the API would accept one (and, once cancelled, when it was).
 */
export function PaymentMoneyBack({
  detail,
  reference,
  refundAction,
  cancelAction,
}: {
  detail: PaymentDetail;
  /** A fresh refund reference for this rendering of the form. */
  reference: string;
  refundAction: DashboardAction;
  cancelAction: DashboardAction;
}) {
  const { payment, refundable, canCancel } = detail;
  const showRefund = payment.status === 'SUCCESS' && payment.capturedAmount !== null;
  const showCancel = canCancel || payment.status === 'CANCELLED';
  return (
    <>
      {showRefund ? (
        <Section id="refund" title="Refund" description="Same rules as POST /api/payment/{paymentId}/refund.">
          <RefundForm
            action={refundAction}
            paymentId={payment.id}
            currency={payment.currency}
            reference={reference}
            refundableMajor={toMajorUnits(refundable, payment.currency)}
            cardLabel={`${schemeNames[payment.cardScheme] ?? payment.cardScheme} card ending in ${payment.panLast4}`}
            open={refundable > 0}
            closedNote={refundClosedNote(detail)}
          />
        </Section>
      ) : null}
      {showCancel ? (
        <Section id="cancel" title="Cancel" description="Same rules as POST /api/payment/{paymentId}/cancel.">
          <CancelForm
            action={cancelAction}
            paymentId={payment.id}
            what={cancelWhat(detail)}
            open={canCancel}
            closedNote={payment.cancelledAt ? `Cancelled ${formatDateTime(payment.cancelledAt, true)}: no money moved.` : 'This payment can no longer be cancelled.'}
          />
        </Section>
      ) : null}
    </>
  );
}
