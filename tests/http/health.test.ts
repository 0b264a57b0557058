import { expect, test } from 'vitest';
import { api } from '../support/api';
import { forEachBackend } from '../support/context';

forEachBackend((backend) => {
  const anonymous = api(backend, null);

  test('GET /api/health answers 200 {status: "ok"} without credentials', async () => {
    const response = await anonymous.get('/api/health');
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });

  test('GET /api/health/live answers 200 without credentials, the same every time', async () => {
    const first = await anonymous.get('/api/health/live');
    const second = await anonymous.get('/api/health/live');
    expect(first.status, first.text).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
  });

  test('GET /api/openapi.json is an OpenAPI 3.1 document served without credentials', async () => {
    const response = await anonymous.get('/api/openapi.json');
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.body.openapi).toMatch(/^3\.1/);
  });

  test('the OpenAPI document lists every implemented merchant endpoint', async () => {
    const { body } = await anonymous.get('/api/openapi.json');
    const paths = Object.keys(body?.paths ?? {});
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/payment',
        '/api/payment/{paymentId}',
        '/api/pre-authorization',
        '/api/pre-authorization/{paymentId}/capture',
        '/api/installment-options',
        '/api/payments',
      ]),
    );
    expect(Object.keys(body.paths['/api/payments'])).toContain('get');
    expect(Object.keys(body.paths['/api/payment'])).toContain('post');
    expect(Object.keys(body.paths['/api/payment/{paymentId}'])).toContain('get');
    expect(Object.keys(body.paths['/api/pre-authorization'])).toContain('post');
    expect(Object.keys(body.paths['/api/pre-authorization/{paymentId}/capture'])).toContain('post');
    expect(Object.keys(body.paths['/api/installment-options'])).toContain('post');
  });

  test('the OpenAPI document lists the health endpoints', async () => {
    const { body } = await anonymous.get('/api/openapi.json');
    expect(Object.keys(body?.paths ?? {})).toEqual(expect.arrayContaining(['/api/health', '/api/health/live']));
  });

  test('the OpenAPI security schemes are the X-API-KEY and X-API-SECRET headers', async () => {
    const { body } = await anonymous.get('/api/openapi.json');
    const schemes = Object.values<{ type: string; in: string; name: string }>(body?.components?.securitySchemes ?? {});
    const headerNames = schemes.filter((s) => s.type === 'apiKey' && s.in === 'header').map((s) => s.name.toLowerCase());
    expect(headerNames).toEqual(expect.arrayContaining(['x-api-key', 'x-api-secret']));
  });
});
