// §2 field rules and request framing (content type, size, JSON) on the two direct endpoints.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectApprovedPayment, expectError, expectNoCardData, expectValidationError } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { fieldRules } from '../support/invalid-requests';
import { paymentRequest, twoDigits, type PaymentRequest } from '../support/requests';

const now = new Date();
const expiresThisMonth = { expiryMonth: twoDigits(now.getUTCMonth() + 1), expiryYear: twoDigits(now.getUTCFullYear() % 100) };

/** Values at the edge of each rule that must be accepted. */
const boundaries: [string, () => PaymentRequest][] = [
  ['orderId of 64 characters of [A-Za-z0-9._-]', () => paymentRequest({ orderId: `o.-_${randomUUID().replace(/-/g, '')}`.padEnd(64, 'Z') })],
  ['orderId of 1 character', () => paymentRequest({ orderId: 'Z' })],
  ['cardHolderName of 2 characters', () => paymentRequest({ cardHolderName: 'Al' })],
  ['cardHolderName of 100 characters', () => paymentRequest({ cardHolderName: 'A'.repeat(100) })],
  ['customerId of 64 characters', () => paymentRequest({ customerId: 'C'.repeat(64) })],
  ['requestPort 1', () => paymentRequest({ requestPort: 1 })],
  ['requestPort 65535', () => paymentRequest({ requestPort: 65535 })],
  ['a card that expires at the end of this month', () => paymentRequest(expiresThisMonth)],
  ['a card that expires in ten years', () => paymentRequest({ expiryYear: twoDigits((now.getUTCFullYear() + 10) % 100) })],
];

const endpoints = ['/api/payment', '/api/pre-authorization'] as const;

forEachBackend((backend) => {
  // orderId 'Z' may be used once per backend and endpoint pair; give each endpoint its own merchant.
  const merchantFor = (path: string) => (path === '/api/payment' ? backend.merchants.a : backend.merchants.b);

  for (const path of endpoints) {
    const client = api(backend, merchantFor(path));
    const transactionType = path === '/api/payment' ? 'SALE' : 'PRE_AUTHORIZATION';

    describe.concurrent(`POST ${path} field rules (§2)`, () => {
      test.each(fieldRules)('%s answers 400 VALIDATION_ERROR naming the field', async (_, build, fields) => {
        const request = build();
        const response = await client.post(path, request);
        expectValidationError(response, ...fields);
        expectNoCardData(response, request);
      });

      test('a non-finite amount (1e999 in the JSON text) answers 400 naming amount', async () => {
        const text = JSON.stringify(paymentRequest({ amount: 123.45 })).replace('"amount":123.45', '"amount":1e999');
        expect(text).toContain('1e999');
        expectValidationError(await client.post(path, undefined, { rawBody: text }), 'amount');
      });

      test.each([
        ['expiryYear', { expiryYear: '2030' }],
        ['expiryMonth', { expiryMonth: '13' }],
      ])('a malformed %s is named once, by one error', async (field, overrides) => {
        const response = await client.post(path, paymentRequest(overrides));
        const body = expectValidationError(response, field);
        expect(body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
      });

      test.each(boundaries)('%s is accepted', async (_, build) => {
        const request = build();
        expectApprovedPayment(await client.post(path, request), { request, card: cards.world, transactionType });
      });
    });

    describe.concurrent(`POST ${path} request framing`, () => {
      test('malformed JSON answers 400 MALFORMED_JSON', async () => {
        const text = JSON.stringify(paymentRequest()).slice(0, -10);
        expectError(await client.post(path, undefined, { rawBody: text }), 400, 'MALFORMED_JSON');
      });

      test('JSON followed by garbage answers 400 MALFORMED_JSON', async () => {
        expectError(await client.post(path, undefined, { rawBody: `${JSON.stringify(paymentRequest())} x` }), 400, 'MALFORMED_JSON');
      });

      test.each([
        ['an empty body', ''],
        ['a JSON array', '[]'],
        ['a JSON string', '"payment"'],
        ['JSON null', 'null'],
        ['a JSON number', '42'],
      ])('%s answers 400', async (_, text) => {
        const response = await client.post(path, undefined, { rawBody: text });
        expect(response.status, response.text).toBe(400);
        expect(['MALFORMED_JSON', 'VALIDATION_ERROR']).toContain(response.body?.resultCode);
      });

      test('Content-Type text/plain answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
        const response = await client.post(path, paymentRequest(), { headers: { 'content-type': 'text/plain' } });
        expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      });

      test('Content-Type application/x-www-form-urlencoded answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
        const response = await client.post(path, paymentRequest(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      });

      test('a body without Content-Type answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
        const bytes = new TextEncoder().encode(JSON.stringify(paymentRequest()));
        const response = await client.post(path, undefined, { rawBody: bytes, headers: { 'content-type': null } });
        expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      });

      test('Content-Type application/json; charset=utf-8 is accepted', async () => {
        const request = paymentRequest();
        const response = await client.post(path, request, { headers: { 'content-type': 'application/json; charset=utf-8' } });
        expectApprovedPayment(response, { request, card: cards.world, transactionType });
      });

      test('a body of exactly 64 KiB is accepted', async () => {
        const request = paymentRequest();
        const json = JSON.stringify(request);
        const text = json + ' '.repeat(64 * 1024 - Buffer.byteLength(json));
        expect(Buffer.byteLength(text)).toBe(64 * 1024);
        expectApprovedPayment(await client.post(path, undefined, { rawBody: text }), { request, card: cards.world, transactionType });
      });

      test('a body of 64 KiB + 1 byte answers 413 PAYLOAD_TOO_LARGE', async () => {
        const json = JSON.stringify(paymentRequest());
        const text = json + ' '.repeat(64 * 1024 + 1 - Buffer.byteLength(json));
        expectError(await client.post(path, undefined, { rawBody: text }), 413, 'PAYLOAD_TOO_LARGE');
      });

      test('a chunked body over 64 KiB (no Content-Length) answers 413 PAYLOAD_TOO_LARGE', async () => {
        const bytes = new TextEncoder().encode(JSON.stringify(paymentRequest()) + ' '.repeat(80 * 1024));
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let offset = 0; offset < bytes.length; offset += 8 * 1024) controller.enqueue(bytes.slice(offset, offset + 8 * 1024));
            controller.close();
          },
        });
        expectError(await client.post(path, undefined, { rawBody: stream }), 413, 'PAYLOAD_TOO_LARGE');
      });

      test('a 1 MiB body answers 413 PAYLOAD_TOO_LARGE', async () => {
        const text = JSON.stringify({ ...paymentRequest(), cardHolderName: 'A'.repeat(1024 * 1024) });
        expectError(await client.post(path, undefined, { rawBody: text }), 413, 'PAYLOAD_TOO_LARGE');
      });
    });
  }
});
