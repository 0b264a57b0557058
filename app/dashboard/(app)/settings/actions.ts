'use server';

import { revalidatePath } from 'next/cache';
import { addBankAccount, removeBankAccount, testBankConnection } from '@/lib/banks/accounts';
import { dashboardAction } from '@/lib/dashboard/action';
import { database } from '@/lib/db/client';
import { logger } from '@/lib/log';
import { setAuthorizationWindow } from '@/lib/merchants/authorization-window';
import { rotateApiSecret, rotateCallbackSecret } from '@/lib/merchants/rotation';
import { resendDelivery } from '@/lib/notifications/resend';
import { createEventEndpoint, deleteEventEndpoint, sendTestEvent } from '@/lib/notifications/endpoints';
import {
  authorizationWindowFormSchema,
  bankAccountFormSchema,
  bankAccountIdFormSchema,
  eventEndpointFormSchema,
  eventEndpointIdFormSchema,
  resendFormSchema,
  rotationFormSchema,
} from '@/lib/schemas/dashboard-forms';

/**
 * Rotate the API secret. The new secret is in this one answer and nowhere else (only its keyed hash
 * is stored); the old one keeps working for the chosen overlap.
 */
export const rotateApiSecretAction = dashboardAction('rotateApiSecretAction', rotationFormSchema, async ({ overlapHours }, { merchant, user }) => {
  const rotated = await rotateApiSecret({ db: await database(), merchantId: merchant.id, overlapHours });
  logger.info({ action: 'rotateApiSecret', merchantId: merchant.id, userId: user.id, overlapHours }, 'API secret rotated');
  revalidatePath('/dashboard/settings');
  return {
    ok: true,
    message: overlapHours === 0 ? 'API secret rotated. The old secret no longer works.' : `API secret rotated. The old secret keeps working for ${overlapHours} h.`,
    data: { secret: rotated.apiSecret, previousExpiresAt: rotated.previousExpiresAt.toISOString() },
  };
});

/** Rotate the callback signing secret; during the overlap callbacks carry a v1 for each secret. */
export const rotateCallbackSecretAction = dashboardAction('rotateCallbackSecretAction', rotationFormSchema, async ({ overlapHours }, { merchant, user }) => {
  const rotated = await rotateCallbackSecret({ db: await database(), merchantId: merchant.id, overlapHours });
  logger.info({ action: 'rotateCallbackSecret', merchantId: merchant.id, userId: user.id, overlapHours }, 'callback secret rotated');
  revalidatePath('/dashboard/settings');
  return {
    ok: true,
    message:
      overlapHours === 0
        ? 'Callback secret rotated. Callbacks are signed with the new secret only.'
        : `Callback secret rotated. For ${overlapHours} h callbacks carry a signature for each secret.`,
    data: { secret: rotated.callbackSecret, previousExpiresAt: rotated.previousExpiresAt?.toISOString() ?? null },
  };
});

/** Set the authorization window (days) of new pre-authorizations. */
export const setAuthorizationWindowAction = dashboardAction('setAuthorizationWindowAction', authorizationWindowFormSchema, async ({ authorizationDays }, { merchant, user }) => {
  await setAuthorizationWindow({ db: await database(), merchantId: merchant.id, authorizationDays });
  logger.info({ action: 'setAuthorizationWindow', merchantId: merchant.id, userId: user.id, authorizationDays }, 'authorization window changed');
  revalidatePath('/dashboard/settings');
  return { ok: true, message: `Authorization window set to ${authorizationDays} ${authorizationDays === 1 ? 'day' : 'days'}. New pre-authorizations use it.` };
});

/** Add an event endpoint (the API's rules: URL, event types, at most 5). */
export const addEventEndpointAction = dashboardAction('addEventEndpointAction', eventEndpointFormSchema, async (request, { merchant, user }) => {
  const endpoint = await createEventEndpoint({ db: await database(), merchantId: merchant.id, request });
  logger.info({ action: 'addEventEndpoint', merchantId: merchant.id, userId: user.id, endpointId: endpoint.endpointId }, 'event endpoint added');
  revalidatePath('/dashboard/settings');
  return { ok: true, message: `Endpoint added: ${endpoint.url}` };
});

/** Delete one of the merchant's endpoints (another merchant's id is a 404). */
export const deleteEventEndpointAction = dashboardAction('deleteEventEndpointAction', eventEndpointIdFormSchema, async ({ endpointId }, { merchant, user }) => {
  await deleteEventEndpoint({ db: await database(), merchantId: merchant.id, endpointId });
  logger.info({ action: 'deleteEventEndpoint', merchantId: merchant.id, userId: user.id, endpointId }, 'event endpoint deleted');
  revalidatePath('/dashboard/settings');
  return { ok: true, message: 'Endpoint deleted' };
});

/** "Send test event": a `test` event to this endpoint only. */
export const sendTestEventAction = dashboardAction('sendTestEventAction', eventEndpointIdFormSchema, async ({ endpointId }, { merchant }) => {
  const delivery = await sendTestEvent({ db: await database(), merchantId: merchant.id, endpointId });
  revalidatePath('/dashboard/settings');
  return { ok: true, message: `Test event queued (${delivery.eventId})` };
});

/** Resend one of an endpoint's deliveries now, same event id. */
export const resendEventDeliveryAction = dashboardAction('resendEventDeliveryAction', resendFormSchema, async ({ deliveryId }, { merchant }) => {
  await resendDelivery({ db: await database(), merchantId: merchant.id, deliveryId });
  revalidatePath('/dashboard/settings');
  return { ok: true, message: 'Queued: sending now' };
});

/** Add a bank account (virtual POS contract); its API password and store key are sealed, never shown again. */
export const addBankAccountAction = dashboardAction('addBankAccountAction', bankAccountFormSchema, async (input, { merchant, user }) => {
  const account = await addBankAccount({ db: await database(), merchantId: merchant.id, input });
  logger.info({ action: 'addBankAccount', merchantId: merchant.id, userId: user.id, bankAccountId: account.id }, 'bank account added from the dashboard');
  revalidatePath('/dashboard/settings');
  return { ok: true, message: `Bank account added: ${account.name}${account.isDefault ? ' (default)' : ''}` };
});

/** "Test connection": a status query with the stored credentials; "Connected" or the bank's own message. */
export const testBankConnectionAction = dashboardAction('testBankConnectionAction', bankAccountIdFormSchema, async ({ bankAccountId }, { merchant }) => {
  const result = await testBankConnection({ db: await database(), merchantId: merchant.id, accountId: bankAccountId });
  return result.ok ? { ok: true, message: 'Connected' } : { error: result.message };
});

/** Remove one of the merchant's bank accounts; one that took payments stays (the domain says why). */
export const removeBankAccountAction = dashboardAction('removeBankAccountAction', bankAccountIdFormSchema, async ({ bankAccountId }, { merchant, user }) => {
  await removeBankAccount({ db: await database(), merchantId: merchant.id, accountId: bankAccountId });
  logger.info({ action: 'removeBankAccount', merchantId: merchant.id, userId: user.id, bankAccountId }, 'bank account removed');
  revalidatePath('/dashboard/settings');
  return { ok: true, message: 'Bank account removed' };
});
