import type { Database } from './db/client';
import { purgeExpiredIdempotencyKeys } from './idempotency';
import { logger } from './log';
import { settleInterruptedPayments } from './payments/recovery';

const EVERY_MS = 60_000;

/** Housekeeping at start-up and every minute: recovery of interrupted payments, expired replays. */
export function startMaintenance(db: Database): void {
  const run = async () => {
    try {
      await settleInterruptedPayments(db);
      await purgeExpiredIdempotencyKeys(db);
    } catch (error) {
      logger.error({ err: (error as Error).message }, 'maintenance failed');
    }
  };
  void run();
  setInterval(run, EVERY_MS).unref();
}
