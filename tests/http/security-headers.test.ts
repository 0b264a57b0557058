// Security headers on every response (issue 16, item 6): the JSON API is never sniffed, framed or
// allowed to load anything; every page Next.js renders has a nonce CSP and frame protection.
import { expect, test } from 'vitest';
import { api } from '../support/api';
import { forEachBackend } from '../support/context';
import { elements, parseCsp } from '../support/html';

forEachBackend((backend) => {
  const client = api(backend);
  const anonymous = api(backend, null);

  test('JSON API answers, success and error alike, carry nosniff and CSP default-src none; frame-ancestors none', async () => {
    const answers = [
      ['GET /api/health', await anonymous.get('/api/health')],
      ['GET /api/payments (no credentials)', await anonymous.get('/api/payments')],
      ['GET /api/payments', await client.get('/api/payments')],
      ['POST /api/no-such-endpoint', await client.post('/api/no-such-endpoint', {})],
      ['POST /api/payment (invalid)', await client.post('/api/payment', { amount: 'x' })],
    ] as const;
    for (const [name, response] of answers) {
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      const csp = parseCsp(response.headers.get('content-security-policy'));
      expect(csp.get('default-src'), name).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), name).toEqual(["'none'"]);
    }
  });

  test('the CSV export carries nosniff and the API CSP too', async () => {
    const response = await fetch(`${backend.baseUrl}/api/payments`, {
      headers: { accept: 'text/csv', 'x-api-key': backend.merchants.a.apiKey, 'x-api-secret': backend.merchants.a.apiSecret },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(parseCsp(response.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
    await response.arrayBuffer();
  });

  for (const [name, path, status] of [
    ['the home page /', '/', 200],
    ['an unknown page', '/no-such-page', 404],
    ['an unknown page that looks like a file', '/wp-login.php', 404],
  ] as const) {
    test(`${name} has a nonce CSP with frame-ancestors none, X-Frame-Options DENY and nosniff; its scripts carry the nonce`, async () => {
      const response = await fetch(`${backend.baseUrl}${path}`);
      const html = await response.text();
      expect(response.status).toBe(status);
      const csp = parseCsp(response.headers.get('content-security-policy'));
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      const nonce = csp.get('script-src')?.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
      expect(nonce, 'script-src names a nonce').toBeTruthy();
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const scripts = elements(html, 'script');
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script.attributes.nonce, `<script ${JSON.stringify(script.attributes)}>`).toBe(nonce);
    });
  }
});
