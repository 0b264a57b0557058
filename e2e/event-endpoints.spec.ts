// Settings' event endpoints in a real browser: add an endpoint for a local receiver, "Send test
// event", the receiver gets the signed JSON `test` event and Settings shows its delivery, delivered;
// then the endpoint is deleted. Runs as "Dashboard Shop B" (e2e/global-setup.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through playwright.config.ts (its globalSetup starts the servers)`);
  return value;
};

interface Received {
  contentType: string;
  signature: string;
  body: string;
}

test('Settings: add an event endpoint, Send test event, the delivery arrives signed and shows as delivered', async ({ page }) => {
  const received: Received[] = [];
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        contentType: request.headers['content-type'] ?? '',
        signature: String(request.headers['x-kasa-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kasa/events-${Date.now()}`;
  try {
    await page.goto(`${env('E2E_KASA_URL')}/dashboard/sign-in`);
    await page.getByLabel('Email').fill(env('E2E_SHOP_B_EMAIL'));
    await page.getByLabel('Password').fill(env('E2E_SHOP_B_PASSWORD'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard\/payments$/);

    await page.goto(`${env('E2E_KASA_URL')}/dashboard/settings`);
    const form = page.getByRole('form', { name: 'Add event endpoint' });
    await form.getByLabel('Endpoint URL').fill(url);
    await expect(form.getByRole('checkbox', { name: 'payment.succeeded' })).toBeChecked();
    await form.getByRole('checkbox', { name: 'checkout.expired' }).uncheck();
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const endpoint = page.getByRole('article', { name: `Endpoint ${url}` });
    await expect(endpoint).toBeVisible();
    await expect(endpoint).not.toContainText('all events');
    await expect(endpoint).toContainText('payment.succeeded');
    await endpoint.getByRole('button', { name: `Send test event to ${url}` }).click();
    await expect(endpoint.getByRole('status').first()).toContainText('Test event queued');

    await expect.poll(() => received.length, { timeout: 10_000, message: 'the receiver got the test event' }).toBeGreaterThanOrEqual(1);
    const [delivery] = received;
    expect(delivery.contentType).toBe('application/json');
    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}/);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({ id: expect.stringMatching(/^evt_/), type: 'test', data: { endpointId: expect.stringMatching(/^we_/) } });

    await expect(async () => {
      await page.reload();
      const row = page.getByRole('table', { name: `Deliveries to ${url}` }).getByRole('row').filter({ hasText: event.id });
      await expect(row).toContainText('test');
      await expect(row).toContainText('Delivered');
      await expect(row.getByRole('button', { name: `Resend test ${event.id}` })).toBeVisible();
    }).toPass({ timeout: 10_000 });

    await page
      .getByRole('article', { name: `Endpoint ${url}` })
      .getByRole('button', { name: `Delete endpoint ${url}` })
      .click();
    await expect(page.getByRole('article', { name: `Endpoint ${url}` })).toHaveCount(0);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
