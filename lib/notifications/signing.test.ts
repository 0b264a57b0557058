import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { signatureHeader, verifySignature } from './signing';

const secret = 'whsec_test_0123456789abcdef';
const body = 'checkoutId=3f1c2a9e-0b7d-4c55-9a51-0d2f8e6b7c10&status=PAID&eventId=evt_abc&sequence=1';
const t = 1_700_000_000;
// Computed independently of signing.ts: HMAC-SHA256(secret, "1700000000." + body), hex.
const expectedV1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('X-Kasa-Signature', () => {
  test('a fixed secret, timestamp and body sign to t=<seconds>,v1=<hex HMAC-SHA256(secret, t.body)>', () => {
    expect(expectedV1).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureHeader([secret], body, t)).toBe(`t=${t},v1=${expectedV1}`);
  });

  test('during a rotation every secret contributes a v1, and either verifies', () => {
    const header = signatureHeader(['whsec_old', 'whsec_new'], body, t);
    expect(header.split(',')).toHaveLength(3);
    expect(verifySignature(header, body, 'whsec_old', { now: t })).toBe(true);
    expect(verifySignature(header, body, 'whsec_new', { now: t })).toBe(true);
  });

  test('verifySignature accepts the vector within the tolerance', () => {
    expect(verifySignature(`t=${t},v1=${expectedV1}`, body, secret, { now: t + 299 })).toBe(true);
    expect(verifySignature(`t=${t},v1=${expectedV1.toUpperCase()}`, body, secret, { now: t })).toBe(true);
  });

  test('verifySignature rejects a tampered body, a wrong secret and a stale or future timestamp', () => {
    const header = `t=${t},v1=${expectedV1}`;
    expect(verifySignature(header, body.replace('PAID', 'FAILED'), secret, { now: t })).toBe(false);
    expect(verifySignature(header, body, 'whsec_wrong', { now: t })).toBe(false);
    expect(verifySignature(header, body, secret, { now: t + 301 })).toBe(false);
    expect(verifySignature(header, body, secret, { now: t - 301 })).toBe(false);
    expect(verifySignature(header, body, secret, { now: t + 3600, toleranceSeconds: 3600 })).toBe(true);
    // The timestamp is signed: moving it invalidates the signature.
    expect(verifySignature(`t=${t + 1},v1=${expectedV1}`, body, secret, { now: t })).toBe(false);
  });

  test('verifySignature rejects malformed headers', () => {
    for (const header of ['', `v1=${expectedV1}`, `t=${t}`, `t=${t},v1=zz`, `t=abc,v1=${expectedV1}`, `t=${t},v0=${expectedV1}`]) {
      expect(verifySignature(header, body, secret, { now: t }), header).toBe(false);
    }
  });
});
