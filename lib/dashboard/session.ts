import { and, eq, lt } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { config, type KasaConfig } from '../config';
import { randomToken, sha256Hex } from '../crypto';
import { database, type Database } from '../db/client';
import { dashboardSessions, merchants, merchantUsers, type Merchant } from '../db/schema';
import { firstRow } from '../rows';

/** The signed-in user and the merchant they act for. */
export interface DashboardIdentity {
  user: { id: string; email: string };
  merchant: Merchant;
}

/** Idle expiry: a session unused for this long is over. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** A used session's expiry is pushed forward at most this often (one write per few minutes, not per request). */
export const SESSION_EXTEND_EVERY_MS = 5 * 60_000;

export const SIGN_IN_PATH = '/dashboard/sign-in';
export const DASHBOARD_HOME = '/dashboard/payments';

/**
 * `__Host-` in live mode: the browser then accepts the cookie only with Secure, Path=/ and no
 * Domain, so no subdomain can plant or overwrite it. Sandbox runs over plain http, where a `__Host-`
 * cookie would be refused.
 */
export function sessionCookieName(mode: KasaConfig['mode'] = config.mode): string {
  return mode === 'live' ? '__Host-kasa_session' : 'kasa_session';
}

/**
 * No Max-Age: the cookie lasts for the browser session, and the idle expiry is enforced by the
 * database row (which the cookie of a server component render could not be refreshed with anyway).
 */
export function sessionCookieOptions(mode: KasaConfig['mode'] = config.mode) {
  return { httpOnly: true, secure: mode === 'live', sameSite: 'lax' as const, path: '/' };
}

/** The idle-expiry rule: over once expires_at has passed. */
export function isSessionExpired(session: { expiresAt: Date }, now: Date): boolean {
  return session.expiresAt.getTime() <= now.getTime();
}

/** Whether using the session now should push its expiry forward (it was last extended a while ago). */
export function shouldExtendSession(session: { lastSeenAt: Date }, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= SESSION_EXTEND_EVERY_MS;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session for a user; returns the token for the cookie (only its SHA-256 is stored). */
export async function createDashboardSession({
  db,
  user,
  now = new Date(),
}: {
  db: Database;
  user: { id: string; merchantId: string };
  now?: Date;
}): Promise<string> {
  const token = randomToken(32);
  await db.insert(dashboardSessions).values({
    tokenHash: sha256Hex(token),
    userId: user.id,
    merchantId: user.merchantId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
  });
  return token;
}

/**
 * The identity a session token stands for, or null (unknown, expired, or its user no longer belongs
 * to the merchant). An expired row is deleted; a live one is extended at most every few minutes.
 */
export async function identityForToken({
  db,
  token,
  now = new Date(),
}: {
  db: Database;
  token: string;
  now?: Date;
}): Promise<DashboardIdentity | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const tokenHash = sha256Hex(token);
  const row = firstRow(await db
    .select({ session: dashboardSessions, user: { id: merchantUsers.id, email: merchantUsers.email }, merchant: merchants })
    .from(dashboardSessions)
    .innerJoin(merchantUsers, and(eq(merchantUsers.id, dashboardSessions.userId), eq(merchantUsers.merchantId, dashboardSessions.merchantId)))
    .innerJoin(merchants, eq(merchants.id, dashboardSessions.merchantId))
    .where(eq(dashboardSessions.tokenHash, tokenHash))
    .limit(1));
  if (!row) return null;
  if (isSessionExpired(row.session, now)) {
    await db.delete(dashboardSessions).where(eq(dashboardSessions.tokenHash, tokenHash));
    return null;
  }
  if (shouldExtendSession(row.session, now)) {
    // Conditional: of concurrent requests, one writes.
    await db
      .update(dashboardSessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
      .where(and(eq(dashboardSessions.tokenHash, tokenHash), lt(dashboardSessions.lastSeenAt, new Date(now.getTime() - SESSION_EXTEND_EVERY_MS))));
  }
  return { user: row.user, merchant: row.merchant };
}

export async function deleteDashboardSession({ db, token }: { db: Database; token: string }): Promise<void> {
  await db.delete(dashboardSessions).where(eq(dashboardSessions.tokenHash, sha256Hex(token)));
}

/** The current request's identity, or null; looked up once per request however many callers ask. */
export const currentIdentity = cache(async (): Promise<DashboardIdentity | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  return identityForToken({ db: await database(), token });
});

/** For pages, layouts and server actions: the signed-in user and their merchant, or redirect('/dashboard/sign-in'). */
export async function requireMerchantSession(): Promise<DashboardIdentity> {
  const identity = await currentIdentity();
  if (!identity) redirect(SIGN_IN_PATH);
  return identity;
}

/** Server actions only (cookies can be set there): signs the user in on this browser. */
export async function startDashboardSession(user: { id: string; merchantId: string }): Promise<void> {
  const token = await createDashboardSession({ db: await database(), user });
  (await cookies()).set(sessionCookieName(), token, sessionCookieOptions());
}

/** Server actions only: deletes the session row and the cookie. */
export async function endDashboardSession(): Promise<void> {
  const store = await cookies();
  const token = store.get(sessionCookieName())?.value;
  if (token) await deleteDashboardSession({ db: await database(), token });
  store.delete({ name: sessionCookieName(), ...sessionCookieOptions() });
}

/**
 * Where to go after signing in: `next` if it is a dashboard path of this site (not the sign-in page
 * itself), else the payments list. Anything that could leave the site (`//host`, `/\host`, a scheme)
 * is refused.
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return DASHBOARD_HOME;
  let url: URL;
  try {
    url = new URL(next, 'http://kasa.invalid');
  } catch {
    return DASHBOARD_HOME;
  }
  if (url.origin !== 'http://kasa.invalid') return DASHBOARD_HOME;
  if (url.pathname !== '/dashboard' && !url.pathname.startsWith('/dashboard/')) return DASHBOARD_HOME;
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith(`${SIGN_IN_PATH}/`)) return DASHBOARD_HOME;
  return `${url.pathname}${url.search}`;
}
