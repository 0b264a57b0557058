'use server';

import { revalidatePath } from 'next/cache';
import { resendDelivery } from '@/lib/notifications/resend';
import { dashboardAction } from '@/lib/dashboard/action';
import { database } from '@/lib/db/client';
import { resendFormSchema } from '@/lib/schemas/dashboard-forms';

/** Resend: a new attempt now, same eventId, for the signed-in merchant's delivery only (else 404). */
export const resendCallback = dashboardAction('resendCallback', resendFormSchema, async ({ deliveryId }, { merchant }) => {
  await resendDelivery({ db: await database(), merchantId: merchant.id, deliveryId });
  revalidatePath('/dashboard/deliveries', 'layout');
  return { ok: true, message: 'Queued: sending now' };
});
