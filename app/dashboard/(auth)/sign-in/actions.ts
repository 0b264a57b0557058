'use server';

import { redirect } from 'next/navigation';
import { validatedAction } from '@/lib/dashboard/action';
import { SIGN_IN_FAILED_MESSAGE, signInFromAddress, signInRateLimitedMessage } from '@/lib/dashboard/auth';
import { safeNextPath, startDashboardSession } from '@/lib/dashboard/session';
import { openStore } from '@/lib/db/client';
import { logger } from '@/lib/log';
import { signInSchema } from '@/lib/schemas/dashboard';

/**
 * The sign-in form: one generic message for every failure, the typed email kept in the form; too
 * many attempts from one address are refused before any password is hashed.
 */
export const signIn = validatedAction('signIn', signInSchema, async ({ email, password, next }, client) => {
  const clientIp = client.ip;
  const { user, retryAfterSeconds } = await signInFromAddress({ store: await openStore(), address: clientIp, email, password });
  if (retryAfterSeconds !== undefined) {
    logger.info({ action: 'signIn', clientIp }, 'dashboard sign-in rate limited');
    return { error: signInRateLimitedMessage(retryAfterSeconds), data: { email } };
  }
  if (!user) {
    logger.info({ action: 'signIn', clientIp }, 'dashboard sign-in failed');
    return { error: SIGN_IN_FAILED_MESSAGE, data: { email } };
  }
  await startDashboardSession(user);
  logger.info({ action: 'signIn', userId: user.id, merchantId: user.merchantId }, 'dashboard sign-in');
  redirect(safeNextPath(next));
});
