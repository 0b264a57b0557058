import { and, eq, sql } from 'drizzle-orm';
import { gateReturnPaymentId, type CardData, type GateForm } from '../../acquirer';
import { routeOfPayment } from '../../banks/routing';
import { config } from '../../config';
import { isUuid, keyedHash, randomToken, seal, unseal } from '../../crypto';
import type { Database } from '../../db/client';
import { cardVault, payments, threeDsSessions } from '../../db/schema';
import { autoPostForm, html, raw, toMarkup } from '../../html';
import { logger } from '../../log';
import { firstRow } from '../../rows';
import { BANK_RETURN_PATH } from './enroll';
import { openChallengeOf, type ChallengeAnswer } from './challenge';

/**
 * 3-D Secure on a bank's own gate (NestPay's "3D" model). The enrollment's htmlContent posts the
 * opaque reference to Kasa's gate page, which answers the bank's gate form with the card from the
 * vault; the shopper authenticates at the bank; the bank posts the outcome back to Kasa's return page,
 * where the adapter checks the bank's signature. Only then does the shopper go on to successUrl or
 * failureUrl with a fresh securityKey, exactly as with the sandbox issuer.
 */

/** The bank gate form for an open challenge, or null (unknown, finished or expired reference). */
export async function openBankGate({
  db,
  reference,
  lang,
}: {
  db: Database;
  reference: string;
  lang: 'tr' | 'en';
}): Promise<{ form: GateForm; frameOrigins: string[] } | null> {
  const row = firstRow(await db
    .select({ payment: payments, sealedCard: cardVault.sealedCard, successUrl: threeDsSessions.successUrl, failureUrl: threeDsSessions.failureUrl })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .innerJoin(cardVault, eq(cardVault.paymentId, threeDsSessions.paymentId))
    .where(openChallengeOf(reference)));
  if (!row || row.payment.bankAccountId === null) return null;
  const { payment } = row;
  const { threeDs } = (await routeOfPayment(db, payment)).acquirer;
  if (threeDs.kind !== 'gate') return null;
  const card = JSON.parse(unseal('card-data', row.sealedCard, payment.id)) as CardData;
  const form = threeDs.gateForm({
    paymentId: payment.id,
    card,
    amountMinor: payment.amount + payment.interestAmount,
    currency: payment.currency,
    installmentCount: payment.installmentCount,
    transactionType: payment.transactionType,
    returnUrl: `${config.publicBaseUrl}${BANK_RETURN_PATH}`,
    lang,
  });
  // Framed, like the sandbox issuer, by the checkout or by the merchant's page that shows htmlContent.
  return { form, frameOrigins: [...new Set([row.successUrl, row.failureUrl].map((url) => new URL(url).origin))] };
}

/** The session of a payment, while its challenge is open (not answered, not expired). */
const openChallengeOfPayment = (paymentId: string) =>
  and(eq(threeDsSessions.paymentId, paymentId), eq(threeDsSessions.outcome, 'CHALLENGE'), sql`${threeDsSessions.expiresAt} > now()`);

/**
 * The bank's post back from its gate. Its signature, client, order and amount are checked by the
 * adapter: a forged, altered or unsigned post fails the challenge (nobody may forge a success), and
 * so does the bank's own "not authenticated". One conditional UPDATE decides, so a replayed post finds
 * the challenge closed.
 */
export async function acceptBankReturn({ db, fields }: { db: Database; fields: Record<string, string> }): Promise<ChallengeAnswer> {
  const paymentId = gateReturnPaymentId(fields);
  if (!paymentId || !isUuid(paymentId)) return { kind: 'closed' };
  const open = firstRow(await db
    .select({ payment: payments })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .where(openChallengeOfPayment(paymentId)));
  if (open?.payment.bankAccountId == null) return { kind: 'closed' };
  const { payment } = open;
  const { threeDs } = (await routeOfPayment(db, payment)).acquirer;
  if (threeDs.kind !== 'gate') return { kind: 'closed' };

  const verdict = threeDs.verifyReturn(fields, { paymentId, amountMinor: payment.amount + payment.interestAmount, currency: payment.currency });
  const authenticated = verdict.authentic && verdict.authenticated;
  if (!verdict.authentic) logger.warn({ paymentId, reason: verdict.reason }, 'a 3-D return post failed verification');
  const securityKey = randomToken(32);
  return db.transaction(async (tx) => {
    const session = firstRow(await tx
      .update(threeDsSessions)
      .set({
        outcome: authenticated ? 'AUTHENTICATED' : 'FAILED',
        securityKeyHash: keyedHash('security-key', securityKey),
        sealedAuthentication: authenticated ? seal('three-ds-authentication', JSON.stringify(verdict.authentication), paymentId) : null,
      })
      .where(openChallengeOfPayment(paymentId))
      .returning());
    if (!session) return { kind: 'closed' as const };
    // A failed challenge will never be authorized: its card data goes now.
    if (!authenticated) await tx.delete(cardVault).where(eq(cardVault.paymentId, paymentId));
    return {
      kind: 'finished' as const,
      authenticated,
      postTo: authenticated ? session.successUrl : session.failureUrl,
      fields: { paymentId, securityKey },
    };
  });
}

const pageStyles = `body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1e293b;background:#f1f5f9}
main{max-width:420px;margin:0 auto;padding:24px 16px}h1{font-size:18px;margin:0 0 8px}button{font-size:15px;padding:8px 14px}`;

/** Kasa's own pages around a bank's gate: they say where the shopper is going, and post the form. */
export function renderBankPage(options: { nonce: string; title: string; form?: { action: string; fields: Record<string, string>; buttonLabel: string; message: string }; text?: string }): string {
  return toMarkup(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${options.title}</title><style nonce="${options.nonce}">${raw(pageStyles)}</style></head>
<body><main><h1>${options.title}</h1>${options.form ? autoPostForm({ ...options.form, nonce: options.nonce }) : html`<p>${options.text ?? ''}</p>`}</main></body></html>`);
}
