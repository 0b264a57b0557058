// Kasa behind a reverse proxy that rewrites Host, as nginx does by default (`proxy_pass
// http://127.0.0.1:3000` sends `Host: 127.0.0.1:3000`): the browser talks to the proxy's origin, which
// is PUBLIC_BASE_URL, and Kasa sees another Host. Its server actions (dashboard sign-in, the checkout's
// startPayment) must still run (issue 16, item 2). This spec starts a server and a proxy of its own,
// both on 127.0.0.1, and stops them by pid at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cards } from '../tests/support/cards';
import type { MerchantCredentials } from '../tests/support/context';
import { checkoutRequest, futureExpiry } from '../tests/support/requests';
import {
  createMerchant,
  freePort,
  serverEnvironment,
  startServer,
  stopServer,
  testLogin,
  waitUntilReady,
  type ServerProcess,
} from '../tests/support/processes';

test.describe.configure({ mode: 'serial' });

let runDir = '';
let server: ServerProcess | undefined;
let proxy: http.Server | undefined;
let kasaUrl = '';
let proxyUrl = '';
let merchant: MerchantCredentials & { email: string; password: string };

/** A reverse proxy that forwards everything to `target` with `Host` rewritten to the target's. */
function startHostRewritingProxy(target: URL, port: number): Promise<http.Server> {
  const forwarder = http.createServer((incoming, outgoing) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  return new Promise((resolve) => forwarder.listen(port, '127.0.0.1', () => { resolve(forwarder); }));
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  runDir = mkdtempSync(path.join(os.tmpdir(), 'kasa-e2e-proxy-'));
  const [kasaPort, proxyPort] = [await freePort(), await freePort()];
  kasaUrl = `http://127.0.0.1:${kasaPort}`;
  proxyUrl = `http://127.0.0.1:${proxyPort}`;
  // The proxy is not a trusted one here: this server believes no X-Forwarded-* header at all.
  const env = serverEnvironment({
    port: kasaPort,
    dataDir: path.join(runDir, 'data'),
    logLevel: 'warn',
    extra: { PUBLIC_BASE_URL: proxyUrl, KASA_TRUSTED_PROXIES: '192.0.2.1' },
  });
  merchant = (await createMerchant(env, 'Proxy Shop', testLogin('proxy'))) as typeof merchant;
  server = startServer(env, path.join(runDir, 'server.log'));
  await waitUntilReady(server, kasaUrl);
  proxy = await startHostRewritingProxy(new URL(kasaUrl), proxyPort);
  expect((proxy.address() as AddressInfo).port).toBe(proxyPort);
});

test.afterAll(async () => {
  await new Promise((resolve) => {
    if (proxy) proxy.close(resolve);
    else resolve(undefined);
  });
  if (server) await stopServer(server);
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const button = document.querySelector('form button[type="submit"]');
    return !!button && Object.keys(button).some((key) => key.startsWith('__reactProps'));
  });
}

test('through a Host-rewriting proxy, dashboard sign-in opens the dashboard', async ({ page }) => {
  await page.goto(`${proxyUrl}/dashboard/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(merchant.email);
  await page.getByLabel('Password').fill(merchant.password);
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/dashboard/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect((await answered).status()).toBeLessThan(400);
  await expect(page).toHaveURL(`${proxyUrl}/dashboard/payments`);
  await expect(page.getByRole('banner')).toContainText('Proxy Shop');
});

test('through a Host-rewriting proxy, a shopper pays on the hosted checkout', async ({ page }) => {
  const created = await fetch(`${proxyUrl}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': merchant.apiKey, 'x-api-secret': merchant.apiSecret },
    body: JSON.stringify(checkoutRequest({ amount: 120.5 })),
  });
  const checkout = (await created.json()) as { checkoutId: string; redirectUrl: string };
  expect(created.status, JSON.stringify(checkout)).toBe(200);
  expect(checkout.redirectUrl).toBe(`${proxyUrl}/checkout-link/${checkout.checkoutId}`);

  await page.goto(checkout.redirectUrl);
  await waitForHydration(page);
  const { expiryMonth, expiryYear } = futureExpiry();
  await page.getByRole('textbox', { name: 'Cardholder name' }).fill('Ayşe Yılmaz');
  await page.getByRole('textbox', { name: 'Card number' }).fill(cards.world.pan);
  await page.getByRole('textbox', { name: 'Expiry date' }).fill(`${expiryMonth}/${expiryYear}`);
  await page.getByRole('textbox', { name: 'Security code' }).fill(cards.world.cvv);
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/checkout-link/${checkout.checkoutId}`);
  await page.getByRole('button', { name: /^Pay/ }).click();
  expect((await answered).status(), 'the startPayment action').toBe(200);
  const issuer = page.frameLocator('iframe[title="3-D Secure"]');
  await issuer.getByRole('textbox', { name: 'Verification code' }).fill('123456');
  await issuer.getByRole('button', { name: 'Submit' }).click();
  await expect(page).toHaveURL(new RegExp(`^${proxyUrl}/checkout-link/${checkout.checkoutId}\\?result=`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Payment successful');
});

test('X-Forwarded-Host from a peer that is not a trusted proxy is ignored: a foreign Origin naming it is refused', async () => {
  const page = await (await fetch(`${kasaUrl}/dashboard/sign-in`)).text();
  const actionId = /\$ACTION_1:0" value="\{&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(page)?.[1];
  expect(actionId, 'the sign-in form names its action').toBeTruthy();
  const form = new FormData();
  form.append('1_email', merchant.email);
  form.append('1_password', 'not the password');
  form.append('0', '[{},"$K1"]');
  const response = await fetch(`${kasaUrl}/dashboard/sign-in`, {
    method: 'POST',
    headers: { 'next-action': actionId!, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', accept: 'text/x-component' },
    body: form,
  });
  expect(response.status).toBe(403);
  expect(await response.json()).toMatchObject({ resultCode: 'FORBIDDEN', errors: [{ field: 'Origin', code: 'FOREIGN_ORIGIN' }] });
});
