'use server';

import { revalidatePath } from 'next/cache';
import { formatAmount, formatMajor } from '@/components/dashboard/format';
import { dashboardAction } from '@/lib/dashboard/action';
import { present } from '@/lib/errors';
import { database } from '@/lib/db/client';
import { cancelPayment, capturePreAuthorization, refundPayment } from '@/lib/payments';
import { cancelFormSchema, captureFormSchema, refundFormSchema } from '@/lib/schemas/dashboard-forms';
import { checkoutFollowUp } from '@/lib/checkout/attempts';

const revalidatePayment = (paymentId: string) => {
  revalidatePath(`/dashboard/payments/${paymentId}`);
  revalidatePath('/dashboard/payments');
};

/**
 * Capture from the payment page: the API's capture (same rules and codes), for the signed-in
 * merchant only — another merchant's payment id is NOT_FOUND, so the action answers 404.
 */
export const capturePayment = dashboardAction('capturePayment', captureFormSchema, async ({ paymentId, amount, currency }, { merchant }) => {
  const captured = await capturePreAuthorization({ db: await database(), merchant, paymentId, request: { amount, currency } });
  revalidatePayment(captured.id);
  const capturedAmount = present(captured.capturedAmount, "a captured payment's capturedAmount");
  const released = present(captured.authorizedAmount, "an authorized payment's authorizedAmount") - capturedAmount;
  return {
    ok: true,
    message:
      `Captured ${formatAmount(capturedAmount, captured.currency)}.` +
      (released > 0 ? ` The remaining ${formatAmount(released, captured.currency)} is released.` : ''),
  };
});

/**
 * Cancel from the payment page: the API's cancel (same rules; INVALID_STATE and CANCEL_DECLINED
 * messages show as they are), for the signed-in merchant's own payment only.
 */
export const cancelPaymentAction = dashboardAction('cancelPaymentAction', cancelFormSchema, async ({ paymentId, reason }, { merchant }) => {
  const cancelled = await cancelPayment({ db: await database(), merchant, paymentId, reason, followUp: checkoutFollowUp });
  revalidatePayment(cancelled.id);
  return {
    ok: true,
    message:
      cancelled.capturedAmount === null
        ? `Cancelled: the hold of ${formatAmount(cancelled.authorizedAmount ?? cancelled.amount, cancelled.currency)} is released.`
        : `Cancelled: the charge of ${formatAmount(cancelled.capturedAmount, cancelled.currency)} is reversed, no money moves.`,
  };
});

/**
 * Refund from the payment page: the API's refund with the form's reference, so the same form sent
 * twice answers the one refund it made. A bank decline refunds nothing and says why.
 */
export const refundPaymentAction = dashboardAction('refundPaymentAction', refundFormSchema, async ({ paymentId, amount, currency, reference, reason }, { merchant }) => {
  const refund = await refundPayment({ db: await database(), merchant, paymentId, request: { amount, currency, reference, reason } });
  revalidatePayment(paymentId);
  const money = (major: number) => formatMajor(major, refund.currency);
  if (refund.status === 'FAILED') {
    return { error: `The bank declined the refund of ${money(refund.amount)}: ${refund.resultMessage ?? refund.resultCode ?? 'no reason given'}. Nothing was refunded.` };
  }
  if (refund.status === 'PENDING') {
    return { ok: true, message: `The refund of ${money(refund.amount)} is with the bank, which has not answered yet. It settles on its own; this page shows the outcome.` };
  }
  return {
    ok: true,
    message:
      `Refunded ${money(refund.amount)}.` +
      (refund.refundableAmount > 0 ? ` ${money(refund.refundableAmount)} can still be refunded.` : ' The payment is fully refunded.'),
  };
});
