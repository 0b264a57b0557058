import { sql } from 'drizzle-orm';
import { randomToken } from '../crypto';
import type { Store } from '../db/client';
import { merchants } from '../db/schema';
import { createMerchant } from './credentials';
import { printCredentials } from './print';

export const DEMO_DASHBOARD_EMAIL = 'demo@kasa.local';

/**
 * On the first start of an empty store, a demo merchant so a newcomer can call the API at once, with
 * a dashboard login (demo@kasa.local and a random password, printed once with the other secrets).
 */
export async function ensureDemoMerchant(store: Store, publicBaseUrl: string): Promise<void> {
  const password = randomToken(18);
  // Instances starting together on one PostgreSQL database take turns: one creates, the others see it.
  const credentials = await store.db.transaction(async (tx) => {
    if (store.kind === 'postgres') await tx.execute(sql`select pg_advisory_xact_lock(7212340002)`);
    const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(merchants)) as [{ count: number }];
    if (count > 0) return null;
    return createMerchant({ db: tx, name: 'Demo Shop', dashboardUser: { email: DEMO_DASHBOARD_EMAIL, password } });
  });
  if (!credentials) return;
  printCredentials('Demo Shop', credentials, { url: `${publicBaseUrl}/dashboard`, password });
  process.stdout.write(
    `Try it:\n  curl -s ${publicBaseUrl}/api/payment -H 'Content-Type: application/json' \\\n` +
      `    -H 'X-API-KEY: ${credentials.apiKey}' -H 'X-API-SECRET: ${credentials.apiSecret}' \\\n` +
      `    -d '{"orderId":"ORD-1","amount":100.50,"currency":"TRY","cardHolderName":"John Doe","pan":"<TEST CARD>",` +
      `"expiryMonth":"12","expiryYear":"30","cvv":"<CVV>","requestIp":"192.168.1.1","requestPort":8080}'\n` +
      // Card numbers never go to a log, not even the sandbox's: the test cards are in the README.
      `  with <TEST CARD> one of the sandbox cards listed in the README (e.g. the Mastercard ending in 0656) and any 3-digit <CVV>.\n`,
  );
}
