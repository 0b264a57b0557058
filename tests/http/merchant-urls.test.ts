// Merchant URLs by the URL parser (issue 16, item 7): in every mode, sandbox included, no credentials
// in a URL and no link-local or cloud-metadata host, however the address is written.
import { expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { forEachBackend } from '../support/context';
import { checkoutRequest } from '../support/requests';
import { threeDsRequest } from '../support/three-ds';

forEachBackend((backend) => {
  const client = api(backend);

  test('a callback with a link-local or cloud-metadata host, in any spelling, answers 400 URL_NOT_ALLOWED', async () => {
    for (const callback of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://2852039166/',
      'http://0xa9fea9fe/',
      'http://0251.0376.0251.0376/',
      'http://169.254.1.1:8080/cb',
      'http://[fe80::1]/cb',
    ]) {
      const response = await client.post('/api/checkout', checkoutRequest({ callback }));
      expectError(response, 400, 'VALIDATION_ERROR');
      expect(response.body.errors, callback).toEqual([expect.objectContaining({ field: 'callback', code: 'URL_NOT_ALLOWED' })]);
    }
  });

  test('a URL holding a user name or password answers 400 URL_NOT_ALLOWED', async () => {
    const checkout = await client.post('/api/checkout', checkoutRequest({ callback: 'https://user:pw@shop.example/cb' }));
    expectError(checkout, 400, 'VALIDATION_ERROR');
    expect(checkout.body.errors).toEqual([expect.objectContaining({ field: 'callback', code: 'URL_NOT_ALLOWED' })]);
    const threeDs = await client.post('/api/3ds', threeDsRequest({ successUrl: 'https://token@shop.example/ok' }));
    expectError(threeDs, 400, 'VALIDATION_ERROR');
    expect(threeDs.body.errors).toEqual([expect.objectContaining({ field: 'successUrl', code: 'URL_NOT_ALLOWED' })]);
  });

  test('the sandbox still takes loopback and private callback URLs (local development)', async () => {
    for (const callback of ['http://127.0.0.1:9/cb', 'http://10.0.0.5:8080/cb', 'http://localhost:3001/kasa']) {
      const response = await client.post('/api/checkout', checkoutRequest({ callback }));
      expect(response.status, `${callback}: ${response.text}`).toBe(200);
    }
  });
});
