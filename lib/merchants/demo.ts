import { sql } from 'drizzle-orm';
import { randomToken } from '../crypto';
import type { Database } from '../db/client';
import { merchants } from '../db/schema';
import { createMerchant } from './credentials';
import { printCredentials } from './print';

export const DEMO_DASHBOARD_EMAIL = 'demo@kasa.local';

/**
 * On the first start of an empty store, a demo merchant so a newcomer can call the API at once, with
 * a dashboard login (demo@kasa.local and a random password, printed once with the other secrets).
 */
export async function ensureDemoMerchant(db: Database, publicBaseUrl: string): Promise<void> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(merchants)) as [{ count: number }];
  if (count > 0) return;
  const password = randomToken(18);
  const credentials = await createMerchant({ db, name: 'Demo Shop', dashboardUser: { email: DEMO_DASHBOARD_EMAIL, password } });
  printCredentials('Demo Shop', credentials, { url: `${publicBaseUrl}/dashboard`, password });
  process.stdout.write(
    `Try it:\n  curl -s ${publicBaseUrl}/api/payment -H 'Content-Type: application/json' \\\n` +
      `    -H 'X-API-KEY: ${credentials.apiKey}' -H 'X-API-SECRET: ${credentials.apiSecret}' \\\n` +
      `    -d '{"orderId":"ORD-1","amount":100.50,"currency":"TRY","cardHolderName":"John Doe","pan":"5421190122090656",` +
      `"expiryMonth":"12","expiryYear":"30","cvv":"123","requestIp":"192.168.1.1","requestPort":8080}'\n`,
  );
}
