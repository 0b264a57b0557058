import { describe, expect, it } from 'vitest';
import { checkActionRequest } from './action-guard';

const site = 'http://shop.kasa.test';
function actionPost(body: BodyInit, { contentType = 'text/plain;charset=UTF-8', origin = site, action = true } = {}) {
  const headers = new Headers({ host: 'shop.kasa.test', origin });
  if (action) headers.set('next-action', '7f00aa');
  if (contentType) headers.set('content-type', contentType);
  return new Request(`${site}/checkout-link/x`, { method: 'POST', headers, body });
}
const multipart = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
};
const refusal = async (request: Request) => {
  const error = await checkActionRequest(request);
  return error && { status: error.status, code: error.code, field: error.fieldErrors[0]?.field };
};

describe('checkActionRequest', () => {
  it('lets through what React sends for plain values and FormData', async () => {
    expect(await refusal(actionPost(JSON.stringify(['id', { pan: '$$5421', cvv: '$undefined', n: 3, at: '$D2026-01-01' }])))).toBeNull();
    expect(await refusal(new Request(`${site}/x`, { method: 'POST', headers: { host: 'shop.kasa.test', origin: site, 'next-action': 'a' }, body: multipart({ '0': '["$undefined","$K1"]', '1_email': 'a@b.c' }) }))).toBeNull();
  });

  it('refuses references to parts the request never sent', async () => {
    for (const reference of ['$1', '$@1', '$Q1', '$F1', '$Z', '$', '$K1']) {
      expect(await refusal(actionPost(JSON.stringify([{ nested: [reference] }]))), reference).toEqual({ status: 400, code: 'MALFORMED_JSON', field: 'body' });
    }
  });

  it('refuses bodies that are not an argument list', async () => {
    for (const body of ['', '{}', 'null', '[1,]']) expect(await refusal(actionPost(body)), body).toMatchObject({ status: 400, field: 'body' });
    expect(await refusal(actionPost('garbage', { contentType: 'multipart/form-data; boundary=b' }))).toMatchObject({ status: 400, field: 'body' });
    expect(await refusal(actionPost('garbage', { contentType: 'multipart/form-data; boundary=b', action: false }))).toMatchObject({ status: 400 });
  });

  it('refuses arguments nested too deep or too many, without overflowing the stack', async () => {
    expect(await refusal(actionPost('['.repeat(5000) + ']'.repeat(5000)))).toMatchObject({ status: 400, code: 'MALFORMED_JSON', field: 'body' });
    expect(await refusal(actionPost(JSON.stringify(Array(1001).fill('x'))))).toMatchObject({ status: 400, code: 'MALFORMED_JSON', field: 'body' });
    expect(await refusal(actionPost(JSON.stringify([{ a: { b: [1, { c: 'x' }] } }, 'y'])))).toBeNull();
  });

  it('refuses a dashboard action call with anything but FormData after the state argument', async () => {
    const dashboard = (body: BodyInit, contentType?: string) =>
      new Request(`${site}/dashboard/sign-in`, { method: 'POST', headers: { host: 'shop.kasa.test', origin: site, 'next-action': 'a', ...(contentType ? { 'content-type': contentType } : {}) }, body });
    expect(await refusal(dashboard('[{},{}]', 'text/plain'))).toEqual({ status: 400, code: 'VALIDATION_ERROR', field: 'body' });
    expect(await refusal(dashboard(multipart({ '0': '[{},{}]' })))).toEqual({ status: 400, code: 'VALIDATION_ERROR', field: 'body' });
    expect(await refusal(dashboard(multipart({ '0': '[{},"$K1"]', '1_email': 'a@b.c' })))).toBeNull();
    // Sign-out takes no argument: React sends an empty list as text.
    expect(await refusal(dashboard('[]', 'text/plain'))).toBeNull();
  });

  it('refuses an action call or a no-script action form from another origin; other form posts go to the action', async () => {
    expect(await refusal(actionPost('["x"]', { origin: 'https://evil.example' }))).toEqual({ status: 403, code: 'FORBIDDEN', field: 'Origin' });
    const form = new Request(`${site}/x`, { method: 'POST', headers: { host: 'shop.kasa.test', origin: 'https://evil.example' }, body: multipart({ email: 'a@b.c' }) });
    expect(await refusal(form)).toBeNull();
    for (const origin of ['https://evil.example', 'null']) {
      const noScript = new Request(`${site}/dashboard/sign-in`, { method: 'POST', headers: { host: 'shop.kasa.test', origin }, body: multipart({ '$ACTION_REF_1': '', email: 'a@b.c' }) });
      expect(await refusal(noScript), origin).toEqual({ status: 403, code: 'FORBIDDEN', field: 'Origin' });
    }
    const withoutOrigin = new Request(`${site}/dashboard/sign-in`, { method: 'POST', headers: { host: 'shop.kasa.test' }, body: multipart({ '$ACTION_REF_1': '' }) });
    expect(await refusal(withoutOrigin)).toBeNull();
    expect(await refusal(new Request(`${site}/x`, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }))).toBeNull();
  });
});
