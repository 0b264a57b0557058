// §10 in a real browser: a link the merchant ends (POST /api/checkout/{id}/expire) while the shopper
// is on the 3-D Secure page charges nothing when the right code is then submitted, and the page shows
// its expired state; and the authorization window in dashboard Settings (1–30 days).
import { expect, test as base, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import pg from 'pg';
import { cards } from '../tests/support/cards';
import { futureExpiry } from '../tests/support/requests';
import type { RecordedCallback } from './merchant-stub';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)`);
  return value;
};
const kasaUrl = () => env('E2E_KASA_URL');
const stubUrl = () => env('E2E_STUB_URL');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let contextCounter = 0;
const test = base.extend<{ browserErrors: string[] }>({
  // A shopper address of its own (the checkout allows 10 card submissions per address and minute).
  context: async ({ context }, use, testInfo: TestInfo) => {
    const n = ++contextCounter;
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.20.${(testInfo.workerIndex * 37 + testInfo.retry) % 250}.${(n % 250) + 1}` });
    await use(context);
  },
  browserErrors: [
    async ({ context }: { context: BrowserContext }, use) => {
      const errors: string[] = [];
      context.on('console', (message) => {
        if (message.type() !== 'error' || /favicon\.ico/.test(message.location().url)) return;
        // The closed issuer page answers 410, which the browser logs as a failed resource.
        if (/\/sandbox\/acs\/challenge/.test(message.location().url) && /410/.test(message.text())) return;
        errors.push(`${message.location().url}: ${message.text()}`);
      });
      context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message}`));
      await use(errors);
      expect(errors, 'the browser logged no error').toEqual([]);
    },
    { auto: true },
  ],
});

async function stubJson<T = any>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${stubUrl()}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  expect(response.status, `${init?.method ?? 'GET'} ${path} on the merchant stub`).toBe(200);
  return (await response.json()) as T;
}

async function waitForHydration(control: Locator) {
  await expect(control).toBeVisible();
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps'))), { message: 'hydrated' })
    .toBe(true);
}

test('a link expired through the API while the shopper is on the 3-D Secure page: the right code charges nothing; the page shows it expired', async ({
  page,
}) => {
  await page.goto(`${stubUrl()}/shop/buy?amount=64.5`);
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(kasaUrl())}/checkout-link/[0-9a-f-]{36}$`));
  const checkoutId = new URL(page.url()).pathname.split('/').pop()!;
  const pay = page.getByRole('button', { name: /^Pay/ });
  await waitForHydration(pay);
  const { expiryMonth, expiryYear } = futureExpiry();
  await page.getByRole('textbox', { name: 'Cardholder name' }).fill('Ayşe Yılmaz');
  await page.getByRole('textbox', { name: 'Card number' }).fill(cards.world.pan);
  await page.getByRole('textbox', { name: 'Expiry date' }).fill(`${expiryMonth}/${expiryYear}`);
  await page.getByRole('textbox', { name: 'Security code' }).fill(cards.world.cvv);
  await pay.click();
  const issuer = page.frameLocator('iframe[title="3-D Secure"]');
  await expect(issuer.getByRole('textbox', { name: 'Verification code' })).toBeVisible();

  // The shop ends the link while the shopper is at the bank.
  const expired = await stubJson<{ httpStatus: number; body: any }>(`/shop/checkouts/${checkoutId}/expire`, { method: 'POST' });
  expect(expired.httpStatus, JSON.stringify(expired.body)).toBe(200);
  expect(expired.body).toMatchObject({ status: 'EXPIRED', resultCode: 'CHECKOUT_EXPIRED', authCode: null });

  await issuer.getByRole('textbox', { name: 'Verification code' }).fill('123456');
  await issuer.getByRole('button', { name: 'Submit' }).click();
  await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('This verification is no longer open');

  // Nothing was charged: the attempt is FAILED and the checkout EXPIRED, as the merchant sees it.
  const status = await stubJson<{ httpStatus: number; body: any }>(`/shop/checkouts/${checkoutId}`);
  expect(status.body).toEqual(expired.body);
  expect(status.body.status).not.toBe('SUCCESS');

  await page.goto(`${kasaUrl()}/checkout-link/${checkoutId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This payment link has expired');
  await expect(page.getByRole('textbox', { name: 'Card number' })).toHaveCount(0);
  // The attempt's own result page says it failed and why the link takes no more.
  await page.goto(`${kasaUrl()}/checkout-link/${checkoutId}?result=${expired.body.paymentId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Payment failed');
  await expect(page.getByRole('main')).toContainText('This payment link has expired');

  // One callback, for the expiry; the merchant's GET after it answered EXPIRED.
  let callbacks: RecordedCallback[] = [];
  await expect
    .poll(async () => (callbacks = (await stubJson<{ callbacks: RecordedCallback[] }>(`/kasa/callbacks?checkoutId=${checkoutId}`)).callbacks).length, {
      timeout: 10_000,
    })
    .toBe(1);
  expect(callbacks[0].problems).toEqual([]);
  expect(callbacks[0]).toMatchObject({ status: 'EXPIRED', sequence: 1 });
  expect(callbacks[0].checkoutStatus?.body?.status).toBe('EXPIRED');
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${kasaUrl()}/dashboard/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard\/payments$/);
}

test('Settings shows the authorization window (7 days by default), refuses 0 and 31, and keeps a new window of 3 days', async ({ page }) => {
  // Rotation Shop's login (e2e/global-setup.ts): nothing else of this shop depends on its window.
  await signIn(page, env('E2E_ROTATION_EMAIL'), env('E2E_ROTATION_PASSWORD'));
  await page.goto(`${kasaUrl()}/dashboard/settings`);
  const section = page.getByRole('region', { name: 'Authorization window' });
  const form = section.getByRole('form', { name: 'Authorization window' });
  const days = form.getByRole('spinbutton', { name: 'Authorization window (days)' });
  const save = form.getByRole('button', { name: 'Save window' });
  /** The window as Settings states it (the definition beside "Pre-authorizations hold for"). */
  const shown = () => page.getByRole('region', { name: 'Authorization window' }).getByRole('definition');
  await waitForHydration(save);
  // A retry of this test finds the window it set: start from the default.
  if ((await days.inputValue()) !== '7') {
    await days.fill('7');
    await save.click();
    await expect(section.getByRole('status')).toContainText('Authorization window set to 7 days');
  }
  await expect(shown()).toHaveText('7 days');

  for (const wrong of ['0', '31']) {
    await days.fill(wrong);
    await save.click();
    await expect(section.getByRole('alert')).toHaveText('Check the highlighted fields.');
    await expect(days).toHaveAttribute('aria-invalid', 'true');
    await expect(section).toContainText('The authorization window must be a whole number of days, 1–30');
  }
  await expect(shown()).toHaveText('7 days');

  await days.fill('3');
  await save.click();
  await expect(section.getByRole('status')).toHaveText('Authorization window set to 3 days. New pre-authorizations use it.');
  await expect(shown()).toHaveText('3 days');
  await page.reload();
  await expect(shown()).toHaveText('3 days');
  await expect(days).toHaveValue('3');

  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ authorization_days: number }>("SELECT authorization_days FROM merchants WHERE name = 'Rotation Shop'");
      expect(rows).toEqual([{ authorization_days: 3 }]);
    } finally {
      await client.end();
    }
  }
});
