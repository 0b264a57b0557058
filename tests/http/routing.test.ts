// §3: every non-2xx answer carries the error body, also for paths and methods the API doesn't have.
import { expect, test } from 'vitest';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { forEachBackend } from '../support/context';

forEachBackend((backend) => {
  const client = api(backend);

  test('an unknown /api path answers 404 NOT_FOUND with the error body', async () => {
    expectError(await client.get('/api/no-such-endpoint'), 404, 'NOT_FOUND');
    expectError(await client.post('/api/no-such-endpoint', {}), 404, 'NOT_FOUND');
  });

  test('GET on a POST-only endpoint answers 405 with the error body', async () => {
    const response = await client.get('/api/payment');
    expect(response.status, response.text).toBe(405);
    expectError(response, 405, response.body?.resultCode);
    expect(response.body.resultCode).toBeTypeOf('string');
  });

  test('API answers are served as application/json', async () => {
    const response = await client.get('/api/health');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
