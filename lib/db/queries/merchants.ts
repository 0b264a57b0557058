import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiCredentials, merchants } from '../schema';
import { firstRow } from '../../rows';

/** The merchant's profile, its sealed callback secret and its API credentials (newest first), or null. */
export async function findMerchantWithCredentials({ db, merchantId }: { db: Database; merchantId: string }) {
  const merchant = firstRow(
    await db
    .select({
      id: merchants.id,
      name: merchants.name,
      currencies: merchants.currencies,
      maxAmount: merchants.maxAmount,
      authorizationDays: merchants.authorizationDays,
      createdAt: merchants.createdAt,
      callbackSecretSealed: merchants.callbackSecretSealed,
      previousExpiresAt: sql<Date | null>`case when ${merchants.previousCallbackSecretExpiresAt} > now() then ${merchants.previousCallbackSecretExpiresAt} end`.mapWith(
        merchants.previousCallbackSecretExpiresAt,
      ),
    })
    .from(merchants)
    .where(eq(merchants.id, merchantId)),
  );
  if (!merchant) return null;
  const credentials = await db
    .select()
    .from(apiCredentials)
    .where(eq(apiCredentials.merchantId, merchantId))
    .orderBy(desc(apiCredentials.createdAt));
  return { merchant, credentials };
}
