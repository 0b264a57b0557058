import { config } from '../config';
import type { Database } from '../db/client';
import { purgeExpiredSignInData } from '../dashboard/auth';
import { purgeExpiredIdempotencyKeys } from '../http/idempotency';
import { describeError, logger } from '../log';
import { expireAuthorizations } from '../payments/expiry';
import { settleInterruptedPayments, settleOpenBankOperations } from '../payments/recovery';
import { settleInterruptedRefunds } from '../payments/refund';
import { expireThreeDsEnrollments } from '../payments/three-ds';
import { expireOverdueCheckouts } from '../checkout/overdue';
import { checkoutFollowUp } from '../checkout/attempts';

/**
 * Housekeeping at start-up and every minute (KASA_MAINTENANCE_INTERVAL_MS): interrupted payments and refunds,
 * expired 3-D Secure enrollments, pre-authorizations past their window, overdue checkouts
 * (checkout.expired), expired replays, stale
 * sign-in failures and expired dashboard sessions. A run still going when the next is due is not
 * doubled; on several instances each job decides in the database which rows it takes.
 */
export function startMaintenance(db: Database): void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await settleInterruptedPayments(db, checkoutFollowUp);
      await settleOpenBankOperations(db, checkoutFollowUp);
      await settleInterruptedRefunds(db);
      await expireThreeDsEnrollments(db, checkoutFollowUp);
      await expireAuthorizations(db);
      await expireOverdueCheckouts(db);
      await purgeExpiredIdempotencyKeys(db);
      await purgeExpiredSignInData(db);
    } catch (error) {
      logger.error({ err: describeError(error) }, 'maintenance failed');
    } finally {
      running = false;
    }
  };
  void run();
  setInterval(() => { void run(); }, config.maintenance.intervalMs).unref();
}
