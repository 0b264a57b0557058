'use server';

import { redirect } from 'next/navigation';
import { validatedAction } from '@/lib/dashboard/action';
import { authenticateUser, SIGN_IN_FAILED_MESSAGE } from '@/lib/dashboard/auth';
import { safeNextPath, startDashboardSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { currentClient } from '@/lib/http/client';
import { logger } from '@/lib/log';
import { signInSchema } from '@/lib/schemas/dashboard';

/** The sign-in form: one generic message for every failure, the typed email kept in the form. */
export const signIn = validatedAction(signInSchema, async ({ email, password, next }) => {
  const user = await authenticateUser({ db: await database(), email, password });
  if (!user) {
    logger.info({ action: 'signIn', clientIp: (await currentClient()).ip }, 'dashboard sign-in failed');
    return { error: SIGN_IN_FAILED_MESSAGE, data: { email } };
  }
  await startDashboardSession(user);
  logger.info({ action: 'signIn', userId: user.id, merchantId: user.merchantId }, 'dashboard sign-in');
  redirect(safeNextPath(next));
});
