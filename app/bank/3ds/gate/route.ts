import { database } from '@/lib/db/client';
import { formString, readSmallForm } from '@/lib/http/request';
import { runRoute } from '@/lib/http/route';
import { htmlResponse } from '@/lib/http/respond';
import { openBankGate, renderBankPage } from '@/lib/payments/three-ds/bank-gate';

const closed = (nonce: string) =>
  renderBankPage({ nonce, title: 'This verification is no longer open', text: 'It was already completed, or it expired. Return to the merchant and start the payment again.' });

// POST /bank/3ds/gate — opened by the enrollment's htmlContent: posts the card to the bank's 3-D gate
export const POST = (request: Request) =>
  runRoute(request, async () => {
    const form = await readSmallForm(request);
    const reference = form ? formString(form, 'reference') : '';
    const lang = request.headers.get('accept-language')?.toLowerCase().startsWith('tr') ? 'tr' : 'en';
    const gate = reference ? await openBankGate({ db: await database(), reference, lang }) : null;
    if (!gate) return htmlResponse(closed, { status: 410, frameAncestors: "'self'" });
    return htmlResponse(
      (nonce) =>
        renderBankPage({
          nonce,
          title: '3-D Secure',
          form: { action: gate.form.url, fields: gate.form.fields, buttonLabel: 'Continue to your bank', message: 'Connecting to your bank for 3-D Secure verification…' },
        }),
      { formTargets: [gate.form.url], frameAncestors: ["'self'", ...gate.frameOrigins].join(' ') },
    );
  });
