// Issue 13: the merchant API on its own NestPay bank. A server of its own per store (PGlite; PostgreSQL
// too with TEST_DATABASE_URL) whose merchant has two accounts on two local NestPay banks
// (tests/support/nestpay-bank.ts, which checks every request's fields and hashes): "Default Bank", the
// default, and "Axess Bank", which holds the AXESS program with its own installment rates. Sales,
// declines, pre-authorizations with partial capture and cancel, refunds, 3-D Secure through the bank's
// gate (and a forged return), routing by program, and a bank that times out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { cards } from '../support/cards';
import type { Backend, MerchantCredentials } from '../support/context';
import { createDatabase } from '../support/harness';
import { onlyForm } from '../support/html';
import { startNestPayBank, NESTPAY_CHALLENGE_CODE, type NestPayBank } from '../support/nestpay-bank';
import { addBankAccount } from '../support/bank-accounts';
import { createMerchant, freePort, serverEnvironment, startServer, stopServer, waitUntilReady, type ServerProcess } from '../support/processes';
import { paymentRequest } from '../support/requests';
import { postForm, RETURN_URLS, threeDsRequest } from '../support/three-ds';

const stores = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(stores)('NestPay bank accounts (%s)', (store) => {
  let runDir = '';
  let server: ServerProcess | undefined;
  let backend: Backend;
  let merchant: MerchantCredentials;
  let defaultBank: NestPayBank;
  let axessBank: NestPayBank;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    defaultBank = await startNestPayBank();
    axessBank = await startNestPayBank({ clientId: '190200000' });
    runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-nestpay-'));
    const port = await freePort();
    const databaseUrl = store === 'postgres' ? await createDatabase(process.env.TEST_DATABASE_URL!, cleanups) : undefined;
    const env = serverEnvironment({
      port,
      dataDir: path.join(runDir, 'data'),
      logLevel: 'info',
      databaseUrl,
      extra: { KASA_BANK_TIMEOUT_MS: '500', KASA_MAINTENANCE_INTERVAL_MS: '500' },
    });
    merchant = await createMerchant(env, 'Bank Shop');
    expect((await addBankAccount(env, merchant.merchantId, 'Default Bank', defaultBank)).isDefault).toBe(true);
    expect((await addBankAccount(env, merchant.merchantId, 'Axess Bank', axessBank, ['--programs=AXESS', '--rates=2:1.10,3:2.20'])).isDefault).toBe(false);
    server = startServer(env, path.join(runDir, 'server.log'));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilReady(server, baseUrl);
    backend = { name: store, baseUrl, dataDir: path.join(runDir, 'data'), logFile: server.logFile, pid: server.pid, env, merchants: { a: merchant } } as unknown as Backend;
  }, 180_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    await defaultBank.close();
    await axessBank.close();
    for (const cleanup of cleanups) await cleanup();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  test('a sale goes to the default bank: 200 SUCCESS with the bank\'s TransId and AuthCode; the order is the paymentId', async () => {
    const sale = await api(backend, merchant).post('/api/payment', paymentRequest({ amount: 120.5 }, cards.world));
    expect(sale.status, sale.text).toBe(200);
    const order = defaultBank.orders.get(sale.body.paymentId);
    expect(order).toMatchObject({ type: 'Auth', amountMinor: 12050, currency: 'TRY', state: 'A' });
    expect(sale.body).toMatchObject({ status: 'SUCCESS', resultCode: 'SUCCESS', externalTransactionId: order!.transId, authCode: order!.authCode });
    const request = defaultBank.received.find((entry) => entry.fields.OrderId === sale.body.paymentId)!;
    expect(request.fields).toMatchObject({ Type: 'Auth', Total: '120.50', Currency: '949', Taksit: '', IPAddress: '198.51.100.7' });
    expect(axessBank.orders.has(sale.body.paymentId)).toBe(false);
  });

  test('a decline is a business result: 200 FAILED with the mapped code, and frees the orderId', async () => {
    const client = api(backend, merchant);
    const request = paymentRequest({}, cards.insufficientFunds);
    const declined = await client.post('/api/payment', request);
    expect(declined.status, declined.text).toBe(200);
    expect(declined.body).toMatchObject({ status: 'FAILED', resultCode: 'INSUFFICIENT_FUNDS', authCode: null });
    const retried = await client.post('/api/payment', { ...request, pan: cards.world.pan, cvv: cards.world.cvv });
    expect(retried.body.status, retried.text).toBe('SUCCESS');
  });

  test('a pre-authorization, a partial capture (PostAuth) on the bank; another is cancelled (Void)', async () => {
    const client = api(backend, merchant);
    const hold = await client.post('/api/pre-authorization', paymentRequest({ amount: 200 }, cards.world));
    expect(hold.body.status, hold.text).toBe('SUCCESS');
    const captured = await client.post(`/api/pre-authorization/${hold.body.paymentId}/capture`, { amount: 150.25, currency: 'TRY' });
    expect(captured.status, captured.text).toBe(200);
    expect(captured.body).toMatchObject({ capturedAmount: 150.25 });
    expect(defaultBank.orders.get(hold.body.paymentId)).toMatchObject({ type: 'PreAuth', state: 'C', capturedMinor: 15025 });

    const other = await client.post('/api/pre-authorization', paymentRequest({ amount: 80 }, cards.world));
    const cancelled = await client.post(`/api/payment/${other.body.paymentId}/cancel`, { reason: 'customer changed their mind' });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
    expect(defaultBank.orders.get(other.body.paymentId)!.state).toBe('V');
    // Voided at the bank: nothing left to capture.
    expectError(await client.post(`/api/pre-authorization/${other.body.paymentId}/capture`, { amount: 80, currency: 'TRY' }), 409, 'INVALID_STATE');
  });

  test('refunds are Credits on the bank, partial and up to the charge, never beyond it', async () => {
    const client = api(backend, merchant);
    const sale = await client.post('/api/payment', paymentRequest({ amount: 100 }, cards.world));
    const first = await client.post(`/api/payment/${sale.body.paymentId}/refund`, { amount: 30, currency: 'TRY' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ status: 'SUCCESS' });
    expect(defaultBank.orders.get(sale.body.paymentId)!.creditedMinor).toBe(3000);
    const rest = await client.post(`/api/payment/${sale.body.paymentId}/refund`, { currency: 'TRY' });
    expect(rest.body, rest.text).toMatchObject({ status: 'SUCCESS' });
    expect(defaultBank.orders.get(sale.body.paymentId)!.creditedMinor).toBe(10000);
    expectError(await client.post(`/api/payment/${sale.body.paymentId}/refund`, { amount: 1, currency: 'TRY' }), 409, 'AMOUNT_EXCEEDS_REFUNDABLE');
  });

  test('installments route by program: an AXESS card\'s installment options and payment use the Axess account and its rates', async () => {
    const client = api(backend, merchant);
    const axessOptions = await client.post('/api/installment-options', { pan: cards.axess.pan.slice(0, 8), amount: 1000, currency: 'TRY', maxInstallmentCount: 12, interestPaidByCustomer: true });
    expect(axessOptions.status, axessOptions.text).toBe(200);
    expect(axessOptions.body.options).toEqual([
      expect.objectContaining({ installmentCount: 2, interestAmount: 11, totalAmount: 1011 }),
      expect.objectContaining({ installmentCount: 3, interestAmount: 22, totalAmount: 1022 }),
    ]);
    // A WORLD card goes to the default account, whose contract has no installment rates.
    const worldOptions = await client.post('/api/installment-options', { pan: cards.world.pan.slice(0, 8), amount: 1000, currency: 'TRY', maxInstallmentCount: 12, interestPaidByCustomer: true });
    expect(worldOptions.body.options, worldOptions.text).toEqual([]);

    const enrolled = await client.post('/api/3ds', threeDsRequest({ amount: 1000, installmentCount: 3, interestPaidByCustomer: true }, cards.axess));
    expect(enrolled.body.success, enrolled.text).toBe(true);
    const gate = await postForm(onlyForm(enrolled.body.htmlContent).action, onlyForm(enrolled.body.htmlContent).hidden);
    const gateForm = onlyForm(gate.text);
    expect(gateForm.action).toBe(axessBank.account.gateUrl);
    expect(gateForm.hidden).toMatchObject({ clientid: '190200000', amount: '1022.00', taksit: '3', oid: enrolled.body.paymentId });
  });

  /** Drives the bank's gate as a browser would: Kasa's gate page, the bank's challenge, its return post. */
  async function throughTheGate(htmlContent: string, code = NESTPAY_CHALLENGE_CODE) {
    const toGate = onlyForm(htmlContent);
    expect(toGate.action).toBe(`${backend.baseUrl}/bank/3ds/gate`);
    // Only the opaque reference travels in htmlContent; the card goes from Kasa's gate page to the bank.
    expect(Object.keys(toGate.hidden)).toEqual(['reference']);
    const gatePage = await postForm(toGate.action, toGate.hidden);
    expect(gatePage.status, gatePage.text).toBe(200);
    expect(gatePage.headers.get('cache-control')).toBe('no-store');
    expect(gatePage.headers.get('content-security-policy')).toContain(`form-action 'self' ${defaultBank.url}`);
    const gateForm = onlyForm(gatePage.text);
    const challenge = await postForm(gateForm.action, gateForm.hidden);
    expect(challenge.status, challenge.text).toBe(200);
    const challengeForm = onlyForm(challenge.text);
    const bankReturn = await postForm(new URL(challengeForm.action, defaultBank.url).href, { ...challengeForm.hidden, code, action: 'verify' });
    const returnForm = onlyForm(bankReturn.text);
    expect(returnForm.action).toBe(`${backend.baseUrl}/bank/3ds/return`);
    return { gateForm, returnFields: returnForm.hidden };
  }

  test('3-D Secure on the bank\'s gate: authenticated, posted back signed, then completed with the bank\'s md/xid/eci/cavv', async () => {
    const client = api(backend, merchant);
    const request = threeDsRequest({ amount: 250 }, cards.world);
    const enrolled = await client.post('/api/3ds', request);
    expect(enrolled.body, enrolled.text).toMatchObject({ success: true, resultCode: 'SUCCESS' });
    expect(enrolled.text).not.toContain(request.pan);
    const { gateForm, returnFields } = await throughTheGate(enrolled.body.htmlContent);
    expect(gateForm.hidden).toMatchObject({ storetype: '3d', hashAlgorithm: 'ver3', oid: enrolled.body.paymentId, amount: '250.00', okUrl: `${backend.baseUrl}/bank/3ds/return` });

    const toMerchant = await postForm(`${backend.baseUrl}/bank/3ds/return`, returnFields);
    expect(toMerchant.status, toMerchant.text).toBe(200);
    const merchantForm = onlyForm(toMerchant.text);
    expect(merchantForm.action).toBe(RETURN_URLS.successUrl);
    expect(merchantForm.hidden.paymentId).toBe(enrolled.body.paymentId);

    const completed = await client.post(`/api/3ds/${enrolled.body.paymentId}/complete`, { securityKey: merchantForm.hidden.securityKey });
    expect(completed.status, completed.text).toBe(200);
    expect(completed.body).toMatchObject({ status: 'SUCCESS', externalTransactionId: defaultBank.orders.get(enrolled.body.paymentId)!.transId });
    expect(defaultBank.orders.get(enrolled.body.paymentId)!.threeD).toMatchObject({ eci: '02' });
    // The authorization named the card by the bank's md, not by its number.
    const auth = defaultBank.received.find((entry) => entry.fields.OrderId === enrolled.body.paymentId && entry.type === 'Auth')!;
    expect(auth.fields).toMatchObject({ PayerSecurityLevel: '02', PayerTxnId: returnFields.xid, PayerAuthenticationCode: returnFields.cavv });
    expect(auth.fields).not.toHaveProperty('Expires');

    // A replay of the bank's post finds the challenge closed.
    expect((await postForm(`${backend.baseUrl}/bank/3ds/return`, returnFields)).status).toBe(410);
  });

  test('a forged 3-D return fails the payment: a success with a wrong HASH, an altered amount or no HASH goes to failureUrl', async () => {
    const client = api(backend, merchant);
    type Fields = Record<string, string>;
    const forgeries: { name: string; code: string; forge: (fields: Fields) => Fields }[] = [
      { name: 'a wrong HASH', code: NESTPAY_CHALLENGE_CODE, forge: (fields) => ({ ...fields, HASH: `${fields.HASH.slice(0, -4)}AAA=` }) },
      { name: 'an altered amount', code: NESTPAY_CHALLENGE_CODE, forge: (fields) => ({ ...fields, amount: '1.00' }) },
      { name: 'no HASH', code: NESTPAY_CHALLENGE_CODE, forge: (fields) => Object.fromEntries(Object.entries(fields).filter(([name]) => name !== 'HASH')) },
      { name: 'a failed authentication turned into a success', code: '000000', forge: (fields) => ({ ...fields, mdStatus: '1' }) },
    ];
    for (const { name, code, forge } of forgeries) {
      const enrolled = await client.post('/api/3ds', threeDsRequest({ amount: 75 }, cards.world));
      const { returnFields } = await throughTheGate(enrolled.body.htmlContent, code);
      const toMerchant = await postForm(`${backend.baseUrl}/bank/3ds/return`, forge(returnFields));
      const merchantForm = onlyForm(toMerchant.text);
      expect(merchantForm.action, name).toBe(RETURN_URLS.failureUrl);
      const completed = await client.post(`/api/3ds/${enrolled.body.paymentId}/complete`, { securityKey: merchantForm.hidden.securityKey });
      expect(completed.body, `${name}: ${completed.text}`).toMatchObject({ status: 'FAILED', resultCode: 'THREE_DS_AUTH_FAILED' });
      // No authorization reached the bank.
      expect(defaultBank.orders.has(enrolled.body.paymentId)).toBe(false);
    }
  });

  test('a bank that times out twice (the call and its status query) never double-charges: PENDING, orderId held, then voided and FAILED', async () => {
    const client = api(backend, merchant);
    const request = paymentRequest({ amount: 55 }, cards.world);
    defaultBank.misbehave('timeout', { count: 2 });
    const pending = await client.post('/api/payment', request);
    expect(pending.status, pending.text).toBe(200);
    expect(pending.body).toMatchObject({ status: 'PENDING', resultCode: 'BANK_OUTCOME_UNKNOWN' });
    // The bank did authorize it.
    expect(defaultBank.orders.get(pending.body.paymentId)!.state).toBe('A');
    // The order stays held: a retry cannot charge a second time.
    expectError(await client.post('/api/payment', request), 409, 'DUPLICATE_ORDER');

    // The recovery job (here after 2 × 0.5 s + 10 s) asks the bank, voids the authorization and fails the payment.
    const deadline = Date.now() + 40_000;
    let payment = pending.body;
    while (payment.status === 'PENDING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      payment = (await client.get(`/api/payment/${pending.body.paymentId}`)).body;
    }
    expect(payment).toMatchObject({ status: 'FAILED', resultCode: 'PROCESSING_INTERRUPTED' });
    expect(defaultBank.orders.get(pending.body.paymentId)!.state).toBe('V');
    // Now the order is free again, and one charge stands.
    const retried = await client.post('/api/payment', request);
    expect(retried.body.status, retried.text).toBe('SUCCESS');
  }, 60_000);

  test('a capture whose answer is lost holds no lock meanwhile, answers 502 BANK_UNAVAILABLE, and is completed by the recovery job', async () => {
    const client = api(backend, merchant);
    const hold = await client.post('/api/pre-authorization', paymentRequest({ amount: 40 }, cards.world));
    expect(hold.body.status, hold.text).toBe('SUCCESS');
    defaultBank.misbehave('timeout', { count: 2 });
    const finished: string[] = [];
    const capture = client.post(`/api/pre-authorization/${hold.body.paymentId}/capture`, { amount: 40, currency: 'TRY' }).then((response) => {
      finished.push('capture');
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // While the bank keeps the capture waiting, the store is free: the payment reads, and a second
    // capture is refused at once instead of waiting for the lock.
    const read = await client.get(`/api/payment/${hold.body.paymentId}`);
    finished.push('read');
    expect(read.body).toMatchObject({ status: 'SUCCESS', capturedAmount: null });
    expectError(await client.post(`/api/pre-authorization/${hold.body.paymentId}/capture`, { amount: 40, currency: 'TRY' }), 409, 'REQUEST_IN_PROGRESS');
    expectError(await capture, 502, 'BANK_UNAVAILABLE');
    expect(finished).toEqual(['read', 'capture']);
    // The bank did capture it; the recovery job asks again and the status query recognises the repeat.
    expect(defaultBank.orders.get(hold.body.paymentId)).toMatchObject({ state: 'C', capturedMinor: 4000 });
    const deadline = Date.now() + 40_000;
    let payment = read.body;
    while (payment.capturedAmount === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      payment = (await client.get(`/api/payment/${hold.body.paymentId}`)).body;
    }
    expect(payment).toMatchObject({ status: 'SUCCESS', capturedAmount: 40 });
  }, 60_000);

  test('the server log holds no card number, CVV, API password or store key', () => {
    const log = readFileSync(backend.logFile, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [cards.world.pan, cards.axess.pan, defaultBank.account.apiPassword, defaultBank.account.storeKey, axessBank.account.apiPassword, axessBank.account.storeKey]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toMatch(/"cvv"|Cvv2Val|"cv2"/);
  });
});
