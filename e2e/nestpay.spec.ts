// Issue 13, end to end in the browser: a merchant whose bank account is a (local) NestPay bank pays a
// hosted checkout through the bank's own 3-D Secure gate, inside the checkout's iframe, then refunds it;
// a pre-authorization on the same bank is voided. Everything a shopper and a merchant see, through
// Kasa's page and API only (e2e/global-setup.ts starts the bank and adds the account).
import { expect, test, type Page } from '@playwright/test';
import { NESTPAY_CHALLENGE_CODE } from '../tests/support/nestpay-bank';

const kasaUrl = () => process.env.E2E_KASA_URL!;
const headers = () => ({
  'content-type': 'application/json',
  'x-api-key': process.env.E2E_BANK_SHOP_API_KEY!,
  'x-api-secret': process.env.E2E_BANK_SHOP_API_SECRET!,
});
async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${kasaUrl()}${path}`, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const orderId = () => `bank-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const nextYear = String((new Date().getFullYear() + 1) % 100).padStart(2, '0');

async function payWithCard(page: Page, cardNumber: string) {
  await page.getByLabel('Cardholder name').fill('Test Shopper');
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry date').fill(`12/${nextYear}`);
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: /^Pay/ }).click();
}

const bankGate = (page: Page) => page.frameLocator('iframe[title="3-D Secure"]');

test('a hosted checkout paid through the bank\'s 3-D gate, then refunded on the bank', async ({ page }) => {
  const created = await call('POST', '/api/checkout', { orderId: orderId(), amount: 349.9, currency: 'TRY', description: 'Bank order', callback: 'http://127.0.0.1:9/never-called' });
  expect(created.status).toBe(200);
  await page.goto(created.body.redirectUrl as string);
  await payWithCard(page, '5421190122090656');
  // The bank's own challenge page, in the checkout's iframe.
  await expect(bankGate(page).getByRole('heading', { name: 'Verify your payment' })).toBeVisible();
  await bankGate(page).getByLabel('Code').fill(NESTPAY_CHALLENGE_CODE);
  await bankGate(page).getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: /Payment successful/ })).toBeVisible();

  const status = await call('GET', `/api/checkout/${created.body.checkoutId as string}`);
  expect(status.body).toMatchObject({ status: 'SUCCESS', resultCode: 'SUCCESS', amount: 349.9 });
  expect(status.body.externalTransactionId).toEqual(expect.any(String));
  const refund = await call('POST', `/api/payment/${status.body.paymentId as string}/refund`, { amount: 100, currency: 'TRY' });
  expect(refund.body).toMatchObject({ status: 'SUCCESS' });
  expect((await call('GET', `/api/payment/${status.body.paymentId as string}`)).body).toMatchObject({ refundedAmount: 100 });
});

test('the shopper fails the bank\'s challenge: "Payment failed", and nothing is charged', async ({ page }) => {
  const created = await call('POST', '/api/checkout', { orderId: orderId(), amount: 20, currency: 'TRY', callback: 'http://127.0.0.1:9/never-called' });
  await page.goto(created.body.redirectUrl as string);
  await payWithCard(page, '5421190122090656');
  await bankGate(page).getByLabel('Code').fill('000000');
  await bankGate(page).getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: /Payment failed/ })).toBeVisible();
  expect((await call('GET', `/api/checkout/${created.body.checkoutId as string}`)).body).toMatchObject({ status: 'FAILED', resultCode: 'THREE_DS_AUTH_FAILED' });
});

test('a pre-authorization on the bank is voided by cancel', async () => {
  const hold = await call('POST', '/api/pre-authorization', {
    orderId: orderId(),
    amount: 75,
    currency: 'TRY',
    cardHolderName: 'Test Shopper',
    pan: '5421190122090656',
    expiryMonth: '12',
    expiryYear: nextYear,
    cvv: '123',
    requestIp: '198.51.100.7',
    requestPort: 443,
  });
  expect(hold.body).toMatchObject({ status: 'SUCCESS', transactionType: 'PRE_AUTHORIZATION' });
  const cancelled = await call('POST', `/api/payment/${hold.body.paymentId as string}/cancel`, {});
  expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
});
