// The merchant dashboard in a real browser, end to end: payments made through the API appear and
// filter; a partial capture from the payment page is what GET /api/payment/{id} then reports; an API
// secret rotated with an overlap, then without; a checkout link created in the dashboard, paid on the
// hosted page, its callback delivered and resent (same eventId); sign-out; another merchant's session
// gets 404 for this merchant's pages and for a replayed server-action post; axe-core finds nothing on
// any dashboard page. Sign-in basics and the lock-out after five wrong passwords are
// e2e/dashboard-auth.spec.ts's (on a login of its own), not repeated here.
//
// The merchants are this spec's own (e2e/global-setup.ts): "Dashboard Shop A" with a merchant stub of its
// own (so its lists hold only what this spec made), "Dashboard Shop B" for the cross-merchant checks,
// and "Rotation Shop", whose API secret is rotated (the shared E2E Shop's credentials must keep working).
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { bins, cards, maskPan, type CardName } from '../tests/support/cards';
import { futureExpiry, paymentRequest } from '../tests/support/requests';
import type { RecordedCallback } from './merchant-stub';

type ShopName = 'SHOP_A' | 'SHOP_B' | 'ROTATION';
type EnvName = 'E2E_KASA_URL' | 'E2E_SHOP_A_STUB_URL' | `E2E_${ShopName}_${'EMAIL' | 'PASSWORD' | 'API_KEY' | 'API_SECRET'}`;
const env = (name: EnvName) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)`);
  return value;
};
const kasaUrl = () => env('E2E_KASA_URL');
/** Dashboard Shop A's merchant stub: its callback URL checks signatures with A's callback secret. */
const stubUrl = () => env('E2E_SHOP_A_STUB_URL');

interface Shop {
  name: string;
  email: string;
  password: string;
  apiKey: string;
  apiSecret: string;
}
const shop = (key: ShopName, name: string): Shop => ({
  name,
  email: env(`E2E_${key}_EMAIL`),
  password: env(`E2E_${key}_PASSWORD`),
  apiKey: env(`E2E_${key}_API_KEY`),
  apiSecret: env(`E2E_${key}_API_SECRET`),
});
const shopA = () => shop('SHOP_A', 'Dashboard Shop A');
const shopB = () => shop('SHOP_B', 'Dashboard Shop B');
const rotationShop = () => shop('ROTATION', 'Rotation Shop');

const VERIFICATION_CODE = '123456';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An order-id prefix no other test uses: the lists are filtered by it. */
const runPrefix = () => `DASH-${randomBytes(4).toString('hex')}`;

// ---- fixtures: a shopper address per test; no browser error (CSP, hydration) on any page ----

/** Errors the browsers of a test logged; `allow` the ones a test provokes (a 404 logs one). */
class BrowserErrors {
  readonly errors: string[] = [];
  readonly allowed: RegExp[] = [];
  watch(context: BrowserContext) {
    context.on('console', (message) => {
      // Chromium sometimes asks for /favicon.ico anyway (404); e2e/checkout.spec.ts ignores it too.
      if (message.type() !== 'error' || /\/favicon\.ico$/.test(message.location().url)) return;
      this.errors.push(`${message.location().url}: ${message.text()}`);
    });
    context.on('weberror', (error) => this.errors.push(`uncaught: ${error.error().message}`));
  }
  allow(pattern: RegExp) {
    this.allowed.push(pattern);
  }
  unexpected() {
    return this.errors.filter((error) => !this.allowed.some((pattern) => pattern.test(error)));
  }
}

let contextCounter = 0;
/** Each context is a client of its own address (the checkout allows 10 card submissions per address and minute). */
async function ownAddress(context: BrowserContext, testInfo: TestInfo) {
  const n = ++contextCounter;
  await context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.19.${(testInfo.workerIndex * 37 + testInfo.retry) % 250}.${(n % 250) + 1}` });
}

const test = base.extend<{ browserErrors: BrowserErrors; newContext: () => Promise<BrowserContext> }>({
  context: async ({ context }, use, testInfo) => {
    await ownAddress(context, testInfo);
    await use(context);
  },
  browserErrors: [
    async ({ context }, use) => {
      const errors = new BrowserErrors();
      errors.watch(context);
      await use(errors);
      expect(errors.unexpected(), 'the browser logged no error (CSP violations and hydration errors included)').toEqual([]);
    },
    { auto: true },
  ],
  /** Another browser context (another person: merchant B, a shopper), watched like the default one. */
  newContext: async ({ browser, browserErrors }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      await ownAddress(context, testInfo);
      browserErrors.watch(context);
      return context;
    });
    for (const context of contexts) await context.close();
  },
});

// ---- the merchant API ----

interface ApiAnswer {
  status: number;
  body: any;
}

/** The merchant API with a shop's key and `secret` (default: the shop's own): GET, or POST with a JSON body. */
async function api(who: Pick<Shop, 'apiKey' | 'apiSecret'>, path: string, body?: unknown, secret = who.apiSecret): Promise<ApiAnswer> {
  const response = await fetch(`${kasaUrl()}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'x-api-key': who.apiKey,
      'x-api-secret': secret,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed };
}

/** POST /api/payment or /api/pre-authorization for a test card; returns the ApiPaymentResponse. */
async function pay(who: Shop, kind: 'payment' | 'pre-authorization', orderId: string, card: CardName, amount: number, currency = 'TRY') {
  const answer = await api(who, `/api/${kind}`, paymentRequest({ orderId, amount, currency }, cards[card]));
  expect(answer.status, `POST /api/${kind} ${orderId}: ${JSON.stringify(answer.body)}`).toBe(200);
  expect(answer.body.status).toBe(cards[card].outcome === 'APPROVED' ? 'SUCCESS' : 'FAILED');
  return answer.body as { paymentId: string; orderId: string; status: string };
}

// ---- the merchant stub (Dashboard Shop A's callback URL) ----

async function stubJson(path: string, init?: RequestInit): Promise<any> {
  const response = await fetch(`${stubUrl()}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  const body = await response.json();
  expect(response.status, `${init?.method ?? 'GET'} ${path} on the merchant stub: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

/**
 * Waits (up to 10 s) until the stub has received `count` callbacks for the checkout, each of which
 * passed its checks (X-Kasa-Signature with A's callback secret, exactly the documented fields).
 */
async function expectCallbacks(checkoutId: string, count: number): Promise<RecordedCallback[]> {
  let callbacks: RecordedCallback[] = [];
  await expect
    .poll(
      async () => {
        callbacks = (await stubJson(`/kasa/callbacks?checkoutId=${checkoutId}`)).callbacks;
        return callbacks.length;
      },
      { timeout: 10_000, message: `the merchant received ${count} callback(s) for checkout ${checkoutId}` },
    )
    .toBe(count);
  for (const callback of callbacks) expect(callback.problems, `callback ${callback.body} (X-Kasa-Signature: ${callback.signature})`).toEqual([]);
  return callbacks;
}

// ---- the browser ----

async function signIn(page: Page, who: Shop) {
  await page.goto(`${kasaUrl()}/dashboard/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard\/payments$/);
  await expect(page.getByRole('banner')).toContainText(who.name);
}

/**
 * Waits until React has hydrated the control: before that a dashboard form is plain server HTML and
 * a click would post it natively instead of through its action's transition.
 */
async function expectHydrated(control: Locator) {
  await expect(control).toBeVisible();
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps'))), { message: 'hydrated' })
    .toBe(true);
}

/** axe-core, every rule it runs by default, zero violations; soft, so one run reports every page. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`),
  }));
  expect.soft(violations, `axe violations on ${what}`).toEqual([]);
}

/** A filter of the list as the page's URL holds it. */
const filterOf = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
const nav = (page: Page) => page.getByRole('navigation', { name: 'Dashboard' });
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
/** Data rows of a table (the header row has column headers, no cells). */
const rowsOf = (table: Locator) => table.getByRole('row').filter({ has: table.page().getByRole('cell') });

/** Pays a checkout link on the hosted page as a shopper (its own browser context): WORLD card, code 123456. */
async function payOnHostedPage(shopper: BrowserContext, link: string) {
  const page = await shopper.newPage();
  await page.goto(link);
  const payButton = page.getByRole('button', { name: /^Pay/ });
  await expectHydrated(payButton);
  const { expiryMonth, expiryYear } = futureExpiry();
  await page.getByRole('textbox', { name: 'Cardholder name' }).fill('Ayşe Yılmaz');
  await page.getByRole('textbox', { name: 'Card number' }).fill(cards.world.pan);
  await page.getByRole('textbox', { name: 'Expiry date' }).fill(`${expiryMonth}/${expiryYear}`);
  await page.getByRole('textbox', { name: 'Security code' }).fill(cards.world.cvv);
  await payButton.click();
  const issuer = page.frameLocator('iframe[title="3-D Secure"]');
  await issuer.getByRole('textbox', { name: 'Verification code' }).fill(VERIFICATION_CODE);
  await issuer.getByRole('button', { name: 'Submit' }).click();
  await expect(h1(page)).toContainText('Payment successful');
  await page.close();
}

// ---- specs ----

test('payments made through the API: listed newest first, filtered by order id, status and card last 4; a partial capture shows in GET /api/payment', async ({ page }) => {
  const a = shopA();
  const prefix = runPrefix();
  // One after the other: the list shows them newest first.
  const world = await pay(a, 'payment', `${prefix}-WORLD`, 'world', 1249.9);
  const usd = await pay(a, 'payment', `${prefix}-USD`, 'visaInternational', 89.5, 'USD');
  const declined = await pay(a, 'payment', `${prefix}-DECLINED`, 'doNotHonor', 310);
  const maximum = await pay(a, 'payment', `${prefix}-MAX`, 'maximum', 42);
  const preauth = await pay(a, 'pre-authorization', `${prefix}-PRE`, 'maximum', 250);
  const made = [world, usd, declined, maximum, preauth];
  const newestFirst = (...payments: { orderId: string }[]) => payments.map((payment) => payment.orderId);

  await signIn(page, a);
  await expect(h1(page)).toHaveText('Payments');
  const table = page.getByRole('table', { name: 'Payments' });
  const orderLinks = table.getByRole('link', { name: /^Payment for order / });
  const row = (orderId: string) => rowsOf(table).filter({ has: page.getByRole('link', { name: `Payment for order ${orderId}`, exact: true }) });
  for (const payment of made) await expect(row(payment.orderId)).toBeVisible();
  await expect(row(world.orderId)).toContainText('TRY 1,249.90');
  await expect(row(world.orderId)).toContainText('Succeeded');
  await expect(row(world.orderId)).toContainText('Sale');
  // The card cell reads "Mastercard ending in 0656" (the dots between are aria-hidden).
  await expect(row(world.orderId).getByRole('cell', { name: `Mastercard ending in ${cards.world.pan.slice(-4)}`, exact: true })).toBeVisible();
  await expect(row(usd.orderId)).toContainText('USD 89.50');
  await expect(row(declined.orderId)).toContainText('Failed');
  await expect(row(declined.orderId)).toContainText('DO_NOT_HONOR');
  await expect(row(preauth.orderId)).toContainText('Pre-auth · uncaptured');
  await expectAccessible(page, 'the payments list');

  // The filter bar is a GET form: the filters land in the URL.
  const filters = page.getByRole('search', { name: 'Filter payments' });
  const apply = () => filters.getByRole('button', { name: 'Apply filters' }).click();
  await filters.getByRole('textbox', { name: 'Order id starts with' }).fill(prefix);
  await apply();
  await expect.poll(() => filterOf(page, 'orderId')).toBe(prefix);
  await expect(page.getByRole('heading', { name: 'Matching payments' })).toBeVisible();
  await expect(orderLinks).toHaveText(newestFirst(preauth, maximum, declined, usd, world));

  await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failed' });
  await apply();
  await expect.poll(() => filterOf(page, 'status')).toBe('FAILED');
  await expect(orderLinks).toHaveText(newestFirst(declined));

  await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Succeeded' });
  await apply();
  await expect(orderLinks).toHaveText(newestFirst(preauth, maximum, usd, world));

  await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'All statuses' });
  await filters.getByRole('textbox', { name: 'Card last 4' }).fill(cards.maximum.pan.slice(-4));
  await apply();
  await expect.poll(() => filterOf(page, 'last4')).toBe(cards.maximum.pan.slice(-4));
  await expect(orderLinks).toHaveText(newestFirst(preauth, maximum));

  await filters.getByRole('textbox', { name: 'Card last 4' }).fill('9999');
  await apply();
  await expect(orderLinks).toHaveCount(0);
  await expect(page.getByText('No payment matches these filters.')).toBeVisible();
  await filters.getByRole('textbox', { name: 'Card last 4' }).fill(cards.maximum.pan.slice(-4));
  await apply();

  // The pre-authorization's page, and a partial capture from it.
  await table.getByRole('link', { name: `Payment for order ${preauth.orderId}`, exact: true }).click();
  await expect(page).toHaveURL(`${kasaUrl()}/dashboard/payments/${preauth.paymentId}`);
  await expect(h1(page)).toHaveText(`Payment for order ${preauth.orderId}`);
  await expect(page.getByRole('region', { name: 'Payment details' })).toContainText(maskPan(cards.maximum.pan));
  const capture = page.getByRole('form', { name: 'Capture pre-authorization' });
  const amount = capture.getByRole('textbox', { name: 'Amount to capture (TRY)' });
  await expect(amount).toHaveValue('250');
  await expectHydrated(capture.getByRole('button', { name: 'Capture' }));
  await expectAccessible(page, 'the payment page of an open pre-authorization');

  await amount.fill('100.50');
  await capture.getByRole('button', { name: 'Capture' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Captured' })).toHaveText('Captured TRY 100.50. The remaining TRY 149.50 is released.');
  await expect(page.getByText('Captured TRY 100.50 of TRY 250.00.')).toBeVisible();
  await expect(capture).toHaveCount(0);

  const status = await api(a, `/api/payment/${preauth.paymentId}`);
  expect(status.status, JSON.stringify(status.body)).toBe(200);
  expect(status.body).toMatchObject({
    paymentId: preauth.paymentId,
    orderId: preauth.orderId,
    status: 'SUCCESS',
    transactionType: 'PRE_AUTHORIZATION',
    currency: 'TRY',
    authorizedAmount: 250,
    capturedAmount: 100.5,
    amount: 100.5,
  });

  // The list says so too.
  await page.getByRole('link', { name: '← Payments' }).click();
  await expect(row(preauth.orderId)).toContainText('Pre-auth · captured');
  await expect(row(preauth.orderId)).toContainText('TRY 100.50');
});

test('a checkout link made in the dashboard, paid on the hosted page: its callback is delivered, Resend delivers the same eventId again; Sign out', async ({
  page,
  newContext,
}) => {
  // The longest flow here (a payment on the hosted page, two callbacks, seven axe scans): ~10 s on
  // an idle machine, nearly twice that on a loaded one.
  test.setTimeout(60_000);
  const a = shopA();
  const orderId = `${runPrefix()}-LINK`;
  await signIn(page, a);

  await nav(page).getByRole('link', { name: 'Checkout links' }).click();
  await expect(h1(page)).toHaveText('Checkout links');
  await expectAccessible(page, 'the checkout links list');
  await page.getByRole('link', { name: 'Create link' }).click();
  await expect(h1(page)).toHaveText('Create checkout link');
  const form = page.getByRole('form', { name: 'Create checkout link' });
  await expectHydrated(form.getByRole('button', { name: 'Create link' }));
  await expectAccessible(page, 'the new checkout link form');

  await form.getByRole('textbox', { name: 'Order id' }).fill(orderId);
  await form.getByRole('textbox', { name: 'Amount', exact: true }).fill('349.90');
  await form.getByRole('textbox', { name: 'Description (optional)' }).fill('A ceramic tea set');
  await form.getByRole('textbox', { name: 'Callback URL' }).fill(`${stubUrl()}/kasa/callback`);
  await form.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is ready' })).toHaveText(`Checkout link for order ${orderId} is ready.`);
  const link = await page.getByRole('textbox', { name: 'Checkout link' }).inputValue();
  expect(link).toMatch(new RegExp(`^${escapeRegExp(kasaUrl())}/checkout-link/[0-9a-f-]{36}$`));
  const checkoutId = link.split('/').pop()!;
  expect(checkoutId).toMatch(UUID);
  await expectAccessible(page, 'the new checkout link form with the created link');

  // The shop enters the link into its orders (so its callback is the shop's), and a shopper pays it.
  const entered = await stubJson('/shop/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkoutId, orderId }) });
  expect(entered.body).toMatchObject({ status: 'PENDING', orderId, amount: 349.9, currency: 'TRY' });
  await payOnHostedPage(await newContext(), link);
  const [paid] = await expectCallbacks(checkoutId, 1);
  expect(paid).toMatchObject({ status: 'SUCCESS', event: 'attempt.succeeded', sequence: 1, checkoutStatus: { httpStatus: 200, body: { status: 'SUCCESS', orderId, amount: 349.9 } } });
  const eventId = paid.eventId!;
  expect(eventId).toMatch(/^evt_/);

  // The Callbacks page lists the event as delivered (the attempt is recorded once the stub has answered).
  await nav(page).getByRole('link', { name: 'Callbacks' }).click();
  await expect(h1(page)).toHaveText('Callbacks');
  const events = page.getByRole('table', { name: 'Callback events' });
  const event = rowsOf(events).filter({ has: page.getByRole('link', { name: `Event ${eventId}`, exact: true }) });
  await expect(async () => {
    await page.reload();
    await expect(event).toContainText('Delivered', { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(event).toContainText('#1 · attempt.succeeded · reports SUCCESS');
  await expect(event).toContainText('HTTP 204');
  await expect(event.getByRole('link', { name: orderId, exact: true })).toBeVisible();
  await expectAccessible(page, 'the callbacks list');

  // The checkout link's page: paid, its attempt and its callback.
  await event.getByRole('link', { name: orderId, exact: true }).click();
  await expect(page).toHaveURL(`${kasaUrl()}/dashboard/checkouts/${checkoutId}`);
  await expect(h1(page)).toHaveText(`Checkout link for order ${orderId}`);
  await expect(page.getByRole('main')).toContainText('Paid');
  const attempts = page.getByRole('table', { name: 'Payment attempts' });
  await expect(rowsOf(attempts)).toHaveCount(1);
  await expect(rowsOf(attempts)).toContainText('Succeeded');
  await expect(rowsOf(attempts)).toContainText(`Mastercard ${maskPan(cards.world.pan)}`);
  const checkoutCallbacks = rowsOf(page.getByRole('table', { name: 'Callbacks' }));
  await expect(checkoutCallbacks).toHaveCount(1);
  await expect(checkoutCallbacks).toContainText(eventId);
  await expect(checkoutCallbacks).toContainText('Delivered');
  await expectAccessible(page, 'the checkout link page');

  // The event's page, and Resend: a new attempt, the same eventId at the merchant.
  await checkoutCallbacks.getByRole('link', { name: eventId, exact: true }).click();
  await expect(page).toHaveURL(`${kasaUrl()}/dashboard/deliveries/${eventId}`);
  await expect(h1(page)).toHaveText(`Callback event ${eventId}`);
  const deliveryAttempts = rowsOf(page.getByRole('table', { name: 'Attempts' }));
  await expect(deliveryAttempts).toHaveCount(1);
  await expect(deliveryAttempts).toContainText('HTTP 204');
  await expectAccessible(page, 'the callback event page');

  const resend = page.getByRole('button', { name: `Resend event ${eventId}` });
  await expectHydrated(resend);
  await resend.click();
  await expect(page.getByRole('status').filter({ hasText: 'Queued' })).toHaveText('Queued: sending now');
  const [first, again] = await expectCallbacks(checkoutId, 2);
  expect(again).toMatchObject({ eventId, status: 'SUCCESS', sequence: 1, body: first.body });
  await expect(async () => {
    await page.reload();
    await expect(deliveryAttempts).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(deliveryAttempts.nth(1)).toContainText('HTTP 204');
  await expect(page.getByRole('main')).toContainText('Delivered');

  // Sign out: the session is over, the dashboard sends the visitor to sign in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
  await expect(h1(page)).toHaveText('Sign in to your dashboard');
  // After a server action's redirect, Next.js streams the new page's <title> after its body: wait for it.
  await expect(page).toHaveTitle('Sign in · Kasa');
  await expectAccessible(page, 'the sign-in page');
  await page.goto(`${kasaUrl()}/dashboard/payments`);
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
});

test('API secret rotation: the old secret works during a 1 h overlap; rotating again with 0 h ends every previous secret (401) and the new one works', async ({
  page,
}) => {
  const rotating = rotationShop();
  /** POST /api/installment-options (no side effects) with this secret. */
  const withSecret = (secret: string) => api(rotating, '/api/installment-options', { amount: 1000, currency: 'TRY', pan: bins.world }, secret);
  const statusWith = async (secret: string) => (await withSecret(secret)).status;

  await signIn(page, rotating);
  await nav(page).getByRole('link', { name: 'Settings' }).click();
  await expect(h1(page)).toHaveText('Settings');
  const secrets = rowsOf(page.getByRole('table', { name: 'API secrets' }));
  await expect(secrets).toHaveCount(1);
  await expect(secrets).toContainText('Current');
  await expectAccessible(page, 'the settings page');

  const form = page.getByRole('form', { name: 'Rotate API secret' });
  const overlap = form.getByRole('spinbutton', { name: 'Old secret keeps working for (hours)' });
  const rotate = form.getByRole('button', { name: 'Rotate API secret' });
  const newSecret = page.getByRole('textbox', { name: 'New API secret' });
  await expectHydrated(rotate);
  /** Rotates with this overlap; the new secret, once the page shows it (shown once, in place of `previous`). */
  const rotateWith = async (hours: number, previous?: string) => {
    await overlap.fill(String(hours));
    await rotate.click();
    if (previous) await expect(newSecret).not.toHaveValue(previous);
    await expect(page.getByRole('status').filter({ hasText: 'API secret rotated' })).toHaveText(
      hours === 0 ? 'API secret rotated. The old secret no longer works.' : `API secret rotated. The old secret keeps working for ${hours} h.`,
    );
    const secret = await newSecret.inputValue();
    expect(secret).toMatch(/^sk_/);
    return secret;
  };

  // A secret of this attempt's own to start from (a retry would find the one set up rotated away).
  const original = await rotateWith(0);
  expect(await statusWith(original)).toBe(200);
  await expect(secrets).toHaveCount(1);
  await expect(secrets).toContainText(`Secret ending in ${original.slice(-4)}`);

  const first = await rotateWith(1, original);
  await expect(secrets).toHaveCount(2);
  await expect(secrets.filter({ hasText: `Secret ending in ${original.slice(-4)}` })).toContainText(/Expires in (1 h|59 min)/);
  await expect(secrets.filter({ hasText: `Secret ending in ${first.slice(-4)}` })).toContainText('Current');
  await expectAccessible(page, 'the settings page showing a new API secret');
  expect(await statusWith(original), 'the old secret during the overlap').toBe(200);
  expect(await statusWith(first), 'the new secret').toBe(200);

  const second = await rotateWith(0, first);
  await expect(secrets).toHaveCount(1);
  await expect(secrets).toContainText(`Secret ending in ${second.slice(-4)}`);
  // Another server instance may honour a verified secret for up to 5 s more.
  await expect
    .poll(async () => [await statusWith(original), await statusWith(first)], { timeout: 6_500, message: 'both previous secrets answer 401' })
    .toEqual([401, 401]);
  expect((await withSecret(first)).body).toMatchObject({ resultCode: 'UNAUTHORIZED' });
  expect(await statusWith(second), 'the newest secret').toBe(200);

  // The secret was shown once: a reload shows its last 4 characters only.
  await page.reload();
  await expect(newSecret).toHaveCount(0);
  await expect(secrets).toContainText(`Secret ending in ${second.slice(-4)}`);
  await expect(page.getByRole('main')).not.toContainText(second);
});

test("another merchant's session gets 404 for this merchant's payment, checkout link and callback event, also for a replayed Capture or Resend post", async ({
  page,
  context,
  newContext,
  browserErrors,
}) => {
  // A payment on the hosted page, two sign-ins, a dozen page loads: room for a loaded machine.
  test.setTimeout(60_000);
  const a = shopA();
  const b = shopB();
  // A's objects: an open pre-authorization, and a paid checkout link with its delivered callback.
  const preauth = await pay(a, 'pre-authorization', `${runPrefix()}-PRE`, 'maximum', 75);
  const shopper = await newContext();
  const shopperPage = await shopper.newPage();
  await shopperPage.goto(`${stubUrl()}/shop/buy?amount=20`);
  await expect(shopperPage).toHaveURL(new RegExp(`/checkout-link/[0-9a-f-]{36}$`));
  const checkoutId = new URL(shopperPage.url()).pathname.split('/').pop()!;
  await payOnHostedPage(shopper, shopperPage.url());
  const [callback] = await expectCallbacks(checkoutId, 1);
  const eventId = callback.eventId!;
  const urls = {
    payment: `/dashboard/payments/${preauth.paymentId}`,
    checkout: `/dashboard/checkouts/${checkoutId}`,
    delivery: `/dashboard/deliveries/${eventId}`,
  };

  await signIn(page, a);
  const contextB = await newContext();
  const pageB = await contextB.newPage();
  await signIn(pageB, b);
  for (const url of Object.values(urls)) browserErrors.allow(new RegExp(`${url}: Failed to load resource: the server responded with a status of 404`));

  for (const [what, heading] of [
    ['payment', 'No such payment'],
    ['checkout', 'No such checkout link'],
    ['delivery', 'No such callback event'],
  ] as const) {
    expect((await page.goto(`${kasaUrl()}${urls[what]}`))?.status(), `A opens its own ${what}`).toBe(200);
    const response = await pageB.goto(`${kasaUrl()}${urls[what]}`);
    expect(response?.status(), `B opens A's ${what}`).toBe(404);
    await expect(h1(pageB)).toHaveText(heading);
    await expect(pageB.getByRole('main')).toContainText('It does not exist, or it belongs to another merchant account.');
    await expect(pageB.getByRole('banner')).toContainText(b.name);
    if (what === 'payment') await expectAccessible(pageB, 'the not-found page');
  }
  await pageB.goto(`${kasaUrl()}/dashboard/payments?orderId=${preauth.orderId}`);
  await expect(pageB.getByText('No payment matches these filters.')).toBeVisible();

  // A's Capture form, posted with B's session cookie instead of A's: 404, and nothing captured.
  const cookiesOfA = await context.cookies();
  const cookiesOfB = await contextB.cookies();
  const actAsB = async () => {
    await context.clearCookies();
    await context.addCookies(cookiesOfB);
  };
  const actAsA = async () => {
    await context.clearCookies();
    await context.addCookies(cookiesOfA);
  };
  const actionAnswer = (path: string) => page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === path);

  await page.goto(`${kasaUrl()}${urls.payment}`);
  const capture = page.getByRole('form', { name: 'Capture pre-authorization' });
  await expectHydrated(capture.getByRole('button', { name: 'Capture' }));
  await actAsB();
  await capture.getByRole('textbox', { name: 'Amount to capture (TRY)' }).fill('1');
  const captureAnswer = actionAnswer(urls.payment);
  await capture.getByRole('button', { name: 'Capture' }).click();
  expect((await captureAnswer).status(), "B's replay of A's Capture post").toBe(404);
  await expect(h1(page)).toHaveText('No such payment');
  await actAsA();
  const untouched = await api(a, `/api/payment/${preauth.paymentId}`);
  expect(untouched.body).toMatchObject({ status: 'SUCCESS', transactionType: 'PRE_AUTHORIZATION', authorizedAmount: 75, capturedAmount: null });

  // A's Resend, posted with B's cookie: 404, and no new attempt.
  await page.goto(`${kasaUrl()}${urls.delivery}`);
  const resend = page.getByRole('button', { name: `Resend event ${eventId}` });
  await expectHydrated(resend);
  await actAsB();
  const resendAnswer = actionAnswer(urls.delivery);
  await resend.click();
  expect((await resendAnswer).status(), "B's replay of A's Resend post").toBe(404);
  await expect(h1(page)).toHaveText('No such callback event');
  await actAsA();
  await page.goto(`${kasaUrl()}${urls.delivery}`);
  await expect(page.getByRole('main')).toContainText('Delivered');
  await expect(rowsOf(page.getByRole('table', { name: 'Attempts' }))).toHaveCount(1);

  // A's pre-authorization is still capturable by A.
  await page.goto(`${kasaUrl()}${urls.payment}`);
  await expectHydrated(capture.getByRole('button', { name: 'Capture' }));
  await capture.getByRole('button', { name: 'Capture' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Captured' })).toHaveText('Captured TRY 75.00.');
  expect((await api(a, `/api/payment/${preauth.paymentId}`)).body).toMatchObject({ status: 'SUCCESS', capturedAmount: 75, amount: 75 });
  expect(await expectCallbacks(checkoutId, 1), 'no callback reached the merchant after the replayed Resend').toHaveLength(1);
});

test('the overview charts the last 30 days per currency, with the figures in a table for screen readers', async ({ page }) => {
  const a = shopA();
  const prefix = runPrefix();
  // EUR: no other spec pays Shop A in euros, so today's EUR figures are this test's alone.
  await pay(a, 'payment', `${prefix}-EUR1`, 'visaInternational', 120.5, 'EUR');
  await pay(a, 'payment', `${prefix}-EUR2`, 'world', 30, 'EUR');
  await pay(a, 'payment', `${prefix}-EUR3`, 'doNotHonor', 999, 'EUR');

  await signIn(page, a);
  await nav(page).getByRole('link', { name: 'Overview' }).click();
  await expect(h1(page)).toHaveText('Overview');
  await page.getByRole('combobox', { name: 'Currency' }).selectOption('EUR');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect.poll(() => filterOf(page, 'currency')).toBe('EUR');
  const table = page.getByRole('table', { name: /last 30 days, EUR/ });
  await expect(rowsOf(table)).toHaveCount(30);
  const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date());
  const todayRow = rowsOf(table).filter({ has: page.getByRole('rowheader', { name: today, exact: true }) });
  await expect(todayRow.getByRole('cell')).toHaveText(['EUR 150.50', '2', 'EUR 0.00', 'EUR 150.50']);
  await expect(page.getByRole('region', { name: '30-day totals' })).toContainText('EUR 150.50');
  await expectAccessible(page, 'the overview');
});
