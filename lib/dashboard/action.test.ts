import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { isSameOriginRequest } from '../http/request';
import { fieldErrorMap, formFieldErrors } from '../http/action';
import { formDataToObject } from './action';

const headersOf = (values: Record<string, string>) => new Headers(values);

describe('origin check of server actions', () => {
  const base = 'https://pay.shop.example';

  test('an Origin naming the requested host passes', () => {
    expect(isSameOriginRequest(headersOf({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }), base)).toBe(true);
    expect(isSameOriginRequest(headersOf({ origin: 'https://kasa.internal', host: 'KASA.internal' }), base)).toBe(true);
  });

  test('behind a proxy, the forwarded host or PUBLIC_BASE_URL passes', () => {
    expect(isSameOriginRequest(headersOf({ origin: 'https://pay.shop.example', host: '10.0.0.5:3000' }), base)).toBe(true);
    expect(
      isSameOriginRequest(headersOf({ origin: 'https://dash.shop.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'dash.shop.example' }), base),
    ).toBe(true);
  });

  test('a foreign, missing, opaque or malformed Origin is refused', () => {
    expect(isSameOriginRequest(headersOf({ origin: 'https://evil.example', host: '127.0.0.1:3000' }), base)).toBe(false);
    expect(isSameOriginRequest(headersOf({ origin: 'http://127.0.0.1:3001', host: '127.0.0.1:3000' }), base)).toBe(false);
    expect(isSameOriginRequest(headersOf({ host: '127.0.0.1:3000' }), base)).toBe(false);
    expect(isSameOriginRequest(headersOf({ origin: 'null', host: '127.0.0.1:3000' }), base)).toBe(false);
    expect(isSameOriginRequest(headersOf({ origin: 'not a url', host: '127.0.0.1:3000' }), base)).toBe(false);
    expect(isSameOriginRequest(headersOf({ origin: 'file://127.0.0.1:3000', host: '127.0.0.1:3000' }), base)).toBe(false);
  });
});

describe('form parsing', () => {
  test("FormData becomes one value per name, '' is missing, Next's $ACTION fields are dropped", () => {
    const form = new FormData();
    form.append('email', 'a@b.example');
    form.append('note', '');
    form.append('$ACTION_ID_abc', '');
    form.append('$ACTION_1:0', '{"id":"x"}');
    expect(formDataToObject(form)).toEqual({ email: 'a@b.example', note: undefined });
  });

  test("field errors keep the schema's messages, one per field, and name empty fields plainly", () => {
    const schema = z.object({ email: z.string({ error: 'Enter your email address' }), amount: z.string(), count: z.coerce.number().min(2, 'At least 2') });
    const values = { email: undefined, amount: undefined, count: '1' };
    const parsed = schema.safeParse(values);
    expect(parsed.success).toBe(false);
    expect(fieldErrorMap(formFieldErrors(parsed.error!, values))).toEqual({
      email: 'Enter your email address',
      amount: 'This field is required',
      count: 'At least 2',
    });
  });
});
