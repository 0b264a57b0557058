import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { merchants } from '../db/schema';
import { AppError } from '../errors';
import { authorizationDaysSchema } from '../schemas/dashboard-forms';
import { forgetVerifiedCredentials } from './credentials';
import { firstRow } from '../rows';

/**
 * Sets how many days the merchant's new pre-authorizations hold before the expiry job releases them.
 * Pre-authorizations already approved keep the deadline they were given. This instance's credentials
 * cache (which carries the merchant row) is emptied, so the next pre-authorization here uses the new
 * window; other instances pick it up within the cache's few seconds.
 */
export async function setAuthorizationWindow({
  db,
  merchantId,
  authorizationDays,
}: {
  db: Database;
  merchantId: string;
  authorizationDays: number;
}): Promise<{ authorizationDays: number }> {
  const parsed = authorizationDaysSchema.safeParse(authorizationDays);
  if (!parsed.success) throw AppError.field('authorizationDays', 'INVALID_AUTHORIZATION_DAYS', parsed.error.issues[0].message);
  const updated = firstRow(await db
    .update(merchants)
    .set({ authorizationDays: parsed.data })
    .where(eq(merchants.id, merchantId))
    .returning({ authorizationDays: merchants.authorizationDays }));
  if (!updated) throw new AppError('NOT_FOUND', 'Merchant not found');
  forgetVerifiedCredentials();
  return updated;
}
