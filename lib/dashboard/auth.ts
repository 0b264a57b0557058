import { createHash } from 'node:crypto';
import { and, asc, eq, gt, like, lt, or, sql } from 'drizzle-orm';
import type { Database, Store } from '../db/client';
import { dashboardSessions, merchantUsers, rateLimitBuckets, signInFailures, type MerchantUser } from '../db/schema';
import { limitKeyOf } from '../net/addresses';
import { giveBackToken, takeToken, type RateLimit } from '../limits/rate-limits';
import { verifyDummyPassword, verifyPassword } from '../merchants/password';
import { normalizeEmail } from '../merchants/users';
import { firstRow } from '../rows';

/** Lock-out: this many failed sign-ins for one email within LOCKOUT_WINDOW_MS… */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** …lock it for this long from the last of them. */
export const LOCKOUT_MS = 15 * 60_000;

/** One message for every failed sign-in: wrong password, unknown email and lock-out alike. */
export const SIGN_IN_FAILED_MESSAGE =
  'Incorrect email or password. After 5 failed attempts, sign-in is paused for 15 minutes.';

/**
 * Sign-in attempts per client address (IPv4, or IPv6 /64), checked before any password is hashed:
 * 20 at once, then one more every 6 s. A successful sign-in does not count. On PostgreSQL the count is
 * shared by every instance (rate_limit_buckets).
 */
export const SIGN_IN_ADDRESS_LIMIT: RateLimit = { perSecond: 1 / 6, burst: 20 };

/** The sign-in form's message when an address is over SIGN_IN_ADDRESS_LIMIT. */
export const signInRateLimitedMessage = (retryAfterSeconds: number) =>
  `Too many sign-in attempts from your network. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;

/**
 * Signs in from `address`: refused without hashing anything while the address is over
 * SIGN_IN_ADDRESS_LIMIT (`retryAfterSeconds`), else authenticateUser's answer. The attempt is counted
 * before the password is checked, so concurrent attempts cannot overrun the limit.
 */
export async function signInFromAddress({
  store,
  address,
  email,
  password,
}: {
  store: Store;
  address: string;
  email: string;
  password: string;
}): Promise<{ user: MerchantUser | null; retryAfterSeconds?: number }> {
  const key = `sign-in:${limitKeyOf(address)}`;
  const decision = await takeToken(store, key, SIGN_IN_ADDRESS_LIMIT);
  if (!decision.allowed) return { user: null, retryAfterSeconds: decision.retryAfterSeconds };
  const user = await authenticateUser({ db: store.db, email, password });
  if (user) await giveBackToken(store, key, SIGN_IN_ADDRESS_LIMIT);
  return { user };
}

/**
 * When the lock-out imposed by these failures (ascending times) ends, or null if there is none:
 * any LOCKOUT_FAILURES of them within LOCKOUT_WINDOW_MS lock the email for LOCKOUT_MS after the last.
 */
export function lockedUntil(failures: readonly Date[], now: Date): Date | null {
  let until: number | null = null;
  for (let last = LOCKOUT_FAILURES - 1; last < failures.length; last++) {
    const first = failures[last - (LOCKOUT_FAILURES - 1)].getTime();
    const end = failures[last].getTime() + LOCKOUT_MS;
    if (failures[last].getTime() - first <= LOCKOUT_WINDOW_MS && end > now.getTime()) until = Math.max(until ?? 0, end);
  }
  return until === null ? null : new Date(until);
}

/** Failures older than this can no longer take part in a lock-out. */
const FAILURE_RELEVANCE_MS = LOCKOUT_WINDOW_MS + LOCKOUT_MS;

/** Two-key advisory lock space of sign-in attempts (the key pair never meets the migrations' bigint lock). */
const SIGN_IN_LOCK_CLASS = 0x4b53; // "KS"
const emailLockKey = (email: string) => createHash('sha256').update(email).digest().readInt32BE(0);

/**
 * Checks an email and password. Returns the user, or null for every failure (unknown email, wrong
 * password, locked email), which the caller must report with one generic message.
 *
 * Each attempt is first recorded as a failure, under a per-email advisory lock and only if the email
 * is not locked; a correct password then removes that record. So concurrent guesses cannot exceed
 * the limit, attempts during a lock-out are neither checked nor counted (the lock ends 15 minutes
 * after the fifth failure), and unknown emails lock exactly like known ones.
 */
export async function authenticateUser({
  db,
  email,
  password,
  now = new Date(),
}: {
  db: Database;
  email: string;
  password: string;
  now?: Date;
}): Promise<MerchantUser | null> {
  const normalized = normalizeEmail(email);
  const attemptId = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK_CLASS}::int4, ${emailLockKey(normalized)}::int4)`);
    const recent = await tx
      .select({ failedAt: signInFailures.failedAt })
      .from(signInFailures)
      .where(and(eq(signInFailures.email, normalized), gt(signInFailures.failedAt, new Date(now.getTime() - FAILURE_RELEVANCE_MS))))
      .orderBy(asc(signInFailures.failedAt));
    if (lockedUntil(recent.map((row) => row.failedAt), now)) return null;
    const [attempt] = await tx.insert(signInFailures).values({ email: normalized, failedAt: now }).returning({ id: signInFailures.id });
    return attempt.id;
  });
  if (attemptId === null) return null;

  const user = firstRow(await db.select().from(merchantUsers).where(eq(merchantUsers.email, normalized)).limit(1));
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyDummyPassword(password);
  if (!user || !valid) return null;
  await db.delete(signInFailures).where(eq(signInFailures.id, attemptId));
  return user;
}

/**
 * Housekeeping: failures that can no longer lock anything, sessions past their idle expiry, and
 * failed-attempt buckets (sign-in, API authentication) untouched for an hour, long full again.
 */
export async function purgeExpiredSignInData(db: Database, now: Date = new Date()): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.failedAt, new Date(now.getTime() - FAILURE_RELEVANCE_MS)));
  await db
    .delete(rateLimitBuckets)
    .where(
      and(
        or(like(rateLimitBuckets.key, 'sign-in:%'), like(rateLimitBuckets.key, 'auth-%')),
        lt(rateLimitBuckets.updatedAt, new Date(now.getTime() - 60 * 60_000)),
      ),
    );
  await db.delete(dashboardSessions).where(lt(dashboardSessions.expiresAt, now));
}
