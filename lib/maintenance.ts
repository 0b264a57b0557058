import type { Database } from './db/client';
import { purgeExpiredSignInData } from './dashboard/auth';
import { purgeExpiredIdempotencyKeys } from './idempotency';
import { describeError, logger } from './log';
import { settleInterruptedPayments } from './payments/recovery';
import { expireThreeDsEnrollments } from './payments/three-ds';

const EVERY_MS = 60_000;

/**
 * Housekeeping at start-up and every minute: interrupted payments, expired 3-D Secure enrollments,
 * expired replays, stale sign-in failures and expired dashboard sessions.
 */
export function startMaintenance(db: Database): void {
  const run = async () => {
    try {
      await settleInterruptedPayments(db);
      await expireThreeDsEnrollments(db);
      await purgeExpiredIdempotencyKeys(db);
      await purgeExpiredSignInData(db);
    } catch (error) {
      logger.error({ err: describeError(error) }, 'maintenance failed');
    }
  };
  void run();
  setInterval(run, EVERY_MS).unref();
}
