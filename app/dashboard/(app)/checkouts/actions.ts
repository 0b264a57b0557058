'use server';

import { revalidatePath } from 'next/cache';
import { createCheckout } from '@/lib/checkout/create';
import { dashboardAction } from '@/lib/dashboard/action';
import { database } from '@/lib/db/client';
import { checkoutFormSchema } from '@/lib/schemas/dashboard-forms';

/** Create link: POST /api/checkout's rules (the same schema and domain function) for the signed-in merchant. */
export const createCheckoutLink = dashboardAction('createCheckoutLink', checkoutFormSchema, async (request, { merchant }) => {
  const { checkoutId, redirectUrl } = await createCheckout({ db: await database(), merchant, request });
  revalidatePath('/dashboard/checkouts');
  return { ok: true, message: `Checkout link for order ${request.orderId} is ready.`, data: { checkoutId, redirectUrl } };
});
