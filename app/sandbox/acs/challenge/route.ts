import { isSandboxVerificationCode, issuerFrameAncestors, renderChallengePage, renderClosedPage, renderReturnPage } from '@/lib/acquirer/sandbox-acs';
import { database } from '@/lib/db/client';
import { formString, readSmallForm } from '@/lib/http/request';
import { runRoute } from '@/lib/http/route';
import { htmlResponse } from '@/lib/http/respond';
import { assertSandboxIssuer } from '@/lib/payments/live-mode';
import { answerChallenge } from '@/lib/payments';


// POST /sandbox/acs/challenge — the shopper's Submit or Cancel on the sandbox issuer page
export const POST = (request: Request) =>
  runRoute(request, async () => {
    assertSandboxIssuer();
    const form = await readSmallForm(request);
    const reference = form ? formString(form, 'reference') : '';
    if (!form || !reference) return htmlResponse(renderClosedPage, { frameAncestors: issuerFrameAncestors(), status: 400 });
    const action = formString(form, 'action') === 'cancel' ? 'cancel' : 'submit';
    const answer = await answerChallenge({
      db: await database(),
      reference,
      action,
      authenticated: isSandboxVerificationCode(formString(form, 'code', 32)),
    });
    if (answer.kind === 'closed') return htmlResponse(renderClosedPage, { frameAncestors: issuerFrameAncestors(), status: 410 });
    if (answer.kind === 'retry') {
      return htmlResponse((nonce) => renderChallengePage({ nonce, reference, view: answer.view, wrongCode: true }), {
        frameAncestors: issuerFrameAncestors(answer.view.frameOrigins),
      });
    }
    return htmlResponse((nonce) => renderReturnPage({ nonce, ...answer }), {
      frameAncestors: issuerFrameAncestors([new URL(answer.postTo).origin]),
      formTargets: [answer.postTo],
    });
  });
