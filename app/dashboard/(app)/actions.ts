'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isSameOriginRequest } from '@/lib/http/origin';
import { endDashboardSession, SIGN_IN_PATH } from '@/lib/dashboard/session';
import { logger } from '@/lib/log';

/** Sign out: deletes the session row and the cookie. A foreign origin cannot sign anyone out. */
export async function signOut(): Promise<void> {
  const incoming = await headers();
  if (!isSameOriginRequest(incoming)) {
    logger.warn({ origin: incoming.get('origin') }, 'dashboard sign-out from a foreign origin refused');
    return;
  }
  await endDashboardSession();
  redirect(SIGN_IN_PATH);
}
