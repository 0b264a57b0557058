import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Config is read at import: point it at a fresh embedded store before loading anything.
const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-dashboard-auth-'));
vi.stubEnv('DATA_DIR', dataDir);
vi.stubEnv('DATABASE_URL', '');
vi.stubEnv('KASA_MODE', 'sandbox');
vi.stubEnv('KASA_LOG_LEVEL', 'silent');

const { eq } = await import('drizzle-orm');
const { openStore } = await import('../db/client');
const { dashboardSessions, merchantUsers, signInFailures } = await import('../db/schema');
const { createMerchant } = await import('../merchants/credentials');
const { AppError } = await import('../errors');
const { authenticateUser, lockedUntil, purgeExpiredSignInData, LOCKOUT_MS } = await import('./auth');
const { createDashboardUser } = await import('../merchants/users');
const { createDashboardSession, deleteDashboardSession, identityForToken, SESSION_IDLE_MS } = await import('./session');
const { sha256Hex } = await import('../crypto');
type Database = import('../db/client').Database;

const PASSWORD = 'a long dashboard password';
const minutes = (n: number) => n * 60_000;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

let db: Database;
let close: () => Promise<void>;
let merchantId = '';
let otherMerchantId = '';
let emailCounter = 0;

/** A user of its own per test, so lock-outs never cross tests. */
async function newUser(owner = merchantId) {
  const email = `user${++emailCounter}@shop.example`;
  const { userId } = await createDashboardUser({ db, merchantId: owner, email, password: PASSWORD });
  return { userId, email };
}

beforeAll(async () => {
  const store = await openStore();
  db = store.db;
  close = () => store.close();
  ({ merchantId } = await createMerchant({ db, name: 'Auth Test Shop' }));
  ({ merchantId: otherMerchantId } = await createMerchant({ db, name: 'Other Shop' }));
});

afterAll(async () => {
  await close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dashboard users', () => {
  test('createMerchant with a dashboard user stores a lower-cased email and an argon2id hash, never the password', async () => {
    const created = await createMerchant({ db, name: 'With Login', dashboardUser: { email: '  Owner@Shop.Example ', password: PASSWORD } });
    expect(created.email).toBe('owner@shop.example');
    const [user] = await db.select().from(merchantUsers).where(eq(merchantUsers.merchantId, created.merchantId));
    expect(user.email).toBe('owner@shop.example');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
  });

  test('an email already in use is refused as EMAIL_TAKEN, whatever its case', async () => {
    const { email } = await newUser();
    const attempt = createDashboardUser({ db, merchantId: otherMerchantId, email: email.toUpperCase(), password: PASSWORD });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_ERROR', fieldErrors: [{ field: 'email', code: 'EMAIL_TAKEN' }] });
  });
});

describe('sign-in', () => {
  test('the right password signs in (email case and spaces ignored) and leaves no failure behind', async () => {
    const { userId, email } = await newUser();
    const user = await authenticateUser({ db, email: ` ${email.toUpperCase()} `, password: PASSWORD });
    expect(user).toMatchObject({ id: userId, merchantId, email });
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, email))).toEqual([]);
  });

  test('a wrong password and an unknown email both fail alike and are both counted', async () => {
    const { email } = await newUser();
    expect(await authenticateUser({ db, email, password: 'wrong password here' })).toBeNull();
    expect(await authenticateUser({ db, email: 'nobody@shop.example', password: PASSWORD })).toBeNull();
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, email))).toHaveLength(1);
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, 'nobody@shop.example'))).toHaveLength(1);
  });
});

describe('lock-out', () => {
  test('the rule: five failures within 15 minutes lock for 15 minutes after the fifth', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const five = [0, 1, 2, 3, 4].map((n) => later(t0, minutes(n)));
    expect(lockedUntil(five.slice(0, 4), later(t0, minutes(5)))).toBeNull();
    expect(lockedUntil(five, later(t0, minutes(5)))).toEqual(later(t0, minutes(4) + LOCKOUT_MS));
    expect(lockedUntil(five, later(t0, minutes(18)))).toEqual(later(t0, minutes(19)));
    expect(lockedUntil(five, later(t0, minutes(19)))).toBeNull();
    // Spread over more than 15 minutes: no five of them fall within one window.
    const spread = [0, 4, 8, 12, 16].map((n) => later(t0, minutes(n)));
    expect(lockedUntil(spread, later(t0, minutes(17)))).toBeNull();
    // Exactly 15 minutes apart still counts.
    const edge = [0, 5, 10, 14, 15].map((n) => later(t0, minutes(n)));
    expect(lockedUntil(edge, later(t0, minutes(16)))).toEqual(later(t0, minutes(30)));
  });

  test('after five wrong passwords even the right one is refused, and the lock lifts 15 minutes after the fifth', async () => {
    const { userId, email } = await newUser();
    const t0 = new Date(Date.now() - minutes(1));
    for (let n = 0; n < 5; n++) {
      expect(await authenticateUser({ db, email, password: `wrong ${n}`, now: later(t0, n * 1000) })).toBeNull();
    }
    const fifth = later(t0, 4000);
    expect(await authenticateUser({ db, email, password: PASSWORD, now: later(fifth, 1000) })).toBeNull();
    expect(await authenticateUser({ db, email, password: PASSWORD, now: later(fifth, LOCKOUT_MS - 1000) })).toBeNull();
    // Attempts during the lock are not counted: it does not extend itself.
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, email))).toHaveLength(5);
    expect(await authenticateUser({ db, email, password: PASSWORD, now: later(fifth, LOCKOUT_MS) })).toMatchObject({ id: userId });
  });

  test('four failures do not lock', async () => {
    const { userId, email } = await newUser();
    for (let n = 0; n < 4; n++) expect(await authenticateUser({ db, email, password: `wrong ${n}` })).toBeNull();
    expect(await authenticateUser({ db, email, password: PASSWORD })).toMatchObject({ id: userId });
  });

  test('concurrent guesses cannot get past the limit', async () => {
    const { email } = await newUser();
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, n) => authenticateUser({ db, email, password: `guess ${n}` })));
    expect(guesses.every((user) => user === null)).toBe(true);
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, email))).toHaveLength(5);
    expect(await authenticateUser({ db, email, password: PASSWORD })).toBeNull();
  });

  test('an unknown email locks exactly like a known one', async () => {
    const email = 'ghost@shop.example';
    for (let n = 0; n < 7; n++) await authenticateUser({ db, email, password: `guess ${n}` });
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, email))).toHaveLength(5);
  });
});

describe('sessions', () => {
  async function signedIn() {
    const { userId, email } = await newUser();
    const now = new Date();
    const token = await createDashboardSession({ db, user: { id: userId, merchantId }, now });
    return { userId, email, token, now };
  }

  const row = async (token: string) =>
    (await db.select().from(dashboardSessions).where(eq(dashboardSessions.tokenHash, sha256Hex(token))))[0];

  test('the cookie token is 32 random bytes; the table holds only its SHA-256', async () => {
    const { token } = await signedIn();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await row(token);
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  test('a session names its user and merchant until 12 idle hours have passed', async () => {
    const { userId, email, token, now } = await signedIn();
    const identity = await identityForToken({ db, token, now: later(now, SESSION_IDLE_MS - 1000) });
    expect(identity?.user).toEqual({ id: userId, email });
    expect(identity?.merchant.id).toBe(merchantId);
  });

  test('unused for 12 hours, a session is over and its row is deleted', async () => {
    const { token, now } = await signedIn();
    expect(await identityForToken({ db, token, now: later(now, SESSION_IDLE_MS) })).toBeNull();
    expect(await row(token)).toBeUndefined();
  });

  test('use slides the expiry forward, writing at most once every five minutes', async () => {
    const { token, now } = await signedIn();
    await identityForToken({ db, token, now: later(now, minutes(4)) });
    expect((await row(token)).expiresAt).toEqual(later(now, SESSION_IDLE_MS));
    await identityForToken({ db, token, now: later(now, minutes(6)) });
    expect((await row(token)).expiresAt).toEqual(later(now, minutes(6) + SESSION_IDLE_MS));
    expect((await row(token)).lastSeenAt).toEqual(later(now, minutes(6)));
    // Used every 11 hours, it outlives its first 12.
    const t1 = later(now, minutes(6) + 11 * 3_600_000);
    expect(await identityForToken({ db, token, now: t1 })).not.toBeNull();
    expect(await identityForToken({ db, token, now: later(t1, 11 * 3_600_000) })).not.toBeNull();
  });

  test('a deleted session, a made-up token and a malformed one are nobody', async () => {
    const { token } = await signedIn();
    await deleteDashboardSession({ db, token });
    expect(await identityForToken({ db, token })).toBeNull();
    expect(await identityForToken({ db, token: 'A'.repeat(43) })).toBeNull();
    expect(await identityForToken({ db, token: "' or 1=1 --" })).toBeNull();
  });

  test("a session whose user does not belong to the session's merchant is nobody", async () => {
    const { userId } = await newUser(otherMerchantId);
    const token = await createDashboardSession({ db, user: { id: userId, merchantId } });
    expect(await identityForToken({ db, token })).toBeNull();
  });

  test('housekeeping deletes expired sessions and failures too old to matter', async () => {
    const { token, now } = await signedIn();
    const { email } = await newUser();
    await authenticateUser({ db, email, password: 'wrong password', now });
    await purgeExpiredSignInData(db, later(now, minutes(31)));
    expect(await db.select().from(signInFailures).where(eq(signInFailures.email, email))).toEqual([]);
    expect(await row(token)).toBeDefined();
    await purgeExpiredSignInData(db, later(now, SESSION_IDLE_MS + 1000));
    expect(await row(token)).toBeUndefined();
  });
});
