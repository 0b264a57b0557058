import { and, eq, sql } from 'drizzle-orm';
import type { ChallengeView } from '../../acquirer/sandbox-acs';
import { keyedHash, randomToken } from '../../crypto';
import type { Database } from '../../db/client';
import { cardVault, merchants, payments, threeDsSessions } from '../../db/schema';
import { firstRow } from '../../rows';

/** Wrong verification codes on the issuer page before the challenge fails. */
export const MAX_WRONG_CODES = 3;

/** The session a challenge reference names, while its challenge is open (not answered, not expired). */
export const openChallengeOf = (reference: string) =>
  and(
    eq(threeDsSessions.challengeReferenceHash, keyedHash('challenge-reference', reference)),
    eq(threeDsSessions.outcome, 'CHALLENGE'),
    sql`${threeDsSessions.expiresAt} > now()`,
  );

/** The open challenge a reference names, or null (unknown, finished or expired). */
export async function findOpenChallenge({ db, reference }: { db: Database; reference: string }): Promise<ChallengeView | null> {
  const row = firstRow(await db
    .select({ session: threeDsSessions, payment: payments, merchantName: merchants.name })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .innerJoin(merchants, eq(merchants.id, threeDsSessions.merchantId))
    .where(openChallengeOf(reference)));
  if (!row) return null;
  return {
    merchantName: row.merchantName,
    totalMinor: row.payment.amount + row.payment.interestAmount,
    currency: row.payment.currency,
    panMasked: row.payment.panMasked,
    createdAt: row.payment.createdAt,
    attemptsLeft: MAX_WRONG_CODES - row.session.wrongCodes,
    frameOrigins: [...new Set([row.session.successUrl, row.session.failureUrl].map((url) => new URL(url).origin))],
  };
}

export type ChallengeAnswer =
  | { kind: 'retry'; view: ChallengeView }
  | { kind: 'finished'; authenticated: boolean; postTo: string; fields: { paymentId: string; securityKey: string } }
  | { kind: 'closed' };

/**
 * The shopper's answer on the issuer page. One conditional UPDATE decides it, so a double submit
 * cannot produce two keys: the right code authenticates, Cancel or the third wrong code fails, and
 * either way a fresh securityKey (stored hashed) goes to successUrl or failureUrl.
 */
export async function answerChallenge({
  db,
  reference,
  action,
  authenticated,
}: {
  db: Database;
  reference: string;
  action: 'submit' | 'cancel';
  /** Whether the issuer accepted the verification code (ignored on cancel). */
  authenticated: boolean;
}): Promise<ChallengeAnswer> {
  const securityKey = randomToken(32);
  const keyHash = keyedHash('security-key', securityKey);
  const wrong = action === 'submit' && !authenticated ? 1 : 0;
  const failedNow = sql`(${action === 'cancel'} or ${threeDsSessions.wrongCodes} + ${wrong} >= ${MAX_WRONG_CODES})`;
  const newOutcome = sql`case when ${action === 'submit' && authenticated} then 'AUTHENTICATED' when ${failedNow} then 'FAILED' else 'CHALLENGE' end`;
  return db.transaction(async (tx) => {
    const session = firstRow(await tx
      .update(threeDsSessions)
      .set({
        wrongCodes: sql`${threeDsSessions.wrongCodes} + ${wrong}`,
        outcome: newOutcome,
        securityKeyHash: sql`case when ${newOutcome} <> 'CHALLENGE' then ${keyHash} else null end`,
      })
      .where(openChallengeOf(reference))
      .returning());
    if (!session) return { kind: 'closed' as const };
    if (session.outcome === 'CHALLENGE') {
      const view = await findOpenChallenge({ db: tx, reference });
      return view ? { kind: 'retry' as const, view } : { kind: 'closed' as const };
    }
    // A failed challenge will never be authorized: its card data goes now.
    if (session.outcome === 'FAILED') await tx.delete(cardVault).where(eq(cardVault.paymentId, session.paymentId));
    const authenticatedNow = session.outcome === 'AUTHENTICATED';
    return {
      kind: 'finished' as const,
      authenticated: authenticatedNow,
      postTo: authenticatedNow ? session.successUrl : session.failureUrl,
      fields: { paymentId: session.paymentId, securityKey },
    };
  });
}
