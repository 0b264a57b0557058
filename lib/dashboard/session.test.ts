import { describe, expect, test } from 'vitest';
import {
  isSessionExpired,
  safeNextPath,
  SESSION_EXTEND_EVERY_MS,
  SESSION_IDLE_MS,
  sessionCookieName,
  sessionCookieOptions,
  shouldExtendSession,
} from './session';

const at = (iso: string) => new Date(iso);

describe('idle expiry', () => {
  test('a session lasts 12 hours from its last extension, and not a moment longer', () => {
    expect(SESSION_IDLE_MS).toBe(12 * 60 * 60 * 1000);
    const expiresAt = at('2026-01-01T12:00:00Z');
    expect(isSessionExpired({ expiresAt }, at('2026-01-01T11:59:59.999Z'))).toBe(false);
    expect(isSessionExpired({ expiresAt }, at('2026-01-01T12:00:00Z'))).toBe(true);
    expect(isSessionExpired({ expiresAt }, at('2026-01-02T00:00:00Z'))).toBe(true);
  });

  test('use pushes the expiry forward at most once every five minutes', () => {
    expect(SESSION_EXTEND_EVERY_MS).toBe(5 * 60 * 1000);
    const lastSeenAt = at('2026-01-01T00:00:00Z');
    expect(shouldExtendSession({ lastSeenAt }, at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(shouldExtendSession({ lastSeenAt }, at('2026-01-01T00:04:59Z'))).toBe(false);
    expect(shouldExtendSession({ lastSeenAt }, at('2026-01-01T00:05:00Z'))).toBe(true);
  });
});

describe('session cookie', () => {
  test('live mode: __Host- prefix, HttpOnly, Secure, SameSite=Lax, Path=/', () => {
    expect(sessionCookieName('live')).toBe('__Host-kasa_session');
    expect(sessionCookieOptions('live')).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  });

  test('sandbox mode (plain http): kasa_session without Secure', () => {
    expect(sessionCookieName('sandbox')).toBe('kasa_session');
    expect(sessionCookieOptions('sandbox')).toEqual({ httpOnly: true, secure: false, sameSite: 'lax', path: '/' });
  });

  test('the cookie never carries a Domain (required by __Host-) or a Max-Age (the database keeps the expiry)', () => {
    for (const mode of ['live', 'sandbox'] as const) {
      expect(sessionCookieOptions(mode)).not.toHaveProperty('domain');
      expect(sessionCookieOptions(mode)).not.toHaveProperty('maxAge');
    }
  });
});

describe('where sign-in returns to', () => {
  test.each([
    ['/dashboard/checkouts', '/dashboard/checkouts'],
    ['/dashboard/payments?status=FAILED', '/dashboard/payments?status=FAILED'],
    ['/dashboard', '/dashboard'],
  ])('the dashboard path %s is kept', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  test.each([
    [undefined],
    [''],
    ['https://evil.example/dashboard'],
    ['//evil.example/dashboard'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['/api/payment'],
    ['/dashboardx'],
    ['/dashboard/sign-in'],
    ['/dashboard/../api/payment'],
    ['dashboard/payments'],
  ])('%s is replaced by the payments list', (next) => {
    expect(safeNextPath(next)).toBe('/dashboard/payments');
  });
});
