'use server';

import { revalidatePath } from 'next/cache';
import { formatAmount } from '@/components/dashboard/format';
import { dashboardAction } from '@/lib/dashboard/action';
import { database } from '@/lib/db/client';
import { capturePreAuthorization } from '@/lib/payments';
import { captureFormSchema } from '@/lib/schemas/dashboard-forms';

/**
 * Capture from the payment page: the API's capture (same rules and codes), for the signed-in
 * merchant only — another merchant's payment id is NOT_FOUND, so the action answers 404.
 */
export const capturePayment = dashboardAction(captureFormSchema, async ({ paymentId, amount, currency }, { merchant }) => {
  const captured = await capturePreAuthorization({ db: await database(), merchant, paymentId, request: { amount, currency } });
  revalidatePath(`/dashboard/payments/${captured.id}`);
  revalidatePath('/dashboard/payments');
  const released = captured.authorizedAmount! - captured.capturedAmount!;
  return {
    ok: true,
    message:
      `Captured ${formatAmount(captured.capturedAmount!, captured.currency)}.` +
      (released > 0 ? ` The remaining ${formatAmount(released, captured.currency)} is released.` : ''),
  };
});
