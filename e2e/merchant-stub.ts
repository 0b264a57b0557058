/**
 * A tiny merchant site for the browser specs, integrated the way §5 tells a merchant to:
 *   GET  /pay?card=<name in tests/support/cards.ts>&installments=<n>[&interest=1][&amount=…]
 *        → POST /api/3ds (successUrl/failureUrl pointing back here) and answers the returned htmlContent,
 *          so the browser goes on to the issuer's 3-D Secure page;
 *   POST /3ds/success, POST /3ds/failure (form fields paymentId, securityKey)
 *        → POST /api/3ds/{paymentId}/complete and a small result page.
 * Card numbers come from tests/support/cards.ts by name, so none travels in a URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cards, type CardName } from '../tests/support/cards';
import type { MerchantCredentials } from '../tests/support/context';
import { paymentRequest } from '../tests/support/requests';

export interface MerchantStub {
  url: string;
  close(): Promise<void>;
}

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · E2E Shop</title></head><body>${body}</body></html>`;
}

async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startMerchantStub({ kasaUrl, merchant }: { kasaUrl: string; merchant: MerchantCredentials }): Promise<MerchantStub> {
  let stubUrl = '';

  const kasa = async (path: string, body: unknown) => {
    const response = await fetch(`${kasaUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': merchant.apiKey, 'x-api-secret': merchant.apiSecret },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };

  const pay = async (url: URL, response: http.ServerResponse) => {
    const name = url.searchParams.get('card') ?? 'world';
    if (!Object.hasOwn(cards, name)) {
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Unknown card', `<h1>Unknown test card ${escapeHtml(name)}</h1>`));
      return;
    }
    const card = cards[name as CardName];
    const enrollment = await kasa('/api/3ds', {
      ...paymentRequest({ amount: Number(url.searchParams.get('amount') ?? 1000) }, card),
      installmentCount: Number(url.searchParams.get('installments') ?? 1),
      interestPaidByCustomer: url.searchParams.get('interest') === '1',
      successUrl: `${stubUrl}/3ds/success`,
      failureUrl: `${stubUrl}/3ds/failure`,
    });
    if (enrollment.status === 200 && enrollment.json?.success === true && typeof enrollment.json.htmlContent === 'string') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(enrollment.json.htmlContent);
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page('Not enrolled', `<h1>3-D Secure not started</h1><p data-testid="enrollment">${escapeHtml(enrollment.status)} ${escapeHtml(enrollment.text)}</p>`));
  };

  const returned = async (outcome: 'success' | 'failure', request: http.IncomingMessage, response: http.ServerResponse) => {
    const form = await readForm(request);
    const paymentId = form.get('paymentId') ?? '';
    const completion = await kasa(`/api/3ds/${encodeURIComponent(paymentId)}/complete`, { securityKey: form.get('securityKey') ?? '' });
    const payment = completion.json ?? {};
    const successful = completion.status === 200 && payment.status === 'SUCCESS';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
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

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', stubUrl);
    const route = `${request.method} ${url.pathname}`;
    const handle =
      route === 'GET /pay'
        ? pay(url, response)
        : route === 'POST /3ds/success'
          ? returned('success', request, response)
          : route === 'POST /3ds/failure'
            ? returned('failure', request, response)
            : Promise.resolve(void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
    handle.catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`merchant stub error: ${error.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  stubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: stubUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
