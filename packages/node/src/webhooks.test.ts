import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { KasaSignatureError } from './errors';
import { verify } from './webhooks';

const secret = 'whsec_current';
const now = 1_800_000_000;
const sign = (body: string, key: string, t = now) => createHmac('sha256', key).update(`${t}.${body}`).digest('hex');
const form = 'checkoutId=7d0c1f7e-0000-4000-8000-000000000000&status=SUCCESS&event=attempt.succeeded';
const event = JSON.stringify({ id: 'evt_1', type: 'refund.succeeded', created: now, data: { amount: 10 } });

describe('webhooks.verify', () => {
  test('a callback signed with the secret answers its form fields', () => {
    expect(verify(form, `t=${now},v1=${sign(form, secret)}`, secret, { now })).toEqual({
      checkoutId: '7d0c1f7e-0000-4000-8000-000000000000',
      status: 'SUCCESS',
      event: 'attempt.succeeded',
    });
  });

  test('an event answers its JSON, from a Buffer body too', () => {
    expect(verify(Buffer.from(event), `t=${now},v1=${sign(event, secret)}`, secret, { now })).toMatchObject({ id: 'evt_1', type: 'refund.succeeded' });
  });

  test('during Kasa-side rotation one of several v1 matching is enough; during yours one of several secrets', () => {
    const header = `t=${now},v1=${sign(form, 'whsec_old')},v1=${sign(form, secret)}`;
    expect(() => verify(form, header, secret, { now })).not.toThrow();
    expect(() => verify(form, `t=${now},v1=${sign(form, secret)}`, ['whsec_next', secret], { now })).not.toThrow();
  });

  test.each([
    ['a missing header', null],
    ['no timestamp', `v1=${sign(form, secret)}`],
    ['two timestamps', `t=${now},t=${now},v1=${sign(form, secret)}`],
    ['no v1', `t=${now}`],
    ['a v1 of another secret', `t=${now},v1=${sign(form, 'whsec_other')}`],
    ['a v1 of another body', `t=${now},v1=${sign(`${form}&x=1`, secret)}`],
    ['a v1 for another timestamp', `t=${now},v1=${sign(form, secret, now - 1)}`],
    ['a signature older than the tolerance', `t=${now - 301},v1=${sign(form, secret, now - 301)}`],
    ['a v1 that is not hex', `t=${now},v1=${'z'.repeat(64)}`],
  ])('%s is refused with KasaSignatureError', (_, header) => {
    expect(() => verify(form, header, secret, { now })).toThrow(KasaSignatureError);
  });

  test('toleranceSeconds widens the window', () => {
    const old = now - 600;
    expect(() => verify(form, `t=${old},v1=${sign(form, secret, old)}`, secret, { now, toleranceSeconds: 900 })).not.toThrow();
  });
});
