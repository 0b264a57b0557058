// Settings' "Bank accounts" in a real browser (issue 13, item 3): a refused add names its fields and
// moves focus to the first; an account added pointing at a local NestPay bank is listed with its secrets
// masked and the form's password fields are cleared; Test connection says Connected; Remove takes it
// away; axe-core finds nothing in any of these states. A server and a merchant of this spec's own (an
// account routes the merchant's payments to the test bank, which no other spec's merchant may meet);
// the same without JavaScript, the refusals and the tenancy checks are tests/http/dashboard-bank-accounts.test.ts's.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startNestPayBank, type NestPayBank } from '../tests/support/nestpay-bank';
import { createMerchant, freePort, serverEnvironment, startServer, stopServer, testLogin, waitUntilReady, type ServerProcess } from '../tests/support/processes';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

let runDir = '';
let server: ServerProcess | undefined;
let bank: NestPayBank | undefined;
let baseUrl = '';
let login = { email: '', password: '' };
const apiPassword = `PwE2e${hex(8)}`;
const storeKey = `SkE2e${hex(8)}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-e2e-bank-'));
  const port = await freePort();
  const env = serverEnvironment({ port, dataDir: path.join(runDir, 'data'), logLevel: 'warn', extra: { KASA_SECRET_KEY: hex(32) } });
  login = testLogin('bank-e2e');
  await createMerchant(env, 'Bank E2E Shop', login);
  bank = await startNestPayBank({ apiPassword, storeKey });
  server = startServer(env, path.join(runDir, 'server.log'));
  baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(server, baseUrl);
});

test.afterAll(async () => {
  if (server) await stopServer(server);
  await bank?.close();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect.soft(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`), `axe violations on ${what}`).toEqual([]);
}

/** Waits until React has hydrated the control: before that a click posts natively. */
async function expectHydrated(control: Locator) {
  await expect(control).toBeVisible();
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps'))), { message: 'hydrated' })
    .toBe(true);
}

test('add a bank account in Settings, see it masked, test its connection and remove it; axe finds nothing', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${baseUrl}/dashboard/sign-in`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard\/payments$/);
  await page.goto(`${baseUrl}/dashboard/settings`);

  const section = page.getByRole('region', { name: 'Bank accounts' });
  await expect(section.getByText('No bank accounts yet.')).toBeVisible();
  await expect(section.getByRole('textbox', { name: 'Return URL to register with the bank' })).toHaveValue(`${baseUrl}/bank/3ds/return`);
  await expectAccessible(page, 'Settings without bank accounts');

  const form = section.getByRole('form', { name: 'Add bank account' });
  const submit = form.getByRole('button', { name: 'Add bank account' });
  await expectHydrated(submit);

  // Refused: the first field in error has the focus, its message is its description.
  await form.getByLabel('Name', { exact: true }).fill('Akbank');
  await form.getByLabel('Installment rates (percent)').fill('two at 1.80');
  await submit.click();
  await expect(section.getByRole('alert')).toHaveText('Check the highlighted fields.');
  const apiUrl = form.getByLabel('API URL');
  await expect(apiUrl).toBeFocused();
  await expect(apiUrl).toHaveAccessibleDescription('API URL must be an http(s) URL');
  await expect(form.getByLabel('Installment rates (percent)')).toHaveAccessibleDescription('Rates are installment counts and percents, like 2:1.80, 3:2.90');
  await expect(form.getByLabel('Name', { exact: true }), 'the other fields keep what was typed').toHaveValue('Akbank');
  await expectAccessible(page, 'the add form with errors');

  await apiUrl.fill(bank!.account.apiUrl);
  await form.getByLabel('3-D gate URL').fill(bank!.account.gateUrl);
  await form.getByLabel('Client id').fill(bank!.account.clientId);
  await form.getByLabel('API user').fill(bank!.account.apiUser);
  await form.getByLabel('API password').fill(apiPassword);
  await form.getByLabel('Store key').fill(storeKey);
  await form.getByLabel('AXESS').check();
  await form.getByLabel('Installment rates (percent)').fill('2:1.80, 3:2.90');
  await submit.click();
  await expect(section.getByRole('status').filter({ hasText: 'Bank account added' })).toHaveText('Bank account added: Akbank (default)');
  // The secrets leave the page once sent.
  await expect(form.getByLabel('API password')).toHaveValue('');
  await expect(form.getByLabel('Store key')).toHaveValue('');

  const account = section.getByRole('article', { name: 'Bank account Akbank' });
  await expect(account).toContainText(`••••••••${apiPassword.slice(-4)}`);
  await expect(account).toContainText(`••••••••${storeKey.slice(-4)}`);
  await expect(account).toContainText('2 installments: 1.80 %, 3 installments: 2.90 %');
  await expect(account).toContainText('AXESS');
  const html = await page.content();
  expect(html).not.toContain(apiPassword);
  expect(html).not.toContain(storeKey);

  await account.getByRole('button', { name: 'Test connection to Akbank' }).click();
  // Each button announces its own outcome; Test connection's comes first.
  await expect(account.getByRole('status').first()).toHaveText('Connected');
  await expectAccessible(page, 'Settings with a bank account');

  // A reload shows the same, from the server.
  await page.reload();
  await expect(section.getByRole('article', { name: 'Bank account Akbank' })).toContainText(`••••••••${storeKey.slice(-4)}`);
  expect(await page.content()).not.toContain(storeKey);

  const remove = section.getByRole('button', { name: 'Remove bank account Akbank' });
  await expectHydrated(remove);
  await remove.click();
  await expect(section.getByRole('article', { name: 'Bank account Akbank' })).toHaveCount(0);
  await expect(section.getByRole('status').filter({ hasText: 'Bank account removed' })).toHaveText('Bank account removed: Akbank');
  await expect(section.getByText('No bank accounts yet.')).toBeVisible();
  expect(errors).toEqual([]);
});
