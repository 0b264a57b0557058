// Settings' "Bank accounts" (issue 13, item 3), driven as a browser without JavaScript drives it: add an
// account pointing at a local NestPay bank, see it listed with its secrets masked, Test connection,
// remove it, and none of it for another merchant. A server of its own (its merchants' accounts route
// their payments to the test bank, which no other test's merchant may meet), on PGlite, so that once it
// is stopped the store can be opened to look for the secrets in bank_accounts' rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPgliteClient } from '../../lib/db/pglite-client';
import { api } from '../support/api';
import { cards } from '../support/cards';
import type { Backend, MerchantWithLogin } from '../support/context';
import { alertText, getPage, signIn, submitPageForm, type DashboardResponse } from '../support/dashboard';
import { elements, forms, textOf, voidTags, type Form } from '../support/html';
import { startNestPayBank, type NestPayBank } from '../support/nestpay-bank';
import { createMerchant, freePort, serverEnvironment, startServer, stopServer, testLogin, waitUntilReady, type ServerProcess } from '../support/processes';
import { paymentRequest } from '../support/requests';

const SETTINGS = '/dashboard/settings';
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('dashboard Settings: bank accounts', () => {
  let runDir = '';
  let server: ServerProcess | undefined;
  let backend: Backend;
  let bank: NestPayBank;
  let shopA: MerchantWithLogin;
  let shopB: MerchantWithLogin;
  let sessionA = '';
  let sessionB = '';
  // Distinctive secrets, so that finding one anywhere (page, row, log) is no accident.
  const apiPassword = `PwBankUi${hex(8)}`;
  const storeKey = `SkBankUi${hex(8)}`;
  const wrongPassword = `PwWrong${hex(8)}`;
  const wrongStoreKey = `SkWrong${hex(8)}`;
  const clientId = `7${Date.now() % 100_000_000}`;
  const secrets = [apiPassword, storeKey, wrongPassword, wrongStoreKey];

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-bank-ui-'));
    const port = await freePort();
    const env = serverEnvironment({ port, dataDir: path.join(runDir, 'data'), logLevel: 'info', extra: { KASA_SECRET_KEY: hex(32) } });
    shopA = (await createMerchant(env, 'Bank UI Shop A', testLogin('bank-ui-a'))) as MerchantWithLogin;
    shopB = (await createMerchant(env, 'Bank UI Shop B', testLogin('bank-ui-b'))) as MerchantWithLogin;
    bank = await startNestPayBank({ clientId, apiPassword, storeKey });
    server = startServer(env, path.join(runDir, 'server.log'));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilReady(server, baseUrl);
    backend = { name: 'pglite', baseUrl, dataDir: path.join(runDir, 'data'), logFile: server.logFile, pid: server.pid, env, merchants: { a: shopA, b: shopB } } as unknown as Backend;
    sessionA = await signIn(backend, shopA);
    sessionB = await signIn(backend, shopB);
  }, 120_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    await bank.close();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  const addForm = (all: Form[]) => all.find((form) => form.attributes['aria-label'] === 'Add bank account');
  /** The form of the button labelled `label` ("Test connection to Akbank", "Remove bank account Akbank"). */
  const buttonForm = (label: string) => (all: Form[]) => all.find((form) => form.buttons.some((button) => button.attributes['aria-label'] === label));

  function addAccount(session: string, fields: Record<string, string>): Promise<DashboardResponse> {
    return submitPageForm(backend, { path: SETTINGS, session, pick: addForm, fields });
  }

  const akbank = () => ({
    provider: 'nestpay',
    name: 'Akbank',
    apiUrl: bank.account.apiUrl,
    gateUrl: bank.account.gateUrl,
    clientId,
    apiUser: bank.account.apiUser,
    apiPassword,
    storeKey,
    'programs:AXESS': 'on',
    installmentRates: '2:1.80, 3:2.90',
    isDefault: 'on',
  });

  /** The article listing the account named `name`, as text; undefined when the page lists none. */
  function listed(html: string, name: string): string | undefined {
    const article = elements(html, 'article').find((element) => element.attributes['aria-label'] === `Bank account ${name}`);
    return article ? textOf(article.content) : undefined;
  }

  /** The text of every role=status element of the form of the button labelled `label`. */
  function buttonStatus(html: string, label: string): string {
    const form = buttonForm(label)(forms(html));
    expect(form, `a form with the button "${label}"`).toBeDefined();
    return elements(form!.content, 'span')
      .filter((span) => span.attributes.role === 'status')
      .map((span) => textOf(span.content))
      .join(' ');
  }

  function accountId(html: string, name: string): string {
    const id = buttonForm(`Test connection to ${name}`)(forms(html))?.hidden.bankAccountId;
    expect(id, `the page lists ${name} with its id`).toMatch(/^[0-9a-f-]{36}$/);
    return id!;
  }

  test('an account added in Settings is listed with its details and its secrets masked; no page holds the API password or store key', async () => {
    const added = await addAccount(sessionA, akbank());
    expect(added.status, added.text.slice(0, 500)).toBe(200);
    expect(alertText(added.text)).toBeUndefined();
    expect(textOf(added.text)).toContain('Bank account added: Akbank (default)');

    const page = await getPage(backend, SETTINGS, sessionA);
    expect(page.status).toBe(200);
    const text = listed(page.text, 'Akbank');
    expect(text, 'Akbank is listed').toBeDefined();
    for (const shown of ['NestPay (EST)', clientId, bank.account.apiUser, bank.account.apiUrl, bank.account.gateUrl, 'AXESS', '2 installments: 1.80 %', '3 installments: 2.90 %', 'Default']) {
      expect(text).toContain(shown);
    }
    expect(text).toContain(`API password ••••••••${apiPassword.slice(-4)}`);
    expect(text).toContain(`Store key ••••••••${storeKey.slice(-4)}`);
    for (const html of [added.text, page.text]) {
      for (const secret of [apiPassword, storeKey]) {
        expect(html).not.toContain(secret);
        // Nor the part the mask leaves out (in case the page escaped or split it).
        expect(html).not.toContain(secret.slice(0, -4));
      }
    }
    // The return URL to register with the bank.
    const returnUrl = voidTags(page.text, 'input').find((input) => input.attributes.value?.endsWith('/bank/3ds/return'));
    expect(returnUrl?.attributes.value).toBe(`${backend.baseUrl}/bank/3ds/return`);
  });

  test('the add form takes its secrets as password fields the browser does not fill, with no value of their own', async () => {
    const page = await getPage(backend, SETTINGS, sessionA);
    const form = addForm(forms(page.text));
    for (const name of ['apiPassword', 'storeKey']) {
      const input = form?.inputs.find((candidate) => candidate.attributes.name === name);
      expect(input?.attributes, name).toMatchObject({ type: 'password', autocomplete: 'off' });
      expect(input?.attributes.value, `${name} has no default value`).toBeUndefined();
    }
    // Every field the CLI takes has a labelled control.
    for (const name of ['provider', 'name', 'apiUrl', 'gateUrl', 'clientId', 'apiUser', 'installmentRates', 'isDefault', 'programs:WORLD', 'programs:AXESS']) {
      const control = [...(form?.inputs ?? []), ...elements(form?.content ?? '', 'select')].find((candidate) => candidate.attributes.name === name);
      expect(control, name).toBeDefined();
      expect(form?.content, `a label for ${name}`).toContain(`for="${control!.attributes.id}"`);
    }
  });

  test('a refused form names the fields in error, ties each message to its field, and echoes no secret', async () => {
    const refused = await addAccount(sessionA, { ...akbank(), name: 'Broken', apiUrl: 'ftp://bank.example/api', installmentRates: 'two at 1.80', 'programs:AXESS': '' });
    expect(refused.status).toBe(200);
    expect(alertText(refused.text)).toBe('Check the highlighted fields.');
    const form = addForm(forms(refused.text))!;
    for (const [name, message] of [
      ['apiUrl', 'API URL must be an http(s) URL'],
      ['installmentRates', 'Rates are installment counts and percents, like 2:1.80, 3:2.90'],
    ]) {
      const input = form.inputs.find((candidate) => candidate.attributes.name === name)!;
      expect(input.attributes['aria-invalid'], name).toBe('true');
      const description = elements(form.content, 'p').find((p) => p.attributes.id === input.attributes['aria-describedby']);
      expect(textOf(description?.content ?? ''), name).toBe(message);
    }
    expect(refused.text).not.toContain(apiPassword);
    expect(refused.text).not.toContain(storeKey);
    expect(listed((await getPage(backend, SETTINGS, sessionA)).text, 'Broken')).toBeUndefined();
  });

  test('Test connection asks the bank for an order status and says Connected', async () => {
    const before = bank.received.length;
    const response = await submitPageForm(backend, { path: SETTINGS, session: sessionA, pick: buttonForm('Test connection to Akbank'), fields: {} });
    expect(response.status, response.text.slice(0, 500)).toBe(200);
    expect(buttonStatus(response.text, 'Test connection to Akbank')).toBe('Connected');
    expect(bank.received.slice(before).map((request) => request.type)).toEqual(['ORDERSTATUS']);
  });

  test('an account with a wrong API password: Test connection shows the bank’s refusal', async () => {
    const added = await addAccount(sessionA, { ...akbank(), name: 'Wrong Bank', apiPassword: wrongPassword, storeKey: wrongStoreKey, 'programs:AXESS': '', isDefault: '' });
    expect(textOf(added.text)).toContain('Bank account added: Wrong Bank');
    const response = await submitPageForm(backend, { path: SETTINGS, session: sessionA, pick: buttonForm('Test connection to Wrong Bank'), fields: {} });
    expect(response.status).toBe(200);
    expect(buttonStatus(response.text, 'Test connection to Wrong Bank')).toBe('Invalid user name, password or client id');
    // The first account stays the default.
    const page = await getPage(backend, SETTINGS, sessionA);
    expect(listed(page.text, 'Akbank')).toContain('Default account Yes');
    expect(listed(page.text, 'Wrong Bank')).toContain('Default account No');
  });

  test('a second merchant sees none of the first’s accounts, and the first’s account id is not found for its Test connection or Remove', async () => {
    const pageA = await getPage(backend, SETTINGS, sessionA);
    const akbankId = accountId(pageA.text, 'Akbank');
    const pageB = await getPage(backend, SETTINGS, sessionB);
    expect(pageB.status).toBe(200);
    expect(listed(pageB.text, 'Akbank')).toBeUndefined();
    expect(pageB.text).not.toContain(clientId);
    expect(pageB.text).not.toContain(akbankId);
    expect(textOf(pageB.text)).toContain('No bank accounts yet.');

    // B's own account gives it the buttons; posting them with A's account id is a 404.
    const added = await addAccount(sessionB, { ...akbank(), name: 'B Bank', clientId: 'B-CLIENT' });
    expect(textOf(added.text)).toContain('Bank account added: B Bank');
    for (const label of ['Test connection to B Bank', 'Remove bank account B Bank']) {
      const response = await submitPageForm(backend, { path: SETTINGS, session: sessionB, pick: buttonForm(label), fields: { bankAccountId: akbankId } });
      expect(response.status, label).toBe(404);
      expect(response.text).not.toContain(clientId);
    }
    expect(listed((await getPage(backend, SETTINGS, sessionA)).text, 'Akbank')).toBeDefined();
  });

  test('Remove takes away an account no payment went through; one that took a payment stays, and the page says why', async () => {
    // A sale without installments goes to the default account: Akbank, at the test bank.
    const sale = await api(backend, shopA).post('/api/payment', paymentRequest({}, cards.world));
    expect(sale.body.status, sale.text).toBe('SUCCESS');
    expect(bank.orders.size).toBeGreaterThan(0);

    const refused = await submitPageForm(backend, { path: SETTINGS, session: sessionA, pick: buttonForm('Remove bank account Akbank'), fields: {} });
    expect(refused.status).toBe(200);
    expect(buttonStatus(refused.text, 'Remove bank account Akbank')).toBe(
      'Payments went through this bank account: it stays for their captures, cancels and refunds',
    );
    expect(listed(refused.text, 'Akbank')).toBeDefined();

    const removed = await submitPageForm(backend, { path: SETTINGS, session: sessionA, pick: buttonForm('Remove bank account Wrong Bank'), fields: {} });
    expect(removed.status).toBe(200);
    const page = await getPage(backend, SETTINGS, sessionA);
    expect(listed(page.text, 'Wrong Bank')).toBeUndefined();
    expect(listed(page.text, 'Akbank')).toBeDefined();
  });

  test('bank_accounts rows and the server log hold no API password or store key in plain text', async () => {
    await stopServer(server!);
    server = undefined;
    const { client } = await createPgliteClient(path.join(runDir, 'data', 'pglite'));
    try {
      const { rows } = await client.query<{ name: string; row: string }>('SELECT name, b::text AS row FROM bank_accounts b ORDER BY name');
      expect(rows.map((row) => row.name)).toEqual(['Akbank', 'B Bank']);
      for (const { row } of rows) for (const secret of secrets) expect(row).not.toContain(secret);
      expect(rows[0].row).toContain(clientId);
    } finally {
      await client.close();
    }
    const log = readFileSync(path.join(runDir, 'server.log'), 'utf8');
    expect(log).toContain('bank account added');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
