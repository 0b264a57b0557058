// Money back from the dashboard, in a real browser, as a new merchant ("Refunds Shop", e2e/global-setup.ts)
// would do it: a sale taken through the API is refunded from its page in three parts (each in the
// timeline, the refundable amount going down, the Refund form gone once nothing is left), and the
// same form posted twice refunds once; a pre-authorization is cancelled (status Cancelled); the list
// filters by Cancelled and by refunded; the irreversible test card's refund and cancel show the
// bank's decline and move nothing. Every refund and cancel goes through its confirmation step.
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { cards, type CardName } from '../tests/support/cards';
import { paymentRequest } from '../tests/support/requests';

type EnvName = 'E2E_KASA_URL' | `E2E_REFUNDS_${'EMAIL' | 'PASSWORD' | 'API_KEY' | 'API_SECRET'}`;
const env = (name: EnvName) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)`);
  return value;
};
const kasaUrl = () => env('E2E_KASA_URL');
const shop = () => ({
  name: 'Refunds Shop',
  email: env('E2E_REFUNDS_EMAIL'),
  password: env('E2E_REFUNDS_PASSWORD'),
  apiKey: env('E2E_REFUNDS_API_KEY'),
  apiSecret: env('E2E_REFUNDS_API_SECRET'),
});

/** An order-id prefix no other test uses: the list is filtered by it. */
const runPrefix = () => `REF-${randomBytes(4).toString('hex')}`;

let contextCounter = 0;
/** Each test a client of its own address; no browser error (CSP, hydration) on any page. */
const test = base.extend<{ browserErrors: string[] }>({
  context: async ({ context }, use, testInfo) => {
    const n = ++contextCounter;
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.${(testInfo.workerIndex * 41) % 250}.${(n % 250) + 1}` });
    await use(context);
  },
  browserErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on('console', (message) => {
        if (message.type() === 'error' && !/\/favicon\.ico$/.test(message.location().url)) errors.push(`${message.location().url}: ${message.text()}`);
      });
      context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message}`));
      await use(errors);
      expect(errors, 'the browser logged no error (CSP violations and hydration errors included)').toEqual([]);
    },
    { auto: true },
  ],
});

// ---- the merchant API ----

async function api(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const who = shop();
  const response = await fetch(`${kasaUrl()}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-api-key': who.apiKey, 'x-api-secret': who.apiSecret },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

async function pay(kind: 'payment' | 'pre-authorization', orderId: string, card: CardName, amount: number) {
  const answer = await api(`/api/${kind}`, paymentRequest({ orderId, amount, currency: 'TRY' }, cards[card]));
  expect(answer.status, `POST /api/${kind} ${orderId}: ${JSON.stringify(answer.body)}`).toBe(200);
  expect(answer.body.status).toBe('SUCCESS');
  return answer.body as { paymentId: string; orderId: string };
}

const refundsOf = async (paymentId: string) => {
  const answer = await api(`/api/payment/${paymentId}/refunds`);
  expect(answer.status).toBe(200);
  return answer.body.refunds as { amount: number; status: string; reference: string; resultMessage: string | null }[];
};

// ---- the browser ----

async function signIn(page: Page) {
  const who = shop();
  await page.goto(`${kasaUrl()}/dashboard/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard\/payments$/);
  await expect(page.getByRole('banner')).toContainText(who.name);
}

/** Waits until React has hydrated the control: before that a click does nothing (or posts natively). */
async function expectHydrated(control: Locator) {
  await expect(control).toBeVisible();
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps'))), { message: 'hydrated' })
    .toBe(true);
}

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect.soft(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`), `axe violations on ${what}`).toEqual([]);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const rowsOf = (table: Locator) => table.getByRole('row').filter({ has: table.page().getByRole('cell') });

/** Opens the payment from the list, filtered by its order id, as a merchant would find it. */
async function openFromList(page: Page, orderId: string) {
  await page.goto(`${kasaUrl()}/dashboard/payments`);
  const filters = page.getByRole('search', { name: 'Filter payments' });
  await filters.getByRole('textbox', { name: 'Order id starts with' }).fill(orderId);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByRole('table', { name: 'Payments' }).getByRole('link', { name: `Payment for order ${orderId}`, exact: true }).click();
  await expect(h1(page)).toHaveText(`Payment for order ${orderId}`);
}

const refundForm = (page: Page) => page.getByRole('form', { name: 'Refund payment' });
const cancelForm = (page: Page) => page.getByRole('form', { name: 'Cancel payment' });
const timelineItems = (page: Page) => page.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
/** A field's value in the details list, found by its API name. */
const detail = (page: Page, apiName: string) =>
  page.getByRole('region', { name: 'Payment details' }).locator('dt', { has: page.getByText(apiName, { exact: true }) }).locator('xpath=following-sibling::dd[1]');

/** Fills the refund form, asks, and confirms; returns the server action's request (to replay it). */
async function refund(page: Page, amount: string | null, card: string) {
  const form = refundForm(page);
  if (amount !== null) await form.getByRole('textbox', { name: 'Amount to refund (TRY)' }).fill(amount);
  await form.getByRole('button', { name: 'Refund', exact: true }).click();
  const confirm = form.getByRole('group', { name: 'Confirm refund' });
  await expect(confirm).toContainText(`to the ${card}?`);
  const posted = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/dashboard/payments/'));
  await confirm.getByRole('button', { name: 'Confirm refund' }).click();
  return posted;
}

// ---- specs ----

// Each flow waits on several server actions and the sandbox bank: ~20–50 s on a loaded 2-core machine.
test.describe.configure({ timeout: 90_000 });
/** How long a refund's or a cancel's outcome may take to show (the bank's answer, the page re-rendered). */
const outcome = { timeout: 15_000 };

test('a sale refunded from its page in three parts: each part in the timeline, the refundable amount going down, the form gone when fully refunded; the same post twice refunds once', async ({
  page,
}) => {
  const prefix = runPrefix();
  const sale = await pay('payment', `${prefix}-SALE`, 'world', 100);
  const untouched = await pay('payment', `${prefix}-KEPT`, 'maximum', 20);
  const card = `Mastercard card ending in ${cards.world.pan.slice(-4)}`;

  await signIn(page);
  await openFromList(page, sale.orderId);
  const form = refundForm(page);
  await expect(form).toContainText('Refundable: TRY 100.00');
  await expect(form.getByRole('textbox', { name: 'Amount to refund (TRY)' })).toHaveValue('100');
  // Same day, no refund yet: it could still be cancelled instead.
  await expect(cancelForm(page)).toBeVisible();
  await expectHydrated(form.getByRole('button', { name: 'Refund', exact: true }));

  // Asking and going back refunds nothing.
  await form.getByRole('textbox', { name: 'Amount to refund (TRY)' }).fill('30');
  await form.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(form.getByRole('group', { name: 'Confirm refund' })).toContainText(`Refund TRY 30.00 to the ${card}?`);
  await expectAccessible(page, 'the payment page asking to confirm a refund');
  await form.getByRole('button', { name: 'Back' }).click();
  await expect(form.getByRole('group', { name: 'Confirm refund' })).toHaveCount(0);
  expect(await refundsOf(sale.paymentId)).toEqual([]);

  // More than is refundable is refused before the confirmation, with the server's own wording.
  await form.getByRole('textbox', { name: 'Amount to refund (TRY)' }).fill('100.01');
  await form.getByRole('button', { name: 'Refund', exact: true }).click();
  await expect(form.getByText('Amount must not exceed the refundable TRY 100.00')).toBeVisible();
  await expect(form.getByRole('group', { name: 'Confirm refund' })).toHaveCount(0);

  // Part one, with a reason.
  await form.getByRole('textbox', { name: 'Reason (optional)' }).fill('One cup came broken');
  const first = await refund(page, '30', card);
  await expect(page.getByRole('status').filter({ hasText: 'Refunded' })).toHaveText('Refunded TRY 30.00. TRY 70.00 can still be refunded.', outcome);
  await expect(form).toContainText('Refundable: TRY 70.00');
  await expect(form.getByRole('textbox', { name: 'Amount to refund (TRY)' })).toHaveValue('70');
  await expect(timelineItems(page).filter({ hasText: 'Refunded TRY 30.00' })).toHaveCount(1);
  await expect(h1(page).locator('xpath=..')).toContainText('Partially refunded');
  // After a refund the sale can no longer be cancelled.
  await expect(cancelForm(page)).toHaveCount(0);

  // The very same form post again (a double submit, a retried request): the same refund answers, no second one.
  const headers = await first.allHeaders();
  delete headers['content-length'];
  delete headers.cookie;
  const replay = await page.request.fetch(first.url(), { method: 'POST', headers, data: first.postDataBuffer()!, maxRedirects: 0 });
  expect(replay.status(), 'the replayed refund post').toBe(200);
  const afterReplay = await refundsOf(sale.paymentId);
  expect(afterReplay.map((one) => [one.amount, one.status])).toEqual([[30, 'SUCCESS']]);
  expect(afterReplay[0].reference).toMatch(/^dash-/);

  // Part two.
  await refund(page, '45,50', card);
  await expect(page.getByRole('status').filter({ hasText: 'Refunded' })).toHaveText('Refunded TRY 45.50. TRY 24.50 can still be refunded.', outcome);
  await expect(form).toContainText('Refundable: TRY 24.50');

  // Part three: the default, everything left.
  await expect(form.getByRole('textbox', { name: 'Amount to refund (TRY)' })).toHaveValue('24.5');
  await refund(page, null, card);
  await expect(page.getByRole('status').filter({ hasText: 'Refunded' })).toHaveText('Refunded TRY 24.50. The payment is fully refunded.', outcome);
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Refund' })).toContainText('Fully refunded: TRY 100.00 went back to the card.');

  // The timeline holds each part, oldest first, after the capture.
  await expect(timelineItems(page).locator('p:first-of-type')).toHaveText([
    'Created',
    'Authorized',
    'Captured',
    'Refunded TRY 30.00',
    'Refunded TRY 45.50',
    'Refunded TRY 24.50',
  ]);
  await expect(detail(page, 'refundedAmount')).toHaveText('TRY 100.00');
  await expect(detail(page, 'refundStatus')).toHaveText('FULLY_REFUNDED');
  await expect(detail(page, 'cancelledAt')).toHaveText('—');
  await expectAccessible(page, 'a fully refunded payment');

  const refunds = await refundsOf(sale.paymentId);
  expect(refunds.map((one) => [one.amount, one.status])).toEqual([
    [30, 'SUCCESS'],
    [45.5, 'SUCCESS'],
    [24.5, 'SUCCESS'],
  ]);
  expect(new Set(refunds.map((one) => one.reference)).size, 'a fresh reference for each form').toBe(3);
  expect((await api(`/api/payment/${sale.paymentId}`)).body).toMatchObject({ status: 'SUCCESS', refundedAmount: 100, refundStatus: 'FULLY_REFUNDED' });

  // The list: filtered by refunds, only the refunded sale.
  await page.getByRole('link', { name: '← Payments' }).click();
  const filters = page.getByRole('search', { name: 'Filter payments' });
  await filters.getByRole('textbox', { name: 'Order id starts with' }).fill(prefix);
  await filters.getByRole('combobox', { name: 'Refunds' }).selectOption({ label: 'Refunded (partly or fully)' });
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('refundStatus')).toBe('REFUNDED');
  const table = page.getByRole('table', { name: 'Payments' });
  await expect(table.getByRole('link', { name: /^Payment for order / })).toHaveText([sale.orderId]);
  await expect(rowsOf(table)).toContainText(['TRY 100.00 refunded']);
  await filters.getByRole('combobox', { name: 'Refunds' }).selectOption({ label: 'Not refunded' });
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table.getByRole('link', { name: /^Payment for order / })).toHaveText([untouched.orderId]);
});

test('a pre-authorization cancelled from its page: status Cancelled, the cancel in the timeline, nothing left to capture; the list filters by Cancelled', async ({ page }) => {
  const prefix = runPrefix();
  const preauth = await pay('pre-authorization', `${prefix}-PRE`, 'maximum', 250);
  const sale = await pay('payment', `${prefix}-SALE`, 'maximum', 40);

  await signIn(page);
  await openFromList(page, preauth.orderId);
  // An uncaptured hold: nothing to refund, only capture or cancel.
  await expect(refundForm(page)).toHaveCount(0);
  const form = cancelForm(page);
  await expectHydrated(form.getByRole('button', { name: 'Cancel payment' }));
  await form.getByRole('button', { name: 'Cancel payment' }).click();
  const confirm = form.getByRole('group', { name: 'Confirm cancel' });
  await expect(confirm).toContainText('The hold of TRY 250.00 on the card is released; it can no longer be captured.');
  await expectAccessible(page, 'the payment page asking to confirm a cancel');
  await confirm.getByRole('textbox', { name: 'Reason (optional)' }).fill('Out of stock');
  await confirm.getByRole('button', { name: 'Confirm cancel' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Cancelled' })).toHaveText('Cancelled: the hold of TRY 250.00 is released.', outcome);
  await expect(h1(page).locator('xpath=..')).toContainText('Cancelled');
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Cancel' })).toContainText(/Cancelled \d+ \w+ \d{4}, \d\d:\d\d:\d\d UTC: no money moved\./);
  await expect(page.getByRole('form', { name: 'Capture pre-authorization' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Capture' })).toContainText('This pre-authorization was cancelled');
  await expect(timelineItems(page).locator('p:first-of-type')).toHaveText(['Created', 'Authorized', 'Cancelled']);
  await expect(detail(page, 'status')).toHaveText('CANCELLED');

  const answer = (await api(`/api/payment/${preauth.paymentId}`)).body;
  expect(answer).toMatchObject({ status: 'CANCELLED', capturedAmount: null });
  await expect(detail(page, 'cancelledAt')).toHaveText(answer.cancelledAt);

  await page.getByRole('link', { name: '← Payments' }).click();
  const filters = page.getByRole('search', { name: 'Filter payments' });
  await filters.getByRole('textbox', { name: 'Order id starts with' }).fill(prefix);
  await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Cancelled' });
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('CANCELLED');
  const table = page.getByRole('table', { name: 'Payments' });
  await expect(table.getByRole('link', { name: /^Payment for order / })).toHaveText([preauth.orderId]);
  await expect(rowsOf(table)).toContainText(['Cancelled']);
  await filters.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Succeeded' });
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table.getByRole('link', { name: /^Payment for order / })).toHaveText([sale.orderId]);
});

test('the irreversible test card: its refund shows the bank’s decline and refunds nothing, a second try is a new refund; its cancel is declined too', async ({ page }) => {
  const sale = await pay('payment', `${runPrefix()}-IRREV`, 'irreversible', 50);
  const card = `Visa card ending in ${cards.irreversible.pan.slice(-4)}`;

  await signIn(page);
  await openFromList(page, sale.orderId);
  const form = refundForm(page);
  await expectHydrated(form.getByRole('button', { name: 'Refund', exact: true }));
  await refund(page, null, card);
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('The bank declined the refund of TRY 50.00', outcome);
  const [declined] = await refundsOf(sale.paymentId);
  expect(declined).toMatchObject({ status: 'FAILED', amount: 50 });
  expect(declined.resultMessage).toBeTruthy();
  await expect(alert).toHaveText(`The bank declined the refund of TRY 50.00: ${declined.resultMessage}. Nothing was refunded.`);
  await expect(form).toContainText('Refundable: TRY 50.00');
  await expect(timelineItems(page).filter({ hasText: 'Refund of TRY 50.00 declined' })).toContainText(declined.resultMessage!);
  await expect(detail(page, 'refundStatus')).toHaveText('NOT_REFUNDED');

  // Trying again is a new refund (a fresh reference), declined again: not the first one answered back.
  await refund(page, null, card);
  await expect.poll(async () => (await refundsOf(sale.paymentId)).length, outcome).toBe(2);
  await expect(timelineItems(page).filter({ hasText: 'Refund of TRY 50.00 declined' })).toHaveCount(2, outcome);

  // A declined refund does not stand in the way of a cancel, but this card's bank declines that too.
  const cancel = cancelForm(page);
  await cancel.getByRole('button', { name: 'Cancel payment' }).click();
  await cancel.getByRole('group', { name: 'Confirm cancel' }).getByRole('button', { name: 'Confirm cancel' }).click();
  await expect(cancel.getByRole('alert')).toContainText('The bank declined the cancel', outcome);
  await expect(cancel.getByRole('alert')).toContainText('the payment stands');
  await expect(h1(page).locator('xpath=..')).toContainText('Succeeded');
  expect((await api(`/api/payment/${sale.paymentId}`)).body).toMatchObject({ status: 'SUCCESS', refundedAmount: 0, cancelledAt: null });
});
