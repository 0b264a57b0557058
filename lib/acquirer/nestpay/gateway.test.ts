import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { omit } from '../../../tests/support/omit';
import { forms, onlyForm, textOf } from '../../../tests/support/html';
import { NESTPAY_CHALLENGE_CODE, startNestPayBank, type NestPayBank } from '../../../tests/support/nestpay-bank';
import type { CardData } from '../types';
import { NestPayGateway } from './gateway';
import type { NestPayGateFormRequest } from './request-mapper';
import { encodeForm, parseForm } from './serializer';

const card = (pan: string, cvv = '123'): CardData => ({ pan, cvv, expiryMonth: '12', expiryYear: '30', cardHolderName: 'Ayşe Yılmaz' });
const approvedCard = card('4111111111111111');
let bank: NestPayBank;
let gateway: NestPayGateway;
let sequence = 0;
const orderId = () => `kasa-${Date.now().toString(36)}-${++sequence}`;

beforeAll(async () => {
  bank = await startNestPayBank();
  gateway = new NestPayGateway(bank.account, { timeoutMs: 2_000 });
});
afterAll(() => bank.close());

const sale = (id: string, amountMinor = 10025, overrides: Partial<Parameters<NestPayGateway['sale']>[0]> = {}) =>
  gateway.sale({ orderId: id, amountMinor, currency: 'TRY', installmentCount: 1, card: approvedCard, ...overrides });

function expectNoCardData(value: unknown, data: CardData = approvedCard) {
  const text = JSON.stringify(value);
  expect(text).not.toContain(data.pan);
  expect(text).not.toContain(`"${data.cvv}"`);
}

describe('Auth (sale)', () => {
  test('an approved sale answers the bank\'s TransId and AuthCode, and the bank got every field in its format', async () => {
    const id = orderId();
    const result = await sale(id);
    expect(result).toMatchObject({ outcome: 'APPROVED', resultCode: 'SUCCESS', orderId: id, procReturnCode: '00' });
    if (result.outcome !== 'APPROVED') throw new Error('not approved');
    const order = bank.orders.get(id)!;
    expect(result.externalTransactionId).toBe(order.transId);
    expect(result.authCode).toBe(order.authCode);
    expect(order).toMatchObject({ type: 'Auth', state: 'A', amountMinor: 10025, capturedMinor: 10025, currency: 'TRY' });
    expect(bank.received.at(-1)).toMatchObject({
      type: 'Auth',
      fields: { Name: bank.account.apiUser, ClientId: bank.account.clientId, OrderId: id, Total: '100.25', Currency: '949', Taksit: '', Expires: '12/30', Mode: 'P' },
    });
    expectNoCardData(result);
  });

  test('installments go in Taksit, USD as 840 and EUR as 978', async () => {
    const usd = orderId();
    expect((await sale(usd, 500, { currency: 'USD', installmentCount: 3 })).outcome).toBe('APPROVED');
    expect(bank.received.at(-1)!.fields).toMatchObject({ Total: '5.00', Currency: '840', Taksit: '3' });
    const eur = orderId();
    expect((await sale(eur, 1, { currency: 'EUR' })).outcome).toBe('APPROVED');
    expect(bank.received.at(-1)!.fields).toMatchObject({ Total: '0.01', Currency: '978' });
  });

  test.each([
    ['4000000000000002', 'DO_NOT_HONOR', '05'],
    ['4000000000009995', 'INSUFFICIENT_FUNDS', '51'],
    ['4000000000000069', 'EXPIRED_CARD', '54'],
    ['4000000000000127', 'INVALID_CVV', '82'],
    ['4000000000009979', 'STOLEN_CARD', '43'],
  ])('card %s is declined with %s (ProcReturnCode %s)', async (pan, resultCode, procReturnCode) => {
    const id = orderId();
    const result = await sale(id, 10025, { card: card(pan) });
    expect(result).toMatchObject({ outcome: 'DECLINED', resultCode, procReturnCode });
    expect(bank.orders.get(id)!.state).toBe('D');
    expectNoCardData(result, card(pan));
  });

  test('a Response Error is a PROCESSING_ERROR, never an approval', async () => {
    const result = await sale(orderId(), 10025, { card: card('4000000000000119') });
    expect(result).toMatchObject({ outcome: 'ERROR', resultCode: 'PROCESSING_ERROR', procReturnCode: '99' });
  });

  test('the bank refuses wrong credentials, a reused order id and an invalid card number', async () => {
    const wrong = new NestPayGateway({ ...bank.account, apiPassword: 'wrong' });
    const id = orderId();
    expect(await wrong.sale({ orderId: id, amountMinor: 100, currency: 'TRY', installmentCount: 1, card: approvedCard })).toMatchObject({
      outcome: 'ERROR',
      errorCode: 'CORE-2002',
    });
    expect(bank.orders.has(id)).toBe(false);
    await sale(id);
    expect(await sale(id)).toMatchObject({ outcome: 'ERROR', errorCode: 'CORE-2008' });
    const bad = await sale(orderId(), 100, { card: card('4111111111111112') });
    expect(bad).toMatchObject({ outcome: 'ERROR', errorCode: 'CORE-2012' });
    expectNoCardData(bad, card('4111111111111112'));
  });
});

describe('PreAuth, PostAuth and Void', () => {
  test('a partial PostAuth captures part of the pre-authorization, once', async () => {
    const id = orderId();
    expect((await gateway.preAuth({ orderId: id, amountMinor: 10000, currency: 'TRY', installmentCount: 1, card: approvedCard })).outcome).toBe('APPROVED');
    expect(bank.orders.get(id)).toMatchObject({ type: 'PreAuth', capturedMinor: 0 });
    expect((await gateway.postAuth({ orderId: id, amountMinor: 6000, currency: 'TRY' })).outcome).toBe('APPROVED');
    expect(bank.received.at(-1)!.fields).toMatchObject({ Type: 'PostAuth', OrderId: id, Total: '60.00', Currency: '949' });
    expect(bank.orders.get(id)).toMatchObject({ state: 'C', capturedMinor: 6000 });
    expect((await gateway.postAuth({ orderId: id, amountMinor: 4000, currency: 'TRY' })).outcome).toBe('ERROR');
    expect(bank.orders.get(id)!.capturedMinor).toBe(6000);
  });

  test('a PostAuth above the pre-authorized amount is refused', async () => {
    const id = orderId();
    await gateway.preAuth({ orderId: id, amountMinor: 10000, currency: 'TRY', installmentCount: 1, card: approvedCard });
    expect(await gateway.postAuth({ orderId: id, amountMinor: 10001, currency: 'TRY' })).toMatchObject({ outcome: 'ERROR', errorCode: 'CORE-2104' });
    expect((await gateway.postAuth({ orderId: id, currency: 'TRY' })).outcome).toBe('APPROVED');
    expect(bank.orders.get(id)!.capturedMinor).toBe(10000);
  });

  test('Void releases a pre-authorization; the status query then shows it voided; a second Void is refused', async () => {
    const id = orderId();
    await gateway.preAuth({ orderId: id, amountMinor: 2500, currency: 'TRY', installmentCount: 1, card: approvedCard });
    expect((await gateway.void(id)).outcome).toBe('APPROVED');
    expect(bank.orders.get(id)!.state).toBe('V');
    expect(await gateway.orderStatus(id)).toMatchObject({ outcome: 'FOUND', state: 'VOIDED', amountMinor: 2500 });
    expect((await gateway.void(id)).outcome).toBe('ERROR');
    expect((await gateway.postAuth({ orderId: id, currency: 'TRY' })).outcome).toBe('ERROR');
  });
});

describe('Credit (refund)', () => {
  test('partial credits add up to the captured amount and no further', async () => {
    const id = orderId();
    await sale(id, 10000);
    expect((await gateway.credit({ orderId: id, amountMinor: 3000, currency: 'TRY' })).outcome).toBe('APPROVED');
    expect(bank.received.at(-1)!.fields).toMatchObject({ Type: 'Credit', Total: '30.00', Currency: '949' });
    expect(await gateway.credit({ orderId: id, amountMinor: 7001, currency: 'TRY' })).toMatchObject({ outcome: 'ERROR', errorCode: 'CORE-2303' });
    expect((await gateway.credit({ orderId: id, amountMinor: 7000, currency: 'TRY' })).outcome).toBe('APPROVED');
    expect(await gateway.credit({ orderId: id, amountMinor: 1, currency: 'TRY' })).toMatchObject({ outcome: 'ERROR' });
    expect(bank.orders.get(id)!.creditedMinor).toBe(10000);
  });

  test('a credit of a captured pre-authorization goes up to the captured part only', async () => {
    const id = orderId();
    await gateway.preAuth({ orderId: id, amountMinor: 10000, currency: 'TRY', installmentCount: 1, card: approvedCard });
    expect((await gateway.credit({ orderId: id, amountMinor: 100, currency: 'TRY' })).outcome).toBe('ERROR');
    await gateway.postAuth({ orderId: id, amountMinor: 4000, currency: 'TRY' });
    expect((await gateway.credit({ orderId: id, amountMinor: 4001, currency: 'TRY' })).outcome).toBe('ERROR');
    expect((await gateway.credit({ orderId: id, currency: 'TRY' })).outcome).toBe('APPROVED');
    expect(bank.orders.get(id)!.creditedMinor).toBe(4000);
  });
});

describe('unknown outcomes and broken answers', () => {
  test('a timeout is an unknown outcome, and the status query then finds the authorization the bank made', async () => {
    const quick = new NestPayGateway(bank.account, { timeoutMs: 300 });
    const id = orderId();
    bank.misbehave('timeout');
    const started = Date.now();
    const result = await quick.sale({ orderId: id, amountMinor: 4200, currency: 'TRY', installmentCount: 1, card: approvedCard });
    expect(result).toMatchObject({ outcome: 'UNKNOWN', resultCode: 'UNKNOWN_OUTCOME', reason: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await gateway.orderStatus(id)).toMatchObject({
      outcome: 'FOUND',
      state: 'AUTHORIZED',
      amountMinor: 4200,
      externalTransactionId: bank.orders.get(id)!.transId,
      authCode: bank.orders.get(id)!.authCode,
    });
  });

  test('a timeout before the bank did anything leaves no order: the status query says not found', async () => {
    const quick = new NestPayGateway(bank.account, { timeoutMs: 300 });
    const id = orderId();
    bank.misbehave('timeout', { process: false });
    expect((await quick.sale({ orderId: id, amountMinor: 4200, currency: 'TRY', installmentCount: 1, card: approvedCard })).outcome).toBe('UNKNOWN');
    expect(await gateway.orderStatus(id)).toMatchObject({ outcome: 'NOT_FOUND' });
  });

  test('resolveUnknownPayment: a timed-out sale the bank made is AUTHORIZED with its TransId; one it never made is NOT_AUTHORIZED', async () => {
    const quick = new NestPayGateway(bank.account, { timeoutMs: 300 });
    const made = orderId();
    bank.misbehave('timeout');
    expect((await quick.sale({ orderId: made, amountMinor: 990, currency: 'TRY', installmentCount: 1, card: approvedCard })).outcome).toBe('UNKNOWN');
    expect(await gateway.resolveUnknownPayment(made, 990)).toEqual({
      resolution: 'AUTHORIZED',
      externalTransactionId: bank.orders.get(made)!.transId,
      authCode: bank.orders.get(made)!.authCode,
    });
    expect(await gateway.resolveUnknownPayment(made, 991)).toMatchObject({ resolution: 'STILL_UNKNOWN' });

    const declined = orderId();
    bank.misbehave('drop');
    expect((await sale(declined, 990, { card: card('4000000000000002') })).outcome).toBe('UNKNOWN');
    expect(await gateway.resolveUnknownPayment(declined, 990)).toEqual({ resolution: 'NOT_AUTHORIZED' });

    const never = orderId();
    bank.misbehave('drop', { process: false });
    expect((await sale(never, 990)).outcome).toBe('UNKNOWN');
    expect(await gateway.resolveUnknownPayment(never, 990)).toEqual({ resolution: 'NOT_AUTHORIZED' });

    bank.misbehave('timeout');
    expect(await quick.resolveUnknownPayment(made, 990)).toMatchObject({ resolution: 'STILL_UNKNOWN' });
  });

  test('a dropped connection is an unknown outcome', async () => {
    bank.misbehave('drop');
    expect(await sale(orderId())).toMatchObject({ outcome: 'UNKNOWN', reason: 'CONNECTION' });
  });

  test('malformed XML and an HTTP 500 are error results, not approvals', async () => {
    bank.misbehave('malformed');
    expect(await sale(orderId())).toMatchObject({ outcome: 'ERROR', resultCode: 'PROCESSING_ERROR', resultMessage: 'The bank answered a malformed response' });
    bank.misbehave('http500');
    expect(await sale(orderId())).toMatchObject({ outcome: 'ERROR', resultMessage: 'The bank answered HTTP 500' });
  });

  test('a bank that cannot be reached at all is an error: nothing was sent', async () => {
    const other = await startNestPayBank();
    const account = other.account;
    await other.close();
    const unreachable = new NestPayGateway(account, { timeoutMs: 1_000 });
    expect(await unreachable.sale({ orderId: orderId(), amountMinor: 100, currency: 'TRY', installmentCount: 1, card: approvedCard })).toMatchObject({
      outcome: 'ERROR',
      resultMessage: 'The bank could not be reached',
    });
  });

  test('the status query of an order the bank never saw answers NOT_FOUND', async () => {
    expect(await gateway.orderStatus('never-seen')).toMatchObject({ outcome: 'NOT_FOUND', resultMessage: 'No record found for never-seen' });
  });
});

describe('3-D Secure ("3D" model, ver3 hash)', () => {
  const gateRequest = (id: string, pan = '4111111111111111', amountMinor = 15050): NestPayGateFormRequest => ({
    orderId: id,
    amountMinor,
    currency: 'TRY',
    installmentCount: 1,
    transactionType: 'SALE',
    okUrl: 'https://shop.example/3ds/ok',
    failUrl: 'https://shop.example/3ds/fail',
    card: card(pan),
  });

  async function post(url: string, fields: Record<string, string>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeForm(fields),
      redirect: 'manual',
    });
    return { status: response.status, html: await response.text() };
  }

  /** Posts the gate form, answers the challenge, and returns the bank's post back (action + fields). */
  async function authenticate(fields: Record<string, string>, code = NESTPAY_CHALLENGE_CODE, action = 'verify') {
    const gatePage = await post(bank.account.gateUrl, fields);
    expect(gatePage.status).toBe(200);
    const challenge = onlyForm(gatePage.html);
    const returnPage = await post(new URL(challenge.action, bank.url).href, { token: challenge.hidden.token, code, action });
    const back = onlyForm(returnPage.html);
    // As a browser posts it: form-encoded, then decoded by the merchant's return URL.
    return { action: back.action, fields: parseForm(encodeForm(back.hidden)).fields };
  }

  test('the gate form carries ver3 fields and a hash the bank accepts; the authenticated return verifies and pays', async () => {
    const id = orderId();
    const form = gateway.threeDGateForm(gateRequest(id));
    expect(form.url).toBe(bank.account.gateUrl);
    expect(form.fields).toMatchObject({ clientid: bank.account.clientId, storetype: '3d', amount: '150.50', oid: id, currency: '949', TranType: 'Auth', hashAlgorithm: 'ver3', taksit: '' });
    const back = await authenticate(form.fields);
    expect(back.action).toBe('https://shop.example/3ds/ok');
    expect(back.fields.pan).toBeUndefined();
    expect(back.fields.cv2).toBeUndefined();
    const verified = gateway.verifyThreeDReturn(back.fields, { orderId: id, amountMinor: 15050, currency: 'TRY' });
    expect(verified).toMatchObject({ authentic: true, status: 'AUTHENTICATED', mdStatus: '1', orderId: id, eci: '05' });
    if (!verified.authentic) throw new Error('not authentic');
    expect(verified.md).not.toBe('');
    expect(verified.cavv).not.toBe('');
    const result = await gateway.sale({ orderId: id, amountMinor: 15050, currency: 'TRY', installmentCount: 1, threeDSecure: verified });
    expect(result).toMatchObject({ outcome: 'APPROVED' });
    expect(bank.orders.get(id)!.threeD).toEqual({ eci: verified.eci, cavv: verified.cavv, xid: verified.xid });
    expect(bank.received.at(-1)!.fields).toMatchObject({ PayerTxnId: verified.xid, PayerSecurityLevel: '05', PayerAuthenticationCode: verified.cavv });
    // The bank's md is good for one authorization only.
    expect((await gateway.sale({ orderId: orderId(), amountMinor: 15050, currency: 'TRY', installmentCount: 1, threeDSecure: verified })).outcome).toBe('ERROR');
  });

  test('a forged return is refused: mdStatus or amount changed, HASH removed, another order, another store key', async () => {
    const id = orderId();
    const back = await authenticate(gateway.threeDGateForm(gateRequest(id)).fields, '000000');
    expect(back.action).toBe('https://shop.example/3ds/fail');
    expect(gateway.verifyThreeDReturn(back.fields, { orderId: id })).toMatchObject({ authentic: true, status: 'FAILED', mdStatus: '0' });
    const refused = { authentic: false, resultCode: 'THREE_DS_AUTH_FAILED', reason: 'HASH_INVALID' };
    expect(gateway.verifyThreeDReturn({ ...back.fields, mdStatus: '1' }, { orderId: id })).toEqual(refused);
    expect(gateway.verifyThreeDReturn({ ...back.fields, amount: '1.00' }, { orderId: id })).toEqual(refused);
    const withoutHash = omit(back.fields, 'HASH');
    expect(gateway.verifyThreeDReturn(withoutHash, { orderId: id })).toEqual(refused);
    expect(gateway.verifyThreeDReturn({ ...back.fields, HASH: '' }, { orderId: id })).toEqual(refused);
    expect(gateway.verifyThreeDReturn(back.fields, { orderId: 'another-order' })).toMatchObject({ authentic: false, reason: 'ORDER_MISMATCH' });
    expect(gateway.verifyThreeDReturn(back.fields, { orderId: id, amountMinor: 1, currency: 'TRY' })).toMatchObject({ authentic: false, reason: 'AMOUNT_MISMATCH' });
    const otherStore = new NestPayGateway({ ...bank.account, storeKey: 'another key' });
    expect(otherStore.verifyThreeDReturn(back.fields, { orderId: id })).toEqual(refused);
  });

  test('a failed challenge gives no usable md: the bank refuses an Auth with it', async () => {
    const id = orderId();
    const back = await authenticate(gateway.threeDGateForm(gateRequest(id)).fields, NESTPAY_CHALLENGE_CODE, 'cancel');
    const verified = gateway.verifyThreeDReturn(back.fields, { orderId: id });
    expect(verified).toMatchObject({ authentic: true, status: 'FAILED', message: 'Not authenticated' });
    if (!verified.authentic) throw new Error('not authentic');
    const result = await gateway.sale({ orderId: id, amountMinor: 15050, currency: 'TRY', installmentCount: 1, threeDSecure: verified });
    expect(result.outcome).not.toBe('APPROVED');
  });

  test('a card not enrolled comes back at once as an attempt (mdStatus 4) that may be authorized', async () => {
    const id = orderId();
    const page = await post(bank.account.gateUrl, gateway.threeDGateForm(gateRequest(id, '4000000000003055')).fields);
    const back = onlyForm(page.html);
    const verified = gateway.verifyThreeDReturn(parseForm(encodeForm(back.hidden)).fields, { orderId: id });
    expect(verified).toMatchObject({ authentic: true, status: 'ATTEMPTED', mdStatus: '4', eci: '06' });
  });

  test('the gate refuses a form whose hash does not match its fields', async () => {
    const form = gateway.threeDGateForm(gateRequest(orderId()));
    const page = await post(bank.account.gateUrl, { ...form.fields, amount: '1.50' });
    expect(page.status).toBe(400);
    expect(textOf(page.html)).toContain('Hash value mismatch');
    expect(forms(page.html)).toHaveLength(0);
    const unsigned = omit(form.fields, 'hash');
    expect((await post(bank.account.gateUrl, unsigned)).status).toBe(400);
  });

  test('a PreAuth gate form says TranType PreAuth and installments in taksit', async () => {
    const form = gateway.threeDGateForm({ ...gateRequest(orderId()), transactionType: 'PRE_AUTHORIZATION', installmentCount: 6 });
    expect(form.fields).toMatchObject({ TranType: 'PreAuth', taksit: '6' });
    expect((await post(bank.account.gateUrl, form.fields)).status).toBe(200);
  });
});
