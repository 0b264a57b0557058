// The integration guide's spec (README, "Testing your shop with Playwright"): what a merchant copies
// into its own end-to-end suite to drive Kasa's hosted checkout in test mode. It uses only what a
// merchant has: Kasa's URL, a test-mode merchant's API key, secret and callback secret, the documented
// test cards (reference §8) and the page's accessible names (§9), and the SDK (in your suite:
// `import { createKasa } from '@kasa/node'`). Its own small HTTP server stands in for the shop's
// callback endpoint and checks the X-Kasa-Signature with the SDK, as a shop must.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { createKasa } from '../packages/node/src/index';

// In your suite: KASA_URL, KASA_API_KEY, KASA_API_SECRET and KASA_CALLBACK_SECRET of a test-mode merchant.
// Kasa's own run hands over a merchant of its own (e2e/global-setup.ts).
const setting = (name: string, fallback: string) => {
  const value = process.env[name] ?? process.env[fallback];
  if (!value) throw new Error(`Set ${name}`);
  return value;
};
const kasa = {
  url: () => setting('KASA_URL', 'E2E_KASA_URL'),
  apiKey: () => setting('KASA_API_KEY', 'E2E_GUIDE_API_KEY'),
  apiSecret: () => setting('KASA_API_SECRET', 'E2E_GUIDE_API_SECRET'),
  callbackSecret: () => setting('KASA_CALLBACK_SECRET', 'E2E_GUIDE_CALLBACK_SECRET'),
};

/** Test cards of the sandbox bank (reference §8). */
const CARDS = { approved: '5421190122090656', declined: '4000000000000002' };
const VERIFICATION_CODE = '123456';

const kasaClient = () => createKasa({ baseUrl: kasa.url(), apiKey: kasa.apiKey(), apiSecret: kasa.apiSecret() });
const checkoutStatus = async (checkoutId: string) =>
  (await kasaClient().GET('/api/checkout/{checkoutId}', { params: { path: { checkoutId } } })).data!;

/** The shop's callback endpoint: records the checkoutIds of correctly signed callbacks. */
let callbackServer: Server;
const signedCallbacks: string[] = [];
test.beforeAll(async () => {
  callbackServer = createServer((request, response) => {
    let rawBody = '';
    request.on('data', (chunk: Buffer) => (rawBody += chunk.toString('utf8')));
    request.on('end', () => {
      let fields: { checkoutId?: string };
      try {
        fields = kasaClient().webhooks.verify(rawBody, request.headers['x-kasa-signature'] as string | undefined, kasa.callbackSecret()) as typeof fields;
      } catch {
        response.writeHead(400).end();
        return;
      }
      if (fields.checkoutId) signedCallbacks.push(fields.checkoutId);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => callbackServer.close(() => { resolve(); })));

/** What the shop does at "Place order": create a checkout and send the shopper to its redirectUrl. */
async function placeOrder(page: Page): Promise<string> {
  const { port } = callbackServer.address() as AddressInfo;
  const { data } = await kasaClient().POST('/api/checkout', {
    body: {
      orderId: `guide-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      amount: 249.9,
      currency: 'TRY',
      description: 'Guide order',
      callback: `http://127.0.0.1:${port}/kasa-callback`,
    },
  });
  await page.goto(data!.redirectUrl);
  return data!.checkoutId;
}

async function payWithCard(page: Page, cardNumber: string) {
  const nextYear = String((new Date().getFullYear() + 1) % 100).padStart(2, '0');
  await page.getByLabel('Cardholder name').fill('Test Shopper');
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry date').fill(`12/${nextYear}`);
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: /^Pay/ }).click();
}

const issuerPage = (page: Page) => page.frameLocator('iframe[title="3-D Secure"]');

test('an approved card passes 3-D Secure: the shopper sees "Payment successful", the shop gets a signed callback and GET says SUCCESS', async ({ page }) => {
  const checkoutId = await placeOrder(page);
  await payWithCard(page, CARDS.approved);
  await issuerPage(page).getByLabel('Verification code').fill(VERIFICATION_CODE);
  await issuerPage(page).getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: /Payment successful/ })).toBeVisible();
  // Trust only the status you GET (reference §7), after the callback says something happened.
  await expect.poll(() => signedCallbacks.includes(checkoutId), { timeout: 15_000 }).toBe(true);
  expect((await checkoutStatus(checkoutId)).status).toBe('SUCCESS');
});

test('a declined card: the shopper sees "Payment failed", and GET says FAILED with the decline code', async ({ page }) => {
  const checkoutId = await placeOrder(page);
  await payWithCard(page, CARDS.declined);
  await issuerPage(page).getByLabel('Verification code').fill(VERIFICATION_CODE);
  await issuerPage(page).getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('heading', { name: /Payment failed/ })).toBeVisible();
  expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'FAILED', resultCode: 'DO_NOT_HONOR' });
});

test('the shopper cancels at 3-D Secure: "Payment failed", and GET says FAILED with THREE_DS_AUTH_FAILED', async ({ page }) => {
  const checkoutId = await placeOrder(page);
  await payWithCard(page, CARDS.approved);
  await issuerPage(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: /Payment failed/ })).toBeVisible();
  expect(await checkoutStatus(checkoutId)).toMatchObject({ status: 'FAILED', resultCode: 'THREE_DS_AUTH_FAILED' });
});
