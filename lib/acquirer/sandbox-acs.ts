import { timingSafeEqual } from 'node:crypto';
import { autoPostForm, html, raw, toMarkup } from '../html';
import { formatMoney } from '../money';

/**
 * The sandbox issuer's 3-D Secure challenge (ACS) page. Its only state is the opaque reference
 * carried in a hidden field and the database: no cookies, so it works inside a cross-site iframe.
 */

/** What the issuer page shows about the payment being authenticated (the payment domain fills it in). */
export interface ChallengeView {
  merchantName: string;
  totalMinor: number;
  currency: string;
  panMasked: string;
  createdAt: Date;
  attemptsLeft: number;
  /** Origins that may frame the issuer page: Kasa's own, and the merchant's that started it. */
  frameOrigins: string[];
}

export const SANDBOX_VERIFICATION_CODE = '123456';

/**
 * The issuer page may be framed only by Kasa itself (the hosted checkout) and by the merchant that
 * started the payment (its success/failure URLs' origins), the way merchants present htmlContent.
 */
export const issuerFrameAncestors = (merchantOrigins: string[] = []) => ["'self'", ...merchantOrigins].join(' ');

export function isSandboxVerificationCode(code: string): boolean {
  const presented = Buffer.from(code.trim());
  const expected = Buffer.from(SANDBOX_VERIFICATION_CODE);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

const styles = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1e293b;background:#f1f5f9}
main{max-width:420px;margin:0 auto;padding:20px 16px}
.card{background:#fff;border:1px solid #cbd5e1;border-radius:10px;overflow:hidden}
header{display:flex;align-items:center;justify-content:space-between;padding:14px 18px;background:#0c4a6e;color:#fff}
header strong{font-size:16px}.badge{font-size:12px;font-weight:700;letter-spacing:.06em;background:#fbbf24;color:#422006;border-radius:4px;padding:2px 6px}
.body{padding:18px}h1{font-size:18px;margin:0 0 4px}p{margin:0 0 12px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 14px;margin:0 0 16px;font-size:14px}dt{color:#475569}dd{margin:0;font-weight:600}
label{display:block;font-weight:600;margin-bottom:4px}
input{width:100%;font-size:20px;letter-spacing:.2em;padding:8px 10px;border:1px solid #64748b;border-radius:6px}
input:focus,button:focus{outline:3px solid #0284c7;outline-offset:2px}
.hint{font-size:13px;color:#475569;margin-top:6px}.error{color:#b91c1c;font-weight:600}
.actions{display:flex;gap:10px;margin-top:16px}button{flex:1;font-size:15px;font-weight:600;padding:10px;border-radius:6px;cursor:pointer}
.primary{background:#0c4a6e;color:#fff;border:1px solid #0c4a6e}.secondary{background:#fff;color:#0c4a6e;border:1px solid #0c4a6e}`;

function page(nonce: string, title: string, content: ReturnType<typeof html>): string {
  return toMarkup(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Kasa Sandbox Bank</title><style nonce="${nonce}">${raw(styles)}</style></head>
<body><main aria-label="Kasa Sandbox Bank"><div class="card">
<header><strong>Kasa Sandbox Bank</strong><span class="badge">SANDBOX</span></header>
<div class="body">${content}</div></div></main></body></html>`);
}

export function renderChallengePage(options: { nonce: string; reference: string; view: ChallengeView; wrongCode?: boolean }): string {
  const { view } = options;
  const date = view.createdAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return page(
    options.nonce,
    '3-D Secure verification',
    html`<h1>Verify this payment</h1>
<p>Enter the verification code your bank sent you to approve this payment.</p>
<dl><dt>Merchant</dt><dd>${view.merchantName}</dd><dt>Amount</dt><dd>${formatMoney(view.totalMinor, view.currency, 'en-US')}</dd>
<dt>Card</dt><dd>${view.panMasked}</dd><dt>Date</dt><dd>${date}</dd></dl>
<form method="post" action="/sandbox/acs/challenge">
<input type="hidden" name="reference" value="${options.reference}">
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required autofocus
 aria-describedby="code-hint${options.wrongCode ? ' code-error' : ''}"${options.wrongCode ? html` aria-invalid="true"` : ''}>
${options.wrongCode ? html`<p id="code-error" class="error" role="alert">That code is not right. ${view.attemptsLeft} ${view.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.</p>` : ''}
<p id="code-hint" class="hint">Sandbox: the code is ${SANDBOX_VERIFICATION_CODE}. Any other code fails.</p>
<div class="actions"><button class="primary" type="submit" name="action" value="submit">Submit</button>
<button class="secondary" type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div>
</form>`,
  );
}

export function renderReturnPage(options: {
  nonce: string;
  authenticated: boolean;
  postTo: string;
  fields: Record<string, string>;
}): string {
  return page(
    options.nonce,
    options.authenticated ? 'Verified' : 'Not verified',
    html`<h1>${options.authenticated ? 'Payment verified' : 'Verification failed'}</h1>
${autoPostForm({
  action: options.postTo,
  fields: options.fields,
  buttonLabel: 'Return to the merchant',
  message: 'Returning you to the merchant…',
  nonce: options.nonce,
})}`,
  );
}

export function renderClosedPage(nonce: string): string {
  return page(
    nonce,
    'Session closed',
    html`<h1>This verification is no longer open</h1><p>It was already completed, or it expired. Return to the merchant and start the payment again.</p>`,
  );
}
