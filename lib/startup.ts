import { config } from './config';
import { openStore } from './db/client';
import { startMaintenance } from './maintenance';
import { ensureDemoMerchant } from './merchants/demo';

/**
 * Server start-up: open and migrate the store, greet a newcomer with a demo merchant, start
 * housekeeping. A store held by another process stops the server with the holder's name.
 */
export async function startServerServices(): Promise<void> {
  if (config.isBuildPhase) return;
  try {
    const store = await openStore();
    await ensureDemoMerchant(store.db, config.publicBaseUrl);
    startMaintenance(store.db);
  } catch (error) {
    console.error(`Kasa cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
