// What a hosted checkout serves from public/: icons, and a robots.txt that keeps private pages out of search engines.
import { expect, test } from 'vitest';
import { api } from '../support/api';
import { forEachBackend } from '../support/context';

forEachBackend((backend) => {
  const anonymous = api(backend, null);

  test('GET /robots.txt keeps checkout links, the sandbox issuer, the dashboard and the API out of search engines', async () => {
    const response = await anonymous.get('/robots.txt');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const disallowed = [...response.text.matchAll(/^Disallow:\s*(\S+)/gm)].map((match) => match[1]);
    expect(disallowed).toEqual(expect.arrayContaining(['/checkout-link/', '/sandbox/', '/dashboard/', '/api/']));
    expect(response.text).toMatch(/^User-agent: \*$/m);
  });

  test('GET /favicon.ico and the app icons are served as images', async () => {
    for (const [file, type] of [
      ['/favicon.ico', /^image\/(x-icon|vnd\.microsoft\.icon)/],
      ['/apple-touch-icon.png', /^image\/png/],
      ['/icon-192.png', /^image\/png/],
      ['/icon-512.png', /^image\/png/],
    ] as const) {
      const response = await fetch(`${backend.baseUrl}${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toMatch(type);
      expect((await response.arrayBuffer()).byteLength, file).toBeGreaterThan(100);
    }
  });

  test('the web manifest names the 192 and 512 px icons, and the home page links it', async () => {
    const manifest = await anonymous.get('/site.webmanifest');
    expect(manifest.status).toBe(200);
    expect(JSON.parse(manifest.text).icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(['192x192', '512x512']);
    const home = await anonymous.get('/');
    expect(home.text).toContain('href="/site.webmanifest"');
    expect(home.text).toContain('href="/apple-touch-icon.png"');
  });
});
