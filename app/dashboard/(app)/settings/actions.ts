'use server';

import { revalidatePath } from 'next/cache';
import { dashboardAction } from '@/lib/dashboard/action';
import { database } from '@/lib/db/client';
import { logger } from '@/lib/log';
import { rotateApiSecret, rotateCallbackSecret } from '@/lib/merchants/rotation';
import { rotationFormSchema } from '@/lib/schemas/dashboard-forms';

/**
 * Rotate the API secret. The new secret is in this one answer and nowhere else (only its keyed hash
 * is stored); the old one keeps working for the chosen overlap.
 */
export const rotateApiSecretAction = dashboardAction(rotationFormSchema, async ({ overlapHours }, { merchant, user }) => {
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
export const rotateCallbackSecretAction = dashboardAction(rotationFormSchema, async ({ overlapHours }, { merchant, user }) => {
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
