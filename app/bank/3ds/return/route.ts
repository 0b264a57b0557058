import { database } from '@/lib/db/client';
import { readSmallForm } from '@/lib/http/request';
import { runRoute } from '@/lib/http/route';
import { htmlResponse } from '@/lib/http/respond';
import { acceptBankReturn, renderBankPage } from '@/lib/payments/three-ds/bank-gate';

// POST /bank/3ds/return — the bank's 3-D gate posts the shopper's outcome here (okUrl and failUrl):
// checked against the bank's signature, then the shopper goes on to successUrl or failureUrl.
export const POST = (request: Request) =>
  runRoute(request, async () => {
    const form = await readSmallForm(request);
    const fields: Record<string, string> = {};
    form?.forEach((value, name) => {
      if (typeof value === 'string') fields[name] = value;
    });
    const answer = await acceptBankReturn({ db: await database(), fields });
    if (answer.kind !== 'finished') {
      return htmlResponse(
        (nonce) => renderBankPage({ nonce, title: 'This verification is no longer open', text: 'It was already completed, or it expired. Return to the merchant and start the payment again.' }),
        { status: 410, frameAncestors: "'self'" },
      );
    }
    return htmlResponse(
      (nonce) =>
        renderBankPage({
          nonce,
          title: answer.authenticated ? 'Payment verified' : 'Verification failed',
          form: { action: answer.postTo, fields: answer.fields, buttonLabel: 'Return to the merchant', message: 'Returning you to the merchant…' },
        }),
      { formTargets: [answer.postTo], frameAncestors: `'self' ${new URL(answer.postTo).origin}` },
    );
  });
