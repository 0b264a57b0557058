import { completeCheckoutThreeDs } from '@/lib/checkout/complete';
import { database } from '@/lib/db/client';
import { formString, readSmallForm } from '@/lib/http/request';
import { runRoute } from '@/lib/http/route';
import { htmlResponse } from '@/lib/http/respond';
import { html, raw, toMarkup } from '@/lib/html';

// POST /checkout-link/{id}/3ds-return — the issuer page returns here (inside the checkout's iframe):
// complete the payment server side, then move the whole page to its result. No cookies involved.
export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  runRoute(request, async () => {
    const { id } = await params;
    const form = await readSmallForm(request);
    const paymentId = form ? formString(form, 'paymentId', 64) : '';
    const securityKey = form ? formString(form, 'securityKey') : '';
    const settled = await completeCheckoutThreeDs({ db: await database(), checkoutId: id, paymentId, securityKey });
    const target = settled ? `/checkout-link/${id}?result=${settled.paymentId}` : `/checkout-link/${id}`;
    return htmlResponse(
      (nonce) =>
        toMarkup(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Returning…</title></head>
<body><p><a href="${target}" target="_top">Continue</a></p>
<script nonce="${nonce}">window.top.location.replace(${raw(JSON.stringify(target).replace(/</g, '\\u003c'))});</script></body></html>`),
      { frameAncestors: "'self'" },
    );
  });
