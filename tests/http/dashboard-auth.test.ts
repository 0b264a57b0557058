// Dashboard sign-in, sessions, sign-out and lock-out, driven as a browser without JavaScript would:
// the sign-in page's form posted as rendered, the session cookie sent back on every page.
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { uniqueClientIp } from '../support/api';
import { forEachBackend } from '../support/context';
import {
  alertText,
  getPage,
  sessionCookie,
  signIn,
  submitPageForm,
  submitSignIn,
  type DashboardResponse,
} from '../support/dashboard';
import { sql } from '../support/database';
import { forms, voidTags } from '../support/html';

const GENERIC_FAILURE = /^Incorrect email or password\./;

/** A dashboard page's answer for a signed-out visitor: a redirect to the sign-in page. */
function expectSignInRedirect(response: DashboardResponse) {
  expect(response.status, response.text.slice(0, 300)).toBe(307);
  expect(new URL(response.location!, 'http://x').pathname).toBe('/dashboard/sign-in');
}

/** GET /dashboard: signed in, it forwards to the payments list; signed out, to the sign-in page. */
async function isSignedIn(backend: Parameters<typeof getPage>[0], session: string): Promise<boolean> {
  const response = await getPage(backend, '/dashboard', session);
  expect(response.status).toBe(307);
  return new URL(response.location!, 'http://x').pathname === '/dashboard/payments';
}

/** A refused sign-in: the page again, the generic message in role=alert, no session cookie. */
function expectRefused(response: DashboardResponse) {
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  expect(alertText(response.text)).toMatch(GENERIC_FAILURE);
  expect(sessionCookie(response)).toBeUndefined();
}

forEachBackend((backend) => {
  const merchantA = backend.merchants.a;

  describe('signed out', () => {
    test.each(['/dashboard', '/dashboard/payments'])('GET %s redirects to the sign-in page', async (path) => {
      expectSignInRedirect(await getPage(backend, path));
    });

    test('a made-up session cookie is nobody', async () => {
      expectSignInRedirect(await getPage(backend, '/dashboard/payments', 'A'.repeat(43)));
    });

    test('the sign-in page has labelled Email and Password fields and a Sign in button', async () => {
      const page = await getPage(backend, '/dashboard/sign-in');
      expect(page.status).toBe(200);
      const [form] = forms(page.text);
      expect(form, 'a sign-in form').toBeDefined();
      for (const [label, name, type] of [['Email', 'email', 'email'], ['Password', 'password', 'password']] as const) {
        const input = form.inputs.find((candidate) => candidate.attributes.name === name)!;
        expect(input.attributes.type).toBe(type);
        expect(form.content).toMatch(new RegExp(`<label[^>]*for="${input.attributes.id}"[^>]*>${label}</label>`));
      }
      expect(form.buttons.map((button) => button.content.trim())).toEqual(['Sign in']);
      expect(page.setCookies).toEqual([]);
    });
  });

  describe('sign-in', () => {
    test('the right email and password open a session: HttpOnly, SameSite=Lax, Path=/ cookie, then the payments list', async () => {
      const response = await submitSignIn(backend, { email: merchantA.email.toUpperCase(), password: merchantA.password });
      expect(response.status, response.text.slice(0, 300)).toBe(303);
      expect(response.location).toBe('/dashboard/payments');
      const cookie = sessionCookie(response)!;
      expect(cookie, 'kasa_session cookie (sandbox: no __Host- prefix over http)').toBeDefined();
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const attributes = cookie.attributes.map((attribute) => attribute.toLowerCase());
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=lax');
      expect(attributes).toContain('path=/');
      expect(attributes, 'sandbox runs over http: no Secure').not.toContain('secure');
      expect(attributes.some((attribute) => attribute.startsWith('domain=')), 'no Domain').toBe(false);

      const dashboard = await getPage(backend, '/dashboard/payments', cookie.value);
      expect(dashboard.status).toBe(200);
      expect(dashboard.text).toContain('Shop A');
      expect(await isSignedIn(backend, cookie.value)).toBe(true);
    });

    test('a dashboard path in ?next= is where sign-in returns; anything else is not', async () => {
      const back = await submitSignIn(backend, merchantA, { next: '/dashboard/checkouts' });
      expect(back.status).toBe(303);
      expect(back.location).toBe('/dashboard/checkouts');
      const foreign = await submitSignIn(backend, merchantA, { next: 'https://evil.example/dashboard' });
      expect(foreign.location).toBe('/dashboard/payments');
      const protocolRelative = await submitSignIn(backend, merchantA, { next: '//evil.example/dashboard' });
      expect(protocolRelative.location).toBe('/dashboard/payments');
    });

    test('a wrong password and an unknown email get the same generic answer, and the email stays in the form', async () => {
      const wrongPassword = await submitSignIn(backend, { email: merchantA.email, password: 'not the password at all' });
      const unknownEmail = await submitSignIn(backend, { email: `nobody-${Date.now()}@kasa.test`, password: merchantA.password });
      expectRefused(wrongPassword);
      expectRefused(unknownEmail);
      expect(alertText(wrongPassword.text)).toBe(alertText(unknownEmail.text));
      const email = voidTags(wrongPassword.text, 'input').find((input) => input.attributes.name === 'email');
      expect(email?.attributes.value).toBe(merchantA.email);
      expect(wrongPassword.text).not.toContain('not the password at all');
    });

    test('an invalid form shows field errors from the shared schema', async () => {
      const response = await submitSignIn(backend, { email: 'not-an-email', password: '' });
      expect(response.status).toBe(200);
      expect(sessionCookie(response)).toBeUndefined();
      expect(response.text).toContain('Enter a valid email address');
      expect(response.text).toContain('Enter your password');
      const email = voidTags(response.text, 'input').find((input) => input.attributes.name === 'email');
      expect(email?.attributes['aria-invalid']).toBe('true');
    });

    test('a sign-in posted from another site, or without an Origin, opens no session', async () => {
      const foreign = await submitSignIn(backend, merchantA, { origin: 'https://evil.example' });
      expect(foreign.status).not.toBe(303);
      expect(sessionCookie(foreign)).toBeUndefined();
      const missing = await submitSignIn(backend, merchantA, { origin: null });
      expect(missing.status).toBe(200);
      expect(sessionCookie(missing)).toBeUndefined();
      expect(alertText(missing.text)).toMatch(/another site/);
    });

    test('a signed-in visitor of the sign-in page goes to the dashboard', async () => {
      const session = await signIn(backend, merchantA);
      const page = await getPage(backend, '/dashboard/sign-in', session);
      expect(page.status).toBe(307);
      expect(page.location).toBe('/dashboard/payments');
    });
  });

  describe('sign-out', () => {
    test('Sign out deletes the session and the cookie: the old cookie no longer opens anything', async () => {
      const session = await signIn(backend, merchantA);
      const response = await submitPageForm(backend, {
        path: '/dashboard/payments',
        session,
        pick: (all) => all.find((form) => form.buttons.some((button) => button.content.trim() === 'Sign out')),
        fields: {},
      });
      expect(response.status, response.text.slice(0, 300)).toBe(303);
      expect(response.location).toBe('/dashboard/sign-in');
      const cleared = sessionCookie(response);
      expect(cleared?.value ?? '', 'the cookie is emptied').toBe('');
      expect(cleared?.attributes.some((attribute) => /^(expires=thu, 01 jan 1970|max-age=0)/i.test(attribute))).toBe(true);
      expect(await isSignedIn(backend, session)).toBe(false);
    });

    test('sign-out posted from another site leaves the session alone', async () => {
      const session = await signIn(backend, merchantA);
      const response = await submitPageForm(backend, {
        path: '/dashboard/payments',
        session,
        pick: (all) => all.find((form) => form.buttons.some((button) => button.content.trim() === 'Sign out')),
        fields: {},
        origin: null,
      });
      expect(response.location).not.toBe('/dashboard/sign-in');
      expect(await isSignedIn(backend, session)).toBe(true);
    });
  });

  test('five wrong passwords lock the email for 15 minutes: even the right password is then refused', async () => {
    const { email, password } = backend.merchants.lockout;
    for (let attempt = 1; attempt <= 5; attempt++) expectRefused(await submitSignIn(backend, { email, password: `wrong password ${attempt}` }));
    const locked = await submitSignIn(backend, { email, password });
    expectRefused(locked);
    expectRefused(await submitSignIn(backend, { email: email.toUpperCase(), password }));
    if (backend.databaseUrl) {
      const [row] = await sql<{ failures: number }>(backend, 'SELECT count(*)::int AS failures FROM sign_in_failures WHERE email = $1', [email]);
      expect(row.failures, 'attempts during the lock are not counted').toBe(5);
    }
  });

  describe.runIf(backend.databaseUrl)('idle expiry (PostgreSQL: the session row is moved in time)', () => {
    const sessionRow = async (session: string) => {
      const [row] = await sql<{ expires_in_s: number; last_seen_ago_s: number }>(
        backend,
        `SELECT extract(epoch FROM expires_at - now())::float8 AS expires_in_s, extract(epoch FROM now() - last_seen_at)::float8 AS last_seen_ago_s
           FROM dashboard_sessions WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
        [session],
      );
      return row;
    };

    test('the table holds the SHA-256 of the cookie token, expiring 12 hours after sign-in', async () => {
      const session = await signIn(backend, merchantA);
      const row = await sessionRow(session);
      expect(row, 'a row keyed by sha256(token)').toBeDefined();
      expect(row.expires_in_s).toBeGreaterThan(12 * 3600 - 120);
      expect(row.expires_in_s).toBeLessThanOrEqual(12 * 3600 + 60);
      const [stored] = await sql<{ row: string }>(backend, "SELECT s::text AS row FROM dashboard_sessions s WHERE token_hash = encode(sha256($1::bytea), 'hex')", [session]);
      expect(stored.row).not.toContain(session);
    });

    test('a session unused for 12 hours is over: the dashboard sends its visitor to sign in', async () => {
      const session = await signIn(backend, merchantA);
      await sql(
        backend,
        "UPDATE dashboard_sessions SET last_seen_at = now() - interval '12 hours 1 minute', expires_at = now() - interval '1 minute' WHERE token_hash = encode(sha256($1::bytea), 'hex')",
        [session],
      );
      expect(await isSignedIn(backend, session)).toBe(false);
      expectSignInRedirect(await getPage(backend, '/dashboard/payments', session));
      expect(await sessionRow(session), 'the expired row is deleted').toBeUndefined();
    });

    test('using a session slides its expiry 12 hours ahead, at most once every few minutes', async () => {
      const session = await signIn(backend, merchantA);
      // Signed in 11 hours ago and last extended then: one hour left.
      await sql(
        backend,
        "UPDATE dashboard_sessions SET last_seen_at = now() - interval '11 hours', expires_at = now() + interval '1 hour' WHERE token_hash = encode(sha256($1::bytea), 'hex')",
        [session],
      );
      expect(await isSignedIn(backend, session)).toBe(true);
      const extended = await sessionRow(session);
      expect(extended.expires_in_s).toBeGreaterThan(12 * 3600 - 120);
      expect(extended.last_seen_ago_s).toBeLessThan(60);

      // Extended a minute ago: using it again writes nothing.
      await sql(
        backend,
        "UPDATE dashboard_sessions SET last_seen_at = now() - interval '1 minute', expires_at = now() + interval '6 hours' WHERE token_hash = encode(sha256($1::bytea), 'hex')",
        [session],
      );
      expect(await isSignedIn(backend, session)).toBe(true);
      const unchanged = await sessionRow(session);
      expect(unchanged.expires_in_s).toBeLessThan(6 * 3600 + 60);
      expect(unchanged.last_seen_ago_s).toBeGreaterThan(50);
    });
  });
  test('20 failed sign-ins from one address (any address of an IPv6 /64) refuse the next before any password is checked; another address signs in', async () => {
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    for (let attempt = 1; attempt <= 20; attempt++) {
      const refused = await submitSignIn(backend, { email: `nobody-${randomUUID()}@shop.example`, password: 'not the password' }, { clientIp: `${prefix}::${attempt.toString(16)}` });
      expectRefused(refused);
    }
    // The right password of a real user, from yet another address of the /64: refused, saying why.
    const limited = await submitSignIn(backend, merchantA, { clientIp: `${prefix}:1:2:3:4` });
    expect(limited.status, limited.text.slice(0, 300)).toBe(200);
    expect(alertText(limited.text)).toMatch(/^Too many sign-in attempts from your network\. Try again in \d+ seconds?\.$/);
    expect(sessionCookie(limited)).toBeUndefined();
    // Not counted against the email either: the same user signs in from another address.
    const elsewhere = await submitSignIn(backend, merchantA, { clientIp: uniqueClientIp() });
    expect(elsewhere.status, elsewhere.text.slice(0, 300)).toBe(303);
    expect(sessionCookie(elsewhere)).toBeDefined();
  });
});
