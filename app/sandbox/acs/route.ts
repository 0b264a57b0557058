import { issuerFrameAncestors, renderChallengePage, renderClosedPage } from '@/lib/acquirer/sandbox-acs';
import { database } from '@/lib/db/client';
import { formString, readSmallForm } from '@/lib/http/request';
import { runRoute } from '@/lib/http/route';
import { htmlResponse } from '@/lib/http/respond';
import { assertSandboxIssuer } from '@/lib/payments/live-mode';
import { findOpenChallenge } from '@/lib/payments';


// POST /sandbox/acs — the sandbox issuer's 3-D Secure page, opened by the enrollment's htmlContent
export const POST = (request: Request) =>
  runRoute(request, async () => {
    assertSandboxIssuer();
    const form = await readSmallForm(request);
    const reference = form ? formString(form, 'reference') : '';
    const view = reference ? await findOpenChallenge({ db: await database(), reference }) : null;
    if (!view) return htmlResponse(renderClosedPage, { frameAncestors: issuerFrameAncestors(), status: 410 });
    return htmlResponse((nonce) => renderChallengePage({ nonce, reference, view }), { frameAncestors: issuerFrameAncestors(view.frameOrigins) });
  });
