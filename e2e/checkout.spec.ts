// The hosted checkout in a real browser, driven the way a merchant's own end-to-end suite would: the
// merchant stub creates the checkout (POST /api/checkout) and redirects the browser (§5), the shopper
// pays by the page's accessible names only (§9), and the stub receives the signed callback and GETs
// the status (§7). Every test also checks that no card number reached a URL, storage or a cookie, and
// that the browser logged no error (a CSP violation shows up there).
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type FrameLocator, type Locator, type Page } from '@playwright/test';
import pg from 'pg';
import { cards, everyCvv, everyPan, maskPan, type CardName } from '../tests/support/cards';
import { expectedInstallmentOptions, futureExpiry, type InstallmentOption } from '../tests/support/requests';
import type { RecordedCallback } from './merchant-stub';

const env = (name: 'E2E_KASA_URL' | 'E2E_STUB_URL') => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)`);
  return value;
};
const kasaUrl = () => env('E2E_KASA_URL');
const stubUrl = () => env('E2E_STUB_URL');

const VERIFICATION_CODE = '123456';
const CARD_HOLDER = 'Ayşe Yılmaz';
const MERCHANT = 'E2E Shop';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An amount as the page shows it in English: `1,293.65 TRY` (formatAmount in lib/checkout/i18n.ts). */
const money = (major: number, currency = 'TRY') =>
  `${major.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/** Where a text mentions a card number or CVV the suite sends: raw, URL-decoded, or with spaces/dashes taken out. */
function cardDataIn(text: string): string[] {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // keep the raw text
  }
  const squeezed = decoded.replace(/[\s-]/g, '');
  return everyPan.filter((pan) => text.includes(pan) || decoded.includes(pan) || squeezed.includes(pan));
}

interface Fixtures {
  /** Every URL the browser requested during the test (pages, frames, scripts, server actions). */
  requestedUrls: string[];
  /** Errors the browser logged (console errors, uncaught exceptions, CSP violations). */
  browserErrors: string[];
  /** Patterns of errors a test expects the browser to log (a 404 document logs one); push to it. */
  expectedBrowserErrors: RegExp[];
}

let clientCounter = 0;

const test = base.extend<Fixtures>({
  // Each test is a shopper of its own address (the server trusts 127.0.0.1's X-Forwarded-For): the
  // checkout allows 10 card submissions per address and minute, and the whole suite makes more.
  context: async ({ context }, use, testInfo) => {
    const n = ++clientCounter;
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.${(testInfo.workerIndex * 37 + testInfo.retry) % 250}.${n % 250 + 1}` });
    await use(context);
  },
  requestedUrls: [
    async ({ context }, use) => {
      const urls: string[] = [];
      context.on('request', (request) => urls.push(request.url()));
      await use(urls);
      const leaks = urls.filter((url) => cardDataIn(url).length > 0);
      expect(leaks, 'no URL the browser requested carries a card number').toEqual([]);
    },
    { auto: true },
  ],
  expectedBrowserErrors: async ({}, use) => use([]),
  browserErrors: [
    async ({ context, expectedBrowserErrors }, use) => {
      const errors: string[] = [];
      context.on('console', (message) => {
        if (message.type() !== 'error') return;
        // The stub has no favicon; the browser asks for one anyway.
        if (/favicon\.ico/.test(message.location().url)) return;
        errors.push(`${message.location().url}: ${message.text()}`);
      });
      context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message}`));
      await use(errors);
      const unexpected = errors.filter((error) => !expectedBrowserErrors.some((pattern) => pattern.test(error)));
      expect(unexpected, 'the browser logged no error (CSP violations included)').toEqual([]);
    },
    { auto: true },
  ],
});

// ---- the merchant's side (through the stub) ----

async function stubJson<T = any>(path: string): Promise<T> {
  const response = await fetch(`${stubUrl()}${path}`, { signal: AbortSignal.timeout(15_000) });
  expect(response.status, `GET ${path} on the merchant stub`).toBe(200);
  return (await response.json()) as T;
}

/** GET /api/checkout/{checkoutId} as the merchant sees it. */
async function checkoutStatus(checkoutId: string): Promise<any> {
  const answer = await stubJson<{ httpStatus: number; body: any }>(`/shop/checkouts/${checkoutId}`);
  expect(answer.httpStatus, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** POST /api/installment-options for a test card, as the merchant asks it. */
async function installmentOptions(card: CardName, amount: number, max: number): Promise<InstallmentOption[]> {
  const answer = await stubJson<{ httpStatus: number; body: any }>(`/shop/installment-options?card=${card}&amount=${amount}&interest=1&max=${max}`);
  expect(answer.httpStatus, JSON.stringify(answer.body)).toBe(200);
  return answer.body.options;
}

async function recordedCallbacks(checkoutId: string): Promise<RecordedCallback[]> {
  return (await stubJson<{ callbacks: RecordedCallback[] }>(`/kasa/callbacks?checkoutId=${checkoutId}`)).callbacks;
}

/**
 * Waits (up to 10 s: the worker polls every second) for the callbacks of `events`, in sequence
 * 1, 2, …, each of which passed the stub's checks (signature, exactly the §7 fields), each saying
 * `statuses[i]`, which is also what the merchant's GET /api/checkout answered right after it (one
 * vocabulary).
 */
async function expectCallbacks(checkoutId: string, events: string[], statuses: string[]): Promise<RecordedCallback[]> {
  let callbacks: RecordedCallback[] = [];
  await expect
    .poll(
      async () => {
        callbacks = await recordedCallbacks(checkoutId);
        return callbacks.length;
      },
      { timeout: 10_000, message: `the merchant received ${events.length} callback(s) for checkout ${checkoutId}` },
    )
    .toBeGreaterThanOrEqual(events.length);
  callbacks.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  for (const callback of callbacks) expect(callback.problems, `callback ${callback.body} (X-Kasa-Signature: ${callback.signature})`).toEqual([]);
  expect(callbacks.map((c) => c.fieldNames)).toEqual(callbacks.map(() => ['checkoutId', 'status', 'event', 'eventId', 'sequence']));
  expect(callbacks.map((c) => ({ event: c.event, status: c.status, sequence: c.sequence }))).toEqual(
    events.map((event, i) => ({ event, status: statuses[i], sequence: i + 1 })),
  );
  expect(new Set(callbacks.map((c) => c.eventId)).size, 'every event has its own eventId').toBe(callbacks.length);
  expect(callbacks.map((c) => c.checkoutStatus?.httpStatus)).toEqual(statuses.map(() => 200));
  expect(callbacks.map((c) => c.checkoutStatus?.body?.status), 'GET /api/checkout after each callback').toEqual(statuses);
  return callbacks;
}

// ---- the shopper's side ----

/** The merchant's Pay button: the stub creates the checkout and redirects; returns the checkoutId. */
async function openCheckout(page: Page, query: string): Promise<string> {
  await page.goto(`${stubUrl()}/shop/buy?${query}`);
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(kasaUrl())}/checkout-link/[0-9a-f-]{36}$`));
  const checkoutId = new URL(page.url()).pathname.split('/').pop()!;
  expect(checkoutId).toMatch(UUID);
  await waitForHydration(page);
  return checkoutId;
}

/**
 * Waits until React has hydrated the card form. Until then it is plain server HTML: typing could be
 * lost and Pay would submit it natively (see the no-JavaScript test below).
 */
async function waitForHydration(page: Page) {
  await expect(page.getByRole('button', { name: /^Pay/ })).toBeVisible();
  await page.waitForFunction(() => {
    const button = document.querySelector('form button[type="submit"]');
    return !!button && Object.keys(button).some((key) => key.startsWith('__reactProps'));
  });
}

async function fillCard(page: Page, name: CardName) {
  const card = cards[name];
  const { expiryMonth, expiryYear } = futureExpiry();
  await page.getByRole('textbox', { name: 'Cardholder name' }).fill(CARD_HOLDER);
  await page.getByRole('textbox', { name: 'Card number' }).fill(card.pan);
  await page.getByRole('textbox', { name: 'Expiry date' }).fill(`${expiryMonth}/${expiryYear}`);
  await page.getByRole('textbox', { name: 'Security code' }).fill(card.cvv);
}

const payButton = (page: Page) => page.getByRole('button', { name: /^Pay/ });
const installmentGroup = (page: Page) => page.getByRole('group', { name: 'Installments' });
const issuer = (page: Page): FrameLocator => page.frameLocator('iframe[title="3-D Secure"]');

/** Pay, then wait for the issuer's page inside the 3-D Secure iframe. */
async function payAndReachIssuer(page: Page): Promise<FrameLocator> {
  await payButton(page).click();
  await expect(page.getByTitle('3-D Secure')).toBeVisible();
  const frame = issuer(page);
  await expect(frame.getByRole('textbox', { name: 'Verification code' })).toBeVisible();
  return frame;
}

async function answerIssuer(frame: FrameLocator, code: string) {
  await frame.getByRole('textbox', { name: 'Verification code' }).fill(code);
  await frame.getByRole('button', { name: 'Submit' }).click();
}

/** The result page the 3-D Secure return moves the whole page to. */
async function expectResultPage(page: Page, checkoutId: string, heading: 'Payment successful' | 'Payment failed') {
  await expect(page).toHaveURL(new RegExp(`/checkout-link/${checkoutId}\\?result=[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
}

/** Storage and cookies of every frame of the page hold no card number or CVV. */
async function expectNoCardDataStored(page: Page) {
  for (const frame of page.frames()) {
    const stored = await frame
      .evaluate(() => {
        const entries: string[] = [];
        for (const storage of [window.localStorage, window.sessionStorage]) {
          for (let i = 0; i < storage.length; i++) entries.push(`${storage.key(i)}=${storage.getItem(storage.key(i)!)}`);
        }
        return [...entries, document.cookie].join('\n');
      })
      .catch(() => '');
    expect(cardDataIn(stored), `storage of ${frame.url()}`).toEqual([]);
    expect(everyCvv.filter((cvv) => new RegExp(`(^|\\D)${cvv}(\\D|$)`).test(stored)), `CVVs in storage of ${frame.url()}`).toEqual([]);
  }
  const cookies = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('\n');
  expect(cardDataIn(cookies), 'cookies').toEqual([]);
}

/**
 * axe-core (every rule it runs by default, best practices included) with zero violations: the whole
 * page, iframes included, or only `include` (an iframe: the page inside it). Soft, so that one run
 * reports every page that has violations.
 */
async function expectAccessible(page: Page, what: string, include?: string) {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder.analyze();
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`),
  }));
  expect.soft(violations, `axe violations on ${what}`).toEqual([]);
  return results;
}

/** Nothing on the page is wider than the viewport (no sideways scrolling), frames included. */
async function expectNoHorizontalScroll(page: Page, what: string) {
  for (const frame of page.frames()) {
    if (frame.url() === 'about:blank') continue;
    const overflow = await frame.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(overflow.scrollWidth, `${what}: ${frame.url()} is ${overflow.scrollWidth}px wide in a ${overflow.clientWidth}px viewport`).toBeLessThanOrEqual(
      overflow.clientWidth,
    );
  }
}

async function expectInsideViewport(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge`).toBeLessThanOrEqual(width);
}

// ---- specs ----

test.describe('hosted checkout: the documented merchant flow', () => {
  test('3 installments with customer-paid interest: page, issuer, receipt, callback and GET agree with POST /api/installment-options', async ({ page }) => {
    const amount = 1249.9;
    const options = await installmentOptions('world', amount, 6);
    // The API's options are the §6 rates, computed independently.
    expect(options).toEqual(expectedInstallmentOptions(amount, 'TRY', true, 6));
    const three = options.find((option) => option.installmentCount === 3)!;

    const checkoutId = await openCheckout(page, `amount=${amount}&installments=6&interest=1`);
    await expect(page.getByText(money(amount), { exact: true })).toBeVisible();
    await fillCard(page, 'world');

    // One radio per API option, plus the single payment, each naming its installment and total.
    const group = installmentGroup(page);
    await expect(group.getByRole('radio')).toHaveCount(options.length + 1);
    await expect(group.getByRole('radio', { name: /^Single payment/ })).toBeChecked();
    await expect(group.getByRole('radio', { name: /^Single payment/ })).toHaveAccessibleName(new RegExp(escapeRegExp(money(amount))));
    for (const option of options) {
      await expect(group.getByRole('radio', { name: new RegExp(`^${option.installmentCount} installments`) })).toHaveAccessibleName(
        new RegExp(`${escapeRegExp(`${option.installmentCount} × ${money(option.installmentAmount)}`)}.*${escapeRegExp(`Total ${money(option.totalAmount)}`)}`),
      );
    }
    await expect(payButton(page)).toHaveAccessibleName(`Pay ${money(amount)}`);
    await group.getByRole('radio', { name: /^3 installments/ }).check();
    await expect(payButton(page)).toHaveAccessibleName(`Pay ${money(three.totalAmount)}`);

    // The issuer asks the shopper to approve the charged total.
    const frame = await payAndReachIssuer(page);
    await expect(frame.getByText(money(three.totalAmount).replace(' TRY', ''), { exact: false })).toBeVisible();
    await answerIssuer(frame, VERIFICATION_CODE);

    await expectResultPage(page, checkoutId, 'Payment successful');
    const receipt = page.getByRole('main');
    await expect(receipt).toContainText(`Amount charged${money(three.totalAmount)}`);
    await expect(receipt).toContainText(`Order amount${money(amount)}`);
    await expect(receipt).toContainText(`Installment interest${money(three.interestAmount)}`);
    await expect(receipt).toContainText(`Installments3 × ${money(three.installmentAmount)}`);
    await expect(receipt).toContainText(maskPan(cards.world.pan));
    await expectNoCardDataStored(page);

    const [paid] = await expectCallbacks(checkoutId, ['attempt.succeeded'], ['SUCCESS']);
    const status = await checkoutStatus(checkoutId);
    expect(status).toMatchObject({
      status: 'SUCCESS',
      resultCode: 'SUCCESS',
      amount,
      currency: 'TRY',
      installmentCount: 3,
      interestAmount: three.interestAmount,
      totalAmount: three.totalAmount,
      pan: maskPan(cards.world.pan),
      cardHolderName: CARD_HOLDER,
      loyaltyCode: 'WORLD',
    });
    expect(paid.checkoutStatus!.body).toEqual(status);

    // Back to the shop, which shows what GET /api/checkout says; the checkout's address stays behind.
    const thanks = page.waitForRequest((request) => request.url().startsWith(`${stubUrl()}/shop/thanks`));
    await page.getByRole('link', { name: `Return to ${MERCHANT}` }).click();
    expect((await thanks).headers()['referer'], 'no Referer from the checkout (Referrer-Policy: no-referrer)').toBeUndefined();
    await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(stubUrl())}/shop/thanks\\?orderId=`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your order');
    await expect(page.getByTestId('status')).toHaveText('SUCCESS');
    await expect(page.getByTestId('installment-count')).toHaveText('3');
    await expect(page.getByTestId('total-amount')).toHaveText(String(three.totalAmount));

    // Paid is final: the link shows the receipt from now on, never the form again.
    await page.goto(`${kasaUrl()}/checkout-link/${checkoutId}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment successful');
    await expect(page.getByRole('textbox', { name: 'Card number' })).toHaveCount(0);
  });

  test('single payment: no installment choice, Pay <amount>, SUCCESS with installmentCount 1', async ({ page }) => {
    const amount = 84.5;
    const checkoutId = await openCheckout(page, `amount=${amount}`);
    await expect(installmentGroup(page)).toHaveCount(0);
    await fillCard(page, 'visaInternational');
    await expect(payButton(page)).toHaveAccessibleName(`Pay ${money(amount)}`);
    await answerIssuer(await payAndReachIssuer(page), VERIFICATION_CODE);

    await expectResultPage(page, checkoutId, 'Payment successful');
    await expect(page.getByRole('main')).toContainText(`Amount charged${money(amount)}`);
    await expect(page.getByRole('main')).toContainText('InstallmentsSingle payment');
    await expectNoCardDataStored(page);
    await expectCallbacks(checkoutId, ['attempt.succeeded'], ['SUCCESS']);
    expect(await checkoutStatus(checkoutId)).toMatchObject({
      status: 'SUCCESS',
      installmentCount: 1,
      amount,
      interestAmount: 0,
      totalAmount: amount,
      cardScheme: 'VISA',
      domInt: 'INT',
    });
  });

  test('a decline card: Payment failed with the reason and Try again; callback FAILED; GET shows DO_NOT_HONOR', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=310');
    await fillCard(page, 'doNotHonor');
    await answerIssuer(await payAndReachIssuer(page), VERIFICATION_CODE);

    await expectResultPage(page, checkoutId, 'Payment failed');
    await expect(page.getByRole('main')).toContainText('Your bank declined the payment.');
    await expect(page.getByRole('main')).toContainText('You can try 2 more times.');
    await expectNoCardDataStored(page);
    await expectCallbacks(checkoutId, ['attempt.failed'], ['FAILED']);
    expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'FAILED', resultCode: 'DO_NOT_HONOR', installmentCount: 1 });

    await page.getByRole('link', { name: 'Try again' }).click();
    await expect(page).toHaveURL(`${kasaUrl()}/checkout-link/${checkoutId}`);
    await expect(page.getByRole('textbox', { name: 'Card number' })).toHaveValue('');
    await expect(payButton(page)).toBeEnabled();
  });

  test('a wrong 3-D Secure code, then the right one on the issuer page: SUCCESS, one attempt.succeeded callback saying SUCCESS', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=150&installments=3');
    await fillCard(page, 'bonus');
    await installmentGroup(page).getByRole('radio', { name: /^2 installments/ }).check();
    const frame = await payAndReachIssuer(page);
    await answerIssuer(frame, '000000');
    await expect(frame.getByRole('alert')).toContainText('2 attempts left');
    await expect(frame.getByRole('textbox', { name: 'Verification code' })).toHaveAttribute('aria-invalid', 'true');
    await answerIssuer(frame, VERIFICATION_CODE);

    await expectResultPage(page, checkoutId, 'Payment successful');
    await expectCallbacks(checkoutId, ['attempt.succeeded'], ['SUCCESS']);
    // The merchant bears the interest here: the total is the order amount.
    expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'SUCCESS', installmentCount: 2, amount: 150, interestAmount: 0, totalAmount: 150 });
  });

  test('3-D Secure cancelled, then Try again and the right code: callbacks FAILED then SUCCESS, as GET shows', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=275.25');
    await fillCard(page, 'mastercardDebit');
    await (await payAndReachIssuer(page)).getByRole('button', { name: 'Cancel' }).click();
    await expectResultPage(page, checkoutId, 'Payment failed');
    await expect(page.getByRole('main')).toContainText('Your bank could not verify the payment');
    await expect(page.getByRole('main')).toContainText('You can try 2 more times.');

    await page.getByRole('link', { name: 'Try again' }).click();
    await waitForHydration(page);
    await fillCard(page, 'mastercardDebit');
    await answerIssuer(await payAndReachIssuer(page), VERIFICATION_CODE);
    await expectResultPage(page, checkoutId, 'Payment successful');

    await expectCallbacks(checkoutId, ['attempt.failed', 'attempt.succeeded'], ['FAILED', 'SUCCESS']);
    expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'SUCCESS', amount: 275.25, totalAmount: 275.25, cardType: 'DEBIT' });
  });

  test('three failed attempts close the checkout: no Try again, the link shows its closed page; callbacks FAILED, FAILED, FAILED (checkout.closed)', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=99.99');
    const attempts: { card: CardName; reason: string; left: string | null }[] = [
      { card: 'doNotHonor', reason: 'Your bank declined the payment.', left: 'You can try 2 more times.' },
      { card: 'insufficientFunds', reason: 'The card does not have enough available funds', left: 'You can try 1 more time.' },
      { card: 'stolenCard', reason: 'Your bank declined this card.', left: null },
    ];
    for (const [index, attempt] of attempts.entries()) {
      if (index > 0) {
        await page.getByRole('link', { name: 'Try again' }).click();
        await waitForHydration(page);
      }
      await fillCard(page, attempt.card);
      await answerIssuer(await payAndReachIssuer(page), VERIFICATION_CODE);
      await expectResultPage(page, checkoutId, 'Payment failed');
      await expect(page.getByRole('main')).toContainText(attempt.reason);
      if (attempt.left) await expect(page.getByRole('main')).toContainText(attempt.left);
    }
    await expect(page.getByRole('main')).toContainText('This payment link is now closed after too many unsuccessful attempts.');
    await expect(page.getByRole('link', { name: 'Try again' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: `Return to ${MERCHANT}` })).toBeVisible();

    // The link itself now shows the closed page, without a form.
    await page.goto(`${kasaUrl()}/checkout-link/${checkoutId}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment failed');
    await expect(page.getByRole('main')).toContainText('This payment link is closed after too many unsuccessful attempts.');
    await expect(page.getByRole('textbox', { name: 'Card number' })).toHaveCount(0);
    await expect(payButton(page)).toHaveCount(0);

    await expectCallbacks(checkoutId, ['attempt.failed', 'attempt.failed', 'checkout.closed'], ['FAILED', 'FAILED', 'FAILED']);
    expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'FAILED', resultCode: 'STOLEN_CARD' });
  });

  test('an expired checkout (expiresInMinutes 5, expired in the database): Pay leads to the expired page; GET shows EXPIRED', async ({ page }) => {
    const databaseUrl = process.env.E2E_DATABASE_URL;
    test.skip(
      !databaseUrl,
      'needs the e2e server on PostgreSQL (set TEST_DATABASE_URL): on PGlite the store is locked by the server, so the checkout cannot be expired without waiting 5 minutes',
    );
    const checkoutId = await openCheckout(page, 'amount=42&expires=5');
    await fillCard(page, 'visaInternational');

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ lifetime: number }>(
        'SELECT extract(epoch FROM expires_at - created_at)::float8 AS lifetime FROM checkouts WHERE id = $1',
        [checkoutId],
      );
      expect(Math.abs(rows[0].lifetime - 300), 'expires_at − created_at ≈ 5 minutes').toBeLessThan(5);
      const expired = await client.query("UPDATE checkouts SET expires_at = now() - interval '1 second' WHERE id = $1", [checkoutId]);
      expect(expired.rowCount).toBe(1);
    } finally {
      await client.end();
    }

    // The open form's Pay is refused by the server and the page reloads to its expired state.
    await payButton(page).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This payment link has expired');
    await expect(page).toHaveURL(`${kasaUrl()}/checkout-link/${checkoutId}`);
    await expect(page.getByRole('textbox', { name: 'Card number' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: `Return to ${MERCHANT}` })).toBeVisible();
    await expectAccessible(page, 'the expired page');
    await expectNoCardDataStored(page);

    const status = await checkoutStatus(checkoutId);
    expect(status).toMatchObject({ status: 'EXPIRED', paymentId: null, amount: 42 });
    expect(await recordedCallbacks(checkoutId), 'no attempt was processed, so no callback').toEqual([]);
  });

  test('an unknown checkout id shows its not-found page (404)', async ({ page, expectedBrowserErrors }) => {
    expectedBrowserErrors.push(/\/checkout-link\/0{8}-0{4}-4000-8000-0{12}: Failed to load resource: the server responded with a status of 404/);
    const response = await page.goto(`${kasaUrl()}/checkout-link/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment link not found');
    await expectAccessible(page, 'the not-found page');
  });
});

test.describe('hosted checkout: security', () => {
  test('the page answers with a nonce CSP (frame-ancestors, object-src, base-uri none), no-referrer and nosniff', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=10');
    const load = async () => {
      const response = await page.goto(`${kasaUrl()}/checkout-link/${checkoutId}`);
      expect(response?.status()).toBe(200);
      const headers = response!.headers();
      return { headers, html: await response!.text() };
    };
    const first = await load();
    const csp = first.headers['content-security-policy'] ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('frame-ancestors'), csp).toEqual(["'none'"]);
    expect(directives.get('object-src'), csp).toEqual(["'none'"]);
    expect(directives.get('base-uri'), csp).toEqual(["'none'"]);
    const scriptSrc = directives.get('script-src') ?? [];
    expect(scriptSrc, csp).not.toContain("'unsafe-inline'");
    expect(scriptSrc, csp).not.toContain("'unsafe-eval'");
    const nonce = scriptSrc.map((value) => /^'nonce-([A-Za-z0-9+/=_-]{16,})'$/.exec(value)?.[1]).find(Boolean);
    expect(nonce, `script-src has a nonce: ${csp}`).toBeTruthy();
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['x-content-type-options']).toBe('nosniff');

    // Every script of the page carries this response's nonce, and the next response has a new one.
    const scripts = [...first.html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const second = await load();
    expect(second.headers['content-security-policy']).not.toContain(`'nonce-${nonce}'`);
    // The page works under that policy: hydrated, no violation logged (checked by the fixture).
    await waitForHydration(page);
  });

  test('without JavaScript, Pay never puts the card number into a URL', async ({ browser }) => {
    // Before the page's JavaScript has run (a slow network) the form is plain HTML, exactly as here.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    try {
      const page = await context.newPage();
      await page.goto(`${stubUrl()}/shop/buy?amount=20`);
      await expect(page).toHaveURL(new RegExp(`/checkout-link/[0-9a-f-]{36}$`));
      // A form that stays disabled until its script runs passes as well.
      const card = cards.visaInternational;
      const { expiryMonth, expiryYear } = futureExpiry();
      for (const [name, value] of [
        ['Cardholder name', CARD_HOLDER],
        ['Card number', card.pan],
        ['Expiry date', `${expiryMonth}/${expiryYear}`],
        ['Security code', card.cvv],
      ] as const) {
        const field = page.getByRole('textbox', { name });
        if (await field.isEditable()) await field.fill(value);
      }
      if (await payButton(page).isEnabled()) {
        await payButton(page).click();
        await page.waitForLoadState();
      }
      expect(
        urls.filter((url) => cardDataIn(url).length > 0),
        'submitting the server-rendered form must not send the card in a GET query string',
      ).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test.describe('hosted checkout at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('form, issuer frame and receipt fit a 360 px screen; the payment succeeds', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=1000&installments=3&interest=1');
    await fillCard(page, 'maximum');
    const group = installmentGroup(page);
    await group.getByRole('radio', { name: /^3 installments/ }).check();
    await expect(payButton(page)).toHaveAccessibleName(`Pay ${money(1035)}`);
    await expectNoHorizontalScroll(page, 'the card form');
    for (const name of ['Cardholder name', 'Card number', 'Expiry date', 'Security code']) {
      await expectInsideViewport(page, page.getByRole('textbox', { name }), name);
    }
    await expectInsideViewport(page, payButton(page), 'Pay');

    const frame = await payAndReachIssuer(page);
    await expectInsideViewport(page, page.getByTitle('3-D Secure'), 'the 3-D Secure iframe');
    await expectNoHorizontalScroll(page, 'the 3-D Secure step');
    await expect(frame.getByRole('button', { name: 'Submit' })).toBeInViewport();
    await answerIssuer(frame, VERIFICATION_CODE);

    await expectResultPage(page, checkoutId, 'Payment successful');
    await expectNoHorizontalScroll(page, 'the receipt');
    await expectInsideViewport(page, page.getByRole('link', { name: `Return to ${MERCHANT}` }), 'Return to the shop');
    await expectCallbacks(checkoutId, ['attempt.succeeded'], ['SUCCESS']);
    expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'SUCCESS', installmentCount: 3, totalAmount: 1035 });
  });
});

test.describe('hosted checkout by keyboard only', () => {
  test('Tab through the form, arrow keys for installments, Enter to pay and in the issuer page: SUCCESS', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=500&installments=4&interest=1');
    const card = cards.axess;
    const { expiryMonth, expiryYear } = futureExpiry();

    // From the top of the page, Tab reaches the cardholder name after the language switch.
    const name = page.getByRole('textbox', { name: 'Cardholder name' });
    for (let i = 0; i < 10 && !(await name.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(name).toBeFocused();
    await page.keyboard.type(CARD_HOLDER);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: 'Card number' })).toBeFocused();
    await page.keyboard.type(card.pan);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: 'Expiry date' })).toBeFocused();
    await page.keyboard.type(`${expiryMonth}${expiryYear}`);
    await expect(page.getByRole('textbox', { name: 'Expiry date' })).toHaveValue(`${expiryMonth}/${expiryYear}`);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('textbox', { name: 'Security code' })).toBeFocused();
    await page.keyboard.type(card.cvv);

    const group = installmentGroup(page);
    await expect(group.getByRole('radio', { name: /^4 installments/ })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(group.getByRole('radio', { name: /^Single payment/ })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const three = group.getByRole('radio', { name: /^3 installments/ });
    await expect(three).toBeChecked();
    await expect(three).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(payButton(page)).toBeFocused();
    await expect(payButton(page)).toHaveAccessibleName(`Pay ${money(517.5)}`);
    await page.keyboard.press('Enter');

    // The issuer page takes the focus in its code field (autofocus), so typing goes on from there.
    const frame = issuer(page);
    const code = frame.getByRole('textbox', { name: 'Verification code' });
    await expect(code).toBeFocused();
    await page.keyboard.type(VERIFICATION_CODE);
    await page.keyboard.press('Enter');

    await expectResultPage(page, checkoutId, 'Payment successful');
    const back = page.getByRole('link', { name: `Return to ${MERCHANT}` });
    for (let i = 0; i < 10 && !(await back.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(back).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your order');
    await expect(page.getByTestId('installment-count')).toHaveText('3');
    await expectCallbacks(checkoutId, ['attempt.succeeded'], ['SUCCESS']);
  });
});

test.describe('hosted checkout: axe-core finds no violations', () => {
  // Seven full axe scans, two of them into the iframe, in one journey: 15–35 s while the other worker
  // shares the machine's two cores, so these get three times the default timeout.
  test.slow();
  test('the card form (empty, with field errors, with installment options), the issuer page in the iframe, the receipt', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=640&installments=6&interest=1');
    await expectAccessible(page, 'the empty card form');
    await payButton(page).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await expectAccessible(page, 'the card form with field errors');
    await fillCard(page, 'paraf');
    await expect(installmentGroup(page).getByRole('radio', { name: /^6 installments/ })).toBeVisible();
    await installmentGroup(page).getByRole('radio', { name: /^2 installments/ }).check();
    await expectAccessible(page, 'the card form with installment options');

    const frame = await payAndReachIssuer(page);
    const challenge = await expectAccessible(page, 'the issuer page in its iframe', 'iframe[title="3-D Secure"]');
    // The scan went into the iframe: its nodes are targeted through the frame.
    const framed = [...challenge.passes, ...challenge.incomplete].flatMap((rule) => rule.nodes).filter((node) => node.target.length > 1);
    expect(framed.length, 'axe checked nodes inside the 3-D Secure iframe').toBeGreaterThan(0);
    await expectAccessible(page, 'the checkout page during 3-D Secure (with the issuer page in its iframe)');
    await answerIssuer(frame, '999999');
    await expect(frame.getByRole('alert')).toContainText('2 attempts left');
    await expectAccessible(page, 'the issuer page after a wrong code', 'iframe[title="3-D Secure"]');
    await answerIssuer(frame, VERIFICATION_CODE);

    await expectResultPage(page, checkoutId, 'Payment successful');
    await expectAccessible(page, 'the receipt');
  });

  test('the failure page with Try again, and the closed page', async ({ page }) => {
    const checkoutId = await openCheckout(page, 'amount=55');
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) {
        await page.getByRole('link', { name: 'Try again' }).click();
        await waitForHydration(page);
      }
      await fillCard(page, 'expiredCard');
      await answerIssuer(await payAndReachIssuer(page), VERIFICATION_CODE);
      await expectResultPage(page, checkoutId, 'Payment failed');
      if (attempt === 1) await expectAccessible(page, 'the failure page');
    }
    await expectAccessible(page, 'the last failure page');
    await page.goto(`${kasaUrl()}/checkout-link/${checkoutId}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment failed');
    await expectAccessible(page, 'the closed page');
  });
});
