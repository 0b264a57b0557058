import { startCallbackWorker } from '../notifications/worker';
import { config } from '../config';
import { openStore } from '../db/client';
import { startMaintenance } from './maintenance';
import { ensureDemoMerchant } from '../merchants/demo';
import { processSingleton } from '../process-singleton';

/**
 * Server start-up: open and migrate the store, greet a newcomer with a demo merchant, start
 * housekeeping. A store held by another process stops the server with the holder's name.
 */
export async function startServerServices(): Promise<void> {
  if (config.isBuildPhase) return;
  try {
    const store = await openStore();
    onShutdown(startCallbackWorker(store.db).stop); // before the store's hook: the worker records in-flight attempts first
    onShutdown(() => store.close());
    await ensureDemoMerchant(store, config.publicBaseUrl);
    startMaintenance(store.db);
  } catch (error) {
    console.error(`Kasa cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

/**
 * Work to finish before the process exits (closing the store checkpoints PGlite). scripts/server.mjs
 * runs these after it stops accepting connections and in-flight requests have drained.
 */
export function onShutdown(hook: () => Promise<void>): void {
  processSingleton('shutdown-hooks', () => [] as Array<() => Promise<void>>).push(hook);
}
