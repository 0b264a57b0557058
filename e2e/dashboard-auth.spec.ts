// Dashboard sign-in in a real browser: the sign-in page by its accessible names, the session cookie,
// the signed-in shell, sign-out, and the lock-out after five wrong passwords (on a login of its own:
// the shared E2E login must never be locked, other specs sign in with it).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

type EnvName = 'E2E_KASA_URL' | 'E2E_DASHBOARD_EMAIL' | 'E2E_DASHBOARD_PASSWORD' | 'E2E_LOCKOUT_EMAIL' | 'E2E_LOCKOUT_PASSWORD';
const env = (name: EnvName) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)`);
  return value;
};

const MERCHANT = 'E2E Shop';
const GENERIC_FAILURE = /Incorrect email or password\./;

/** The page's own alert (Next.js adds a route announcer with role=alert too). */
const alert = (page: Page, text: RegExp) => page.getByRole('alert').filter({ hasText: text });

/**
 * Fills and submits the sign-in form; resolves once the server action has answered (the button is
 * disabled while it runs), so a message on the page is this attempt's.
 */
async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/dashboard/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await answered;
}

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((violation) => ({ rule: violation.id, help: violation.help, nodes: violation.nodes.map((node) => node.target) }));
  expect.soft(violations, `axe violations on ${what}`).toEqual([]);
}

test('a signed-out visit goes to sign-in; signing in opens the dashboard shell; Sign out ends the session', async ({ page, context }) => {
  await page.goto(`${env('E2E_KASA_URL')}/dashboard/payments`);
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to your dashboard' })).toBeVisible();
  await expectAccessible(page, 'the sign-in page');

  await fillSignIn(page, env('E2E_DASHBOARD_EMAIL'), env('E2E_DASHBOARD_PASSWORD'));
  await expect(page).toHaveURL(/\/dashboard\/payments$/);
  const banner = page.getByRole('banner');
  await expect(banner).toContainText(MERCHANT);
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  for (const [name, path] of [
    ['Payments', '/dashboard/payments'],
    ['Checkout links', '/dashboard/checkouts'],
    ['Callbacks', '/dashboard/deliveries'],
    ['Settings', '/dashboard/settings'],
  ]) {
    await expect(nav.getByRole('link', { name })).toHaveAttribute('href', path);
  }
  await expect(nav.getByRole('link', { name: 'Payments' })).toHaveAttribute('aria-current', 'page');

  const [cookie] = (await context.cookies()).filter((candidate) => candidate.name === 'kasa_session');
  expect(cookie, 'the session cookie').toBeDefined();
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false, expires: -1 });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
  expect((await context.cookies()).filter((candidate) => candidate.name === 'kasa_session')).toEqual([]);

  // The old cookie, put back, opens nothing: its session row is gone.
  const { name, value, domain, path, httpOnly, secure, sameSite } = cookie;
  await context.addCookies([{ name, value, domain, path, httpOnly, secure, sameSite }]);
  await page.goto(`${env('E2E_KASA_URL')}/dashboard/payments`);
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
});

test('?next= brings the visitor back to the dashboard page asked for', async ({ page }) => {
  await page.goto(`${env('E2E_KASA_URL')}/dashboard/sign-in?next=${encodeURIComponent('/dashboard/checkouts')}`);
  await fillSignIn(page, env('E2E_DASHBOARD_EMAIL'), env('E2E_DASHBOARD_PASSWORD'));
  await expect(page).toHaveURL(/\/dashboard\/checkouts$/);
});

test('an unknown email gets the generic message; an invalid form gets field errors', async ({ page }) => {
  await page.goto(`${env('E2E_KASA_URL')}/dashboard/sign-in`);
  await fillSignIn(page, 'nobody@kasa.test', 'some password here');
  await expect(alert(page, GENERIC_FAILURE)).toBeVisible();
  await expect(page.getByLabel('Email'), 'the typed address stays').toHaveValue('nobody@kasa.test');
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
  await expectAccessible(page, 'the sign-in page with an error');

  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Enter your password')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter a valid email address');
});

test('five wrong passwords lock the login: the right password is then refused with the same message', async ({ page, context }) => {
  const email = env('E2E_LOCKOUT_EMAIL');
  await page.goto(`${env('E2E_KASA_URL')}/dashboard/sign-in`);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await fillSignIn(page, email, `wrong password ${attempt}`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(alert(page, GENERIC_FAILURE)).toBeVisible();
  }
  await fillSignIn(page, email, env('E2E_LOCKOUT_PASSWORD'));
  await expect(alert(page, GENERIC_FAILURE)).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
  expect((await context.cookies()).filter((candidate) => candidate.name === 'kasa_session')).toEqual([]);
});
