// /api/event-endpoints (reference §11) and the events and checkout callbacks delivered to a local receiver (§7).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, sdk, uniqueClientIp } from '../support/api';
import { expectError } from '../support/assertions';
import { cards } from '../support/cards';
import { startCheckoutPayment } from '../support/checkout-action';
import { forEachBackend, type Backend, type MerchantCredentials } from '../support/context';
import { preAuthorize, sell } from '../support/flows';
import { checkoutRequest } from '../support/requests';

interface Received {
  path: string;
  contentType: string;
  signature: string;
  body: string;
}

const received: Received[] = [];
let receiver: http.Server;
let receiverBase = '';

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        signature: String(request.headers['x-kasa-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

/** True when the header carries a v1 that is the HMAC of `t.body` under the merchant's callback secret. */
function signedBy(entry: Received, merchant: MerchantCredentials): boolean {
  const parts = Object.fromEntries(entry.signature.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', merchant.callbackSecret).update(`${parts.t}.${entry.body}`).digest('hex');
  return entry.signature.split(',').includes(`v1=${expected}`);
}

async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const eventsAt = (path: string) =>
  received.filter((entry) => entry.path === path).map((entry) => ({ entry, event: JSON.parse(entry.body) as { id: string; type: string; created: string; data: any } }));

async function clearEndpoints(backend: Backend, merchant: MerchantCredentials) {
  const client = api(backend, merchant);
  const listed = await client.get('/api/event-endpoints');
  for (const endpoint of listed.body.data) expect((await client.request('DELETE', `/api/event-endpoints/${endpoint.endpointId}`)).status).toBe(204);
}

forEachBackend((backend) => {
  const a = backend.merchants.a;
  const b = backend.merchants.b;

  describe('event endpoints API', () => {
    test('create answers {endpointId, url, events, createdAt} with all event types by default; list and delete (204) it', async () => {
      // Through the SDK, as a merchant's code would manage its endpoints.
      const kasa = sdk(backend, b);
      await clearEndpoints(backend, b);
      const { data: created } = await kasa.POST('/api/event-endpoints', { body: { url: 'http://127.0.0.1:9/all' } });
      expect(created).toEqual({
        endpointId: expect.stringMatching(/^we_[A-Za-z0-9_-]+$/),
        url: 'http://127.0.0.1:9/all',
        events: [
          'payment.succeeded',
          'payment.failed',
          'payment.captured',
          'payment.cancelled',
          'payment.expired',
          'refund.succeeded',
          'refund.failed',
          'checkout.closed',
          'checkout.expired',
        ],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const { data: some } = await kasa.POST('/api/event-endpoints', { body: { url: 'http://127.0.0.1:9/some', events: ['payment.captured'] } });
      expect(some!.events).toEqual(['payment.captured']);
      const { data: listed } = await kasa.GET('/api/event-endpoints');
      expect(listed!.data.map((endpoint) => endpoint.endpointId)).toEqual([created!.endpointId, some!.endpointId]);

      const endpoint = { params: { path: { endpointId: created!.endpointId } } };
      const deleted = await kasa.DELETE('/api/event-endpoints/{endpointId}', endpoint);
      expect(deleted.response.status).toBe(204);
      expect(deleted.data).toBeUndefined();
      expect((await kasa.GET('/api/event-endpoints')).data!.data).toEqual([some]);
      await expect(kasa.DELETE('/api/event-endpoints/{endpointId}', endpoint)).rejects.toMatchObject({ status: 404, resultCode: 'NOT_FOUND' });
      await clearEndpoints(backend, b);
    });

    test('a sixth endpoint answers 409 EVENT_ENDPOINT_LIMIT_REACHED; after a delete one more fits', async () => {
      const client = api(backend, b);
      await clearEndpoints(backend, b);
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) {
        const response = await client.post('/api/event-endpoints', { url: `http://127.0.0.1:9/e${index}` });
        expect(response.status, response.text).toBe(200);
        ids.push(response.body.endpointId);
      }
      const sixth = await client.post('/api/event-endpoints', { url: 'http://127.0.0.1:9/e5' });
      expectError(sixth, 409, 'EVENT_ENDPOINT_LIMIT_REACHED');
      expect(sixth.body.resultMessage).toMatch(/at most 5/);
      expect((await client.request('DELETE', `/api/event-endpoints/${ids[0]}`)).status).toBe(204);
      expect((await client.post('/api/event-endpoints', { url: 'http://127.0.0.1:9/e5' })).status).toBe(200);
      await clearEndpoints(backend, b);
    });

    test('bad input answers 400 with the field: not a URL, not http(s), an unknown event type, an empty or repeated list', async () => {
      const client = api(backend, b);
      for (const [body, field] of [
        [{}, 'url'],
        [{ url: 'not a url' }, 'url'],
        [{ url: 'ftp://127.0.0.1/x' }, 'url'],
        [{ url: 'http://127.0.0.1:9/x', events: ['payment.refunded'] }, 'events.0'],
        [{ url: 'http://127.0.0.1:9/x', events: [] }, 'events'],
        [{ url: 'http://127.0.0.1:9/x', events: ['payment.failed', 'payment.failed'] }, 'events'],
        [{ url: 'http://127.0.0.1:9/x', events: 'payment.failed' }, 'events'],
      ] as const) {
        const response = await client.post('/api/event-endpoints', body);
        expectError(response, 400, 'VALIDATION_ERROR');
        expect(response.body.errors.map((error: { field: string }) => error.field), JSON.stringify(body)).toContain(field);
      }
    });

    test('another merchant’s endpoint is 404 to delete and absent from its list', async () => {
      const mine = await api(backend, a).post('/api/event-endpoints', { url: 'http://127.0.0.1:9/tenant', events: ['payment.captured'] });
      expect(mine.status).toBe(200);
      expectError(await api(backend, b).request('DELETE', `/api/event-endpoints/${mine.body.endpointId}`), 404, 'NOT_FOUND');
      expectError(await api(backend, b).request('DELETE', '/api/event-endpoints/we_made-up'), 404, 'NOT_FOUND');
      expect((await api(backend, b).get('/api/event-endpoints')).body.data.map((endpoint: { endpointId: string }) => endpoint.endpointId)).not.toContain(
        mine.body.endpointId,
      );
      expect((await api(backend, a).request('DELETE', `/api/event-endpoints/${mine.body.endpointId}`)).status).toBe(204);
    });
  });

  test('the OpenAPI document describes the endpoint paths, every callback field and every event type in webhooks', async () => {
    const { body } = await api(backend, null).get('/api/openapi.json');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/event-endpoints', '/api/event-endpoints/{endpointId}']));
    expect(body.paths['/api/event-endpoints'].post.responses['409']).toBeDefined();
    expect(body.webhooks.checkoutCallback.post.requestBody.content['application/x-www-form-urlencoded']).toBeDefined();
    expect(Object.keys(body.components.schemas.CheckoutCallback.properties)).toEqual(['checkoutId', 'status', 'event', 'eventId', 'sequence']);
    const types = ['PaymentEvent', 'RefundEvent', 'CheckoutEvent'].flatMap((name) => body.components.schemas[name].properties.type.enum);
    expect(types.sort()).toEqual(
      ['payment.succeeded', 'payment.failed', 'payment.captured', 'payment.cancelled', 'payment.expired', 'refund.succeeded', 'refund.failed', 'checkout.closed', 'checkout.expired'].sort(),
    );
  });

  describe('events delivered to an endpoint', () => {
    let path = '';
    let endpointId = '';
    beforeAll(async () => {
      path = `/${backend.name}/events`;
      const created = await api(backend, a).post('/api/event-endpoints', { url: `${receiverBase}${path}` });
      expect(created.status, created.text).toBe(200);
      endpointId = created.body.endpointId;
    });
    afterAll(async () => {
      await api(backend, a).request('DELETE', `/api/event-endpoints/${endpointId}`);
    });

    test('a sale, a declined sale and a captured pre-authorization each arrive as a signed JSON event with the ApiPaymentResponse, in order', async () => {
      const sale = await sell(backend, { amount: 12.5 });
      const declined = await sell(backend, { amount: 3 }, cards.doNotHonor);
      const { paymentId: preAuthId } = await preAuthorize(backend, { amount: 40 });
      const captured = await api(backend, a).post(`/api/pre-authorization/${preAuthId}/capture`, { amount: 30, currency: 'TRY' });
      expect(captured.status, captured.text).toBe(200);

      const about = (paymentId: string) => eventsAt(path).filter(({ event }) => event.data?.paymentId === paymentId);
      const [succeeded] = await waitFor(() => about(sale.paymentId).length >= 1 && about(sale.paymentId));
      expect(succeeded.entry.contentType).toBe('application/json');
      expect(signedBy(succeeded.entry, a)).toBe(true);
      expect(succeeded.event).toEqual({ id: expect.stringMatching(/^evt_/), type: 'payment.succeeded', created: expect.any(String), data: sale.body });

      const [failed] = await waitFor(() => about(declined.paymentId).length >= 1 && about(declined.paymentId));
      expect(failed.event).toMatchObject({ type: 'payment.failed', data: { status: 'FAILED', resultCode: 'DO_NOT_HONOR', pan: declined.body.pan } });
      expect(failed.entry.body).not.toContain(cards.doNotHonor.pan);

      const preAuthEvents = await waitFor(() => about(preAuthId).length >= 2 && about(preAuthId));
      expect(preAuthEvents.map(({ event }) => event.type)).toEqual(['payment.succeeded', 'payment.captured']);
      expect(preAuthEvents[1].event.data).toEqual(captured.body);
      expect(preAuthEvents.every(({ entry }) => signedBy(entry, a))).toBe(true);
    });

    test('a checkout attempt sends payment.failed to the endpoint and a callback whose status is what GET answers right after', async () => {
      const callbackPath = `/${backend.name}/callback`;
      const created = await api(backend, a).post('/api/checkout', checkoutRequest({ callback: `${receiverBase}${callbackPath}` }));
      expect(created.status, created.text).toBe(200);
      const { checkoutId } = created.body;
      const attempt = await startCheckoutPayment(
        backend.baseUrl,
        checkoutId,
        { cardHolderName: 'Jane Doe', pan: cards.notEnrolled.pan, expiry: '12/39', cvv: '123', installmentCount: 1 },
        { clientIp: uniqueClientIp() },
      );
      expect(attempt.result, attempt.text.slice(0, 300)).toMatchObject({ ok: true, next: { kind: 'result' } });

      const callback = await waitFor(() => received.find((entry) => entry.path === callbackPath));
      const form = Object.fromEntries(new URLSearchParams(callback.body));
      expect(Object.keys(form)).toEqual(['checkoutId', 'status', 'event', 'eventId', 'sequence']);
      expect(form).toMatchObject({ checkoutId, status: 'FAILED', event: 'attempt.failed', sequence: '1' });
      expect(signedBy(callback, a)).toBe(true);
      const status = await api(backend, a).get(`/api/checkout/${checkoutId}`);
      expect(status.body.status).toBe(form.status);

      const [event] = await waitFor(() => {
        const found = eventsAt(path).filter(({ event }) => event.data?.paymentId === status.body.paymentId);
        return found.length > 0 && found;
      });
      expect(event.event).toMatchObject({ type: 'payment.failed', data: { status: 'FAILED', resultCode: 'NOT_ENROLLED' } });
    });
  });
});
