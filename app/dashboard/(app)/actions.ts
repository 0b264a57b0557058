'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { endDashboardSession, SIGN_IN_PATH } from '@/lib/dashboard/session';
import { runAction } from '@/lib/http/action';

/** Sign out: deletes the session row and the cookie. A foreign origin cannot sign anyone out. */
export async function signOut(): Promise<void> {
  await runAction({
    name: 'signOut',
    schema: z.undefined(),
    input: undefined,
    run: async () => {
      await endDashboardSession();
      redirect(SIGN_IN_PATH);
    },
  });
}
