/**
 * A tiny merchant site for the browser specs, integrated the way §5 and §7 tell a merchant to.
 *
 * Direct 3-D Secure (e2e/three-ds.spec.ts):
 *   GET  /pay?card=<name in tests/support/cards.ts>&installments=<n>[&interest=1][&amount=…]
 *        → POST /api/3ds (successUrl/failureUrl pointing back here) and answers the returned htmlContent,
 *          so the browser goes on to the issuer's 3-D Secure page;
 *   POST /3ds/success, POST /3ds/failure (form fields paymentId, securityKey)
 *        → POST /api/3ds/{paymentId}/complete and a small result page.
 *
 * Hosted checkout (e2e/checkout.spec.ts):
 *   GET  /shop/buy?amount=…[&currency=TRY][&installments=<max>][&interest=1][&expires=<minutes>]
 *        → POST /api/checkout (callback = /kasa/callback, returnUrl = /shop/thanks?orderId=…), then a
 *          302 to the answered redirectUrl;
 *   POST /kasa/callback → checks the request as a careful merchant would (X-Kasa-Signature with the
 *          merchant's callbackSecret, exactly the form fields checkoutId, status, eventId, sequence, a
 *          checkout this shop created), records it, GETs /api/checkout/{checkoutId} (the only status a
 *          merchant may trust) and records that too; answers 204, or 400 when a check failed;
 *   GET  /shop/thanks?orderId=… → the returnUrl: the order's status as GET /api/checkout answers it.
 * A link made in Kasa's dashboard (e2e/dashboard.spec.ts): POST /shop/orders {checkoutId, orderId} enters it
 *        into the shop's orders, so that /kasa/callback accepts its callbacks.
 * For the specs (JSON): GET /kasa/callbacks?checkoutId=… (what the stub recorded), GET
 * /shop/checkouts/{checkoutId} (GET /api/checkout/{checkoutId} as the merchant sees it), GET
 * /shop/installment-options?card=<name>&amount=…[&interest=1][&max=n] (POST /api/installment-options), POST
 * /shop/checkouts/{checkoutId}/expire (POST /api/checkout/{checkoutId}/expire: the shop ends the link).
 * Card numbers come from tests/support/cards.ts by name, so none travels in a URL.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cards, type CardName } from '../tests/support/cards';
import type { MerchantCredentials } from '../tests/support/context';
import { paymentRequest } from '../tests/support/requests';

export interface MerchantStub {
  url: string;
  close(): Promise<void>;
}

/** The form fields of a callback (§7): checkoutId plus Kasa's additions, nothing else. */
export const CALLBACK_FIELDS = ['checkoutId', 'status', 'event', 'eventId', 'sequence'] as const;

/** How far X-Kasa-Signature's t may be from the stub's clock (a merchant's replay window). */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/** One POST /kasa/callback as the stub received and judged it. */
export interface RecordedCallback {
  receivedAt: string;
  /** The raw form body, as signed. */
  body: string;
  contentType: string | null;
  signature: string | null;
  /** The names of the form fields, in order (repeats included). */
  fieldNames: string[];
  checkoutId: string | null;
  status: string | null;
  event: string | null;
  eventId: string | null;
  sequence: number | null;
  /** Every check this callback failed; empty for a valid callback (answered 204). */
  problems: string[];
  /** What GET /api/checkout/{checkoutId} answered right after a valid callback. */
  checkoutStatus: { httpStatus: number; body: any } | null;
}

/**
 * Verifies X-Kasa-Signature the way §7 documents it for merchants, independently of Kasa's own code:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`, any of several v1 may match.
 * Returns what is wrong, or null.
 */
export function signatureProblem(header: string, rawBody: string, secret: string, nowSeconds = Date.now() / 1000): string | null {
  const parts = header.split(',').map((part) => {
    const separator = part.indexOf('=');
    return separator < 0 ? [part.trim(), ''] : [part.slice(0, separator).trim(), part.slice(separator + 1).trim()];
  });
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value);
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value);
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0])) return `X-Kasa-Signature "${header}" has no single t=<unix seconds>`;
  if (signatures.length === 0) return `X-Kasa-Signature "${header}" has no v1=`;
  const t = Number(timestamps[0]);
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) return `X-Kasa-Signature t=${t} is more than ${SIGNATURE_TOLERANCE_SECONDS} s from now`;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const matches = signatures.some((hex) => /^[0-9a-f]{64}$/.test(hex) && timingSafeEqual(Buffer.from(hex, 'hex'), expected));
  return matches ? null : 'no v1 of X-Kasa-Signature is HMAC-SHA256(callbackSecret, t + "." + body)';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const escapeHtml = (value: string | number | boolean | null | undefined) =>
  String(value ?? '').replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · E2E Shop</title></head><body>${body}</body></html>`;
}

const html = (response: http.ServerResponse, status: number, body: string) =>
  void response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);

const json = (response: http.ServerResponse, status: number, body: unknown) =>
  void response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => Promise<void> | void;

export async function startMerchantStub({ kasaUrl, merchant }: { kasaUrl: string; merchant: MerchantCredentials }): Promise<MerchantStub> {
  let stubUrl = '';
  /** checkoutId → orderId of every checkout this shop created, and the other way round. */
  const checkouts = new Map<string, string>();
  const orders = new Map<string, string>();
  const callbacks: RecordedCallback[] = [];

  /** The merchant API with this shop's credentials: GET without a body, POST (JSON) with one. */
  const kasa = async (path: string, body?: unknown) => {
    const response = await fetch(`${kasaUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        'x-api-key': merchant.apiKey,
        'x-api-secret': merchant.apiSecret,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, text, json: parsed };
  };

  // GET /pay — direct 3-D Secure: POST /api/3ds and show its htmlContent.
  const pay: Handler = async (_request, response, url) => {
    const name = url.searchParams.get('card') ?? 'world';
    if (!Object.hasOwn(cards, name)) { html(response, 400, page('Unknown card', `<h1>Unknown test card ${escapeHtml(name)}</h1>`)); return; }
    const card = cards[name as CardName];
    const enrollment = await kasa('/api/3ds', {
      ...paymentRequest({ amount: Number(url.searchParams.get('amount') ?? 1000) }, card),
      installmentCount: Number(url.searchParams.get('installments') ?? 1),
      interestPaidByCustomer: url.searchParams.get('interest') === '1',
      successUrl: `${stubUrl}/3ds/success`,
      failureUrl: `${stubUrl}/3ds/failure`,
    });
    if (enrollment.status === 200 && enrollment.json?.success === true && typeof enrollment.json.htmlContent === 'string') {
      html(response, 200, enrollment.json.htmlContent); return;
    }
    html(
      response,
      200,
      page('Not enrolled', `<h1>3-D Secure not started</h1><p data-testid="enrollment">${escapeHtml(enrollment.status)} ${escapeHtml(enrollment.text)}</p>`),
    );
  };

  // POST /3ds/success, /3ds/failure — the issuer's return: complete the payment.
  const returned =
    (outcome: 'success' | 'failure'): Handler =>
    async (request, response) => {
      const form = new URLSearchParams(await readBody(request));
      const paymentId = form.get('paymentId') ?? '';
      const completion = await kasa(`/api/3ds/${encodeURIComponent(paymentId)}/complete`, { securityKey: form.get('securityKey') ?? '' });
      const payment = completion.json ?? {};
      const successful = completion.status === 200 && payment.status === 'SUCCESS';
      html(
        response,
        200,
        page(
          successful ? 'Paid' : 'Not paid',
          `<h1>${successful ? 'Payment successful' : 'Payment failed'}</h1>
<dl>
<dt>Returned to</dt><dd data-testid="returned-to">${outcome}</dd>
<dt>HTTP status</dt><dd data-testid="http-status">${escapeHtml(completion.status)}</dd>
<dt>Status</dt><dd data-testid="status">${escapeHtml(payment.status)}</dd>
<dt>Result code</dt><dd data-testid="result-code">${escapeHtml(payment.resultCode)}</dd>
<dt>Installments</dt><dd data-testid="installment-count">${escapeHtml(payment.installmentCount)}</dd>
<dt>Total</dt><dd data-testid="total-amount">${escapeHtml(payment.totalAmount)}</dd>
<dt>Payment</dt><dd data-testid="payment-id">${escapeHtml(paymentId)}</dd>
</dl>`,
        ),
      );
    };

  // GET /shop/buy — the shop's "Pay" button: create the checkout and send the browser to it (§5).
  const buy: Handler = async (_request, response, url) => {
    const orderId = `E2E-${randomUUID()}`;
    const expires = url.searchParams.get('expires');
    const created = await kasa('/api/checkout', {
      orderId,
      amount: Number(url.searchParams.get('amount') ?? 1000),
      currency: url.searchParams.get('currency') ?? 'TRY',
      description: 'Two tulip bulbs',
      callback: `${stubUrl}/kasa/callback`,
      returnUrl: `${stubUrl}/shop/thanks?orderId=${encodeURIComponent(orderId)}`,
      maxInstallmentCount: Number(url.searchParams.get('installments') ?? 1),
      interestPaidByCustomer: url.searchParams.get('interest') === '1',
      ...(expires ? { expiresInMinutes: Number(expires) } : {}),
    });
    const checkoutId: unknown = created.json?.checkoutId;
    if (
      created.status !== 200 ||
      typeof checkoutId !== 'string' ||
      !UUID.test(checkoutId) ||
      created.json?.redirectUrl !== `${kasaUrl}/checkout-link/${checkoutId}`
    ) {
      html(
        response,
        502,
        page('Checkout not created', `<h1>Checkout not created</h1><p data-testid="kasa-answer">${escapeHtml(created.status)} ${escapeHtml(created.text)}</p>`),
      ); return;
    }
    checkouts.set(checkoutId, orderId);
    orders.set(orderId, checkoutId);
    response.writeHead(302, { location: created.json.redirectUrl, 'cache-control': 'no-store' }).end();
  };

  // POST /kasa/callback — Kasa's server-to-server notice (§7); only GET /api/checkout is trusted.
  const callback: Handler = async (request, response) => {
    const body = await readBody(request);
    const contentType = request.headers['content-type'] ?? null;
    const signature = typeof request.headers['x-kasa-signature'] === 'string' ? request.headers['x-kasa-signature'] : null;
    const form = new URLSearchParams(body);
    const fieldNames = [...form.keys()];
    const problems: string[] = [];
    if (contentType?.split(';')[0]!.trim().toLowerCase() !== 'application/x-www-form-urlencoded') {
      problems.push(`Content-Type is ${contentType ?? 'missing'}, not application/x-www-form-urlencoded`);
    }
    const badSignature = signature === null ? 'no X-Kasa-Signature header' : signatureProblem(signature, body, merchant.callbackSecret);
    if (badSignature) problems.push(badSignature);
    if ([...fieldNames].sort().join(',') !== [...CALLBACK_FIELDS].sort().join(',')) {
      problems.push(`the form fields are [${fieldNames.join(', ')}], not exactly [${CALLBACK_FIELDS.join(', ')}]`);
    }
    const checkoutId = form.get('checkoutId');
    const sequenceText = form.get('sequence');
    const sequence = sequenceText !== null && /^[1-9]\d*$/.test(sequenceText) ? Number(sequenceText) : null;
    if (!checkoutId || !checkouts.has(checkoutId)) problems.push(`checkoutId ${checkoutId} is not a checkout this shop created`);
    if (sequence === null) problems.push(`sequence ${sequenceText} is not a positive integer`);
    if (!form.get('eventId')) problems.push('eventId is missing or empty');
    if (!['SUCCESS', 'FAILED', 'EXPIRED', 'CANCELLED'].includes(form.get('status') ?? '')) problems.push(`status ${form.get('status')} is not a checkout status`);
    if (!['attempt.succeeded', 'attempt.failed', 'checkout.closed', 'checkout.expired', 'payment.cancelled'].includes(form.get('event') ?? '')) {
      problems.push(`event ${form.get('event')} is not a checkout event`);
    }

    const recorded: RecordedCallback = {
      receivedAt: new Date().toISOString(),
      body,
      contentType,
      signature,
      fieldNames,
      checkoutId,
      status: form.get('status'),
      event: form.get('event'),
      eventId: form.get('eventId'),
      sequence,
      problems,
      checkoutStatus: null,
    };
    if (problems.length === 0) {
      const status = await kasa(`/api/checkout/${encodeURIComponent(checkoutId!)}`);
      recorded.checkoutStatus = { httpStatus: status.status, body: status.json ?? status.text };
    }
    callbacks.push(recorded);
    if (problems.length) response.writeHead(400, { 'content-type': 'text/plain' }).end(problems.join('\n'));
    else response.writeHead(204).end();
  };

  // GET /shop/thanks — the returnUrl: the order's status as GET /api/checkout answers it.
  const thanks: Handler = async (_request, response, url) => {
    const orderId = url.searchParams.get('orderId') ?? '';
    const checkoutId = orders.get(orderId);
    if (!checkoutId) { html(response, 404, page('Unknown order', '<main><h1>Unknown order</h1></main>')); return; }
    const status = await kasa(`/api/checkout/${encodeURIComponent(checkoutId)}`);
    const payment = status.json ?? {};
    const paid = status.status === 200 && payment.status === 'SUCCESS';
    html(
      response,
      200,
      page(
        paid ? 'Thank you' : 'Order not paid',
        `<main><h1>${paid ? 'Thank you for your order' : 'Your order is not paid'}</h1>
<dl>
<dt>Order</dt><dd data-testid="order-id">${escapeHtml(orderId)}</dd>
<dt>Status</dt><dd data-testid="status">${escapeHtml(payment.status)}</dd>
<dt>Installments</dt><dd data-testid="installment-count">${escapeHtml(payment.installmentCount)}</dd>
<dt>Total</dt><dd data-testid="total-amount">${escapeHtml(payment.totalAmount)}</dd>
</dl></main>`,
      ),
    );
  };

  // GET /shop/installment-options — POST /api/installment-options for a test card, by name.
  const installmentOptions: Handler = async (_request, response, url) => {
    const name = url.searchParams.get('card') ?? '';
    if (!Object.hasOwn(cards, name)) { json(response, 400, { error: `unknown test card ${name}` }); return; }
    const max = url.searchParams.get('max');
    const answer = await kasa('/api/installment-options', {
      amount: Number(url.searchParams.get('amount') ?? 1000),
      currency: url.searchParams.get('currency') ?? 'TRY',
      pan: cards[name as CardName].pan,
      interestPaidByCustomer: url.searchParams.get('interest') === '1',
      ...(max ? { maxInstallmentCount: Number(max) } : {}),
    });
    json(response, 200, { httpStatus: answer.status, body: answer.json ?? answer.text });
  };

  // GET /shop/checkouts/{checkoutId} — GET /api/checkout/{checkoutId}.
  const checkoutStatus: Handler = async (_request, response, url) => {
    const checkoutId = decodeURIComponent(url.pathname.slice('/shop/checkouts/'.length));
    const answer = await kasa(`/api/checkout/${encodeURIComponent(checkoutId)}`);
    json(response, 200, { httpStatus: answer.status, body: answer.json ?? answer.text, orderId: checkouts.get(checkoutId) ?? null });
  };

  // POST /shop/checkouts/{checkoutId}/expire — POST /api/checkout/{checkoutId}/expire (the shop cancels the order).
  const expireCheckout: Handler = async (_request, response, url) => {
    const checkoutId = decodeURIComponent(url.pathname.slice('/shop/checkouts/'.length, -'/expire'.length));
    const answer = await kasa(`/api/checkout/${encodeURIComponent(checkoutId)}/expire`, {});
    json(response, 200, { httpStatus: answer.status, body: answer.json ?? answer.text });
  };

  // POST /shop/orders — a checkout link the merchant created in Kasa's dashboard, entered into the shop's
  // orders ({checkoutId, orderId} as JSON), so that its callbacks count as this shop's. Answers what
  // GET /api/checkout/{checkoutId} said; 404 (nothing recorded) unless it knows the link under that orderId.
  const addOrder: Handler = async (request, response) => {
    let body: any = null;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      // answered below
    }
    const { checkoutId, orderId } = body ?? {};
    if (typeof checkoutId !== 'string' || !UUID.test(checkoutId) || typeof orderId !== 'string' || !orderId) {
      json(response, 400, { error: 'send {"checkoutId": <UUID>, "orderId": <string>}' }); return;
    }
    const status = await kasa(`/api/checkout/${encodeURIComponent(checkoutId)}`);
    const answer = { httpStatus: status.status, body: status.json ?? status.text };
    if (status.status !== 200 || status.json?.orderId !== orderId) { json(response, 404, answer); return; }
    checkouts.set(checkoutId, orderId);
    orders.set(orderId, checkoutId);
    json(response, 200, answer);
  };

  // GET /kasa/callbacks — what /kasa/callback recorded, for one checkout or all.
  const recordedCallbacks: Handler = (_request, response, url) => {
    const checkoutId = url.searchParams.get('checkoutId');
    json(response, 200, { callbacks: checkoutId ? callbacks.filter((c) => c.checkoutId === checkoutId) : callbacks });
  };

  const routes: Partial<Record<string, Handler>> = {
    'GET /pay': pay,
    'POST /3ds/success': returned('success'),
    'POST /3ds/failure': returned('failure'),
    'GET /shop/buy': buy,
    'POST /kasa/callback': callback,
    'GET /shop/thanks': thanks,
    'GET /shop/installment-options': installmentOptions,
    'GET /kasa/callbacks': recordedCallbacks,
    'POST /shop/orders': addOrder,
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', stubUrl);
    const route = `${request.method} ${url.pathname}`;
    const handler =
      routes[route] ??
      (/^GET \/shop\/checkouts\/[^/]+$/.test(route) ? checkoutStatus : /^POST \/shop\/checkouts\/[^/]+\/expire$/.test(route) ? expireCheckout : undefined);
    Promise.resolve()
      .then(() => (handler ? handler(request, response, url) : void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')))
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`merchant stub error: ${(error as Error).message}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { resolve(); });
  });
  stubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: stubUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => { resolve(); });
      }),
  };
}
