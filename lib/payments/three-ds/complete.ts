import { and, eq } from 'drizzle-orm';
import type { CardData, ThreeDSecureAuthentication } from '../../acquirer';
import { routeOfPayment } from '../../banks/routing';
import { digestsEqual, keyedHash, unseal } from '../../crypto';
import type { Database } from '../../db/client';
import { cardVault, payments, threeDsSessions, type Merchant, type Payment } from '../../db/schema';
import { AppError } from '../../errors';
import { authorizationOutcome, callAcquirer, outcomeUnknown, releaseLateAuthorization } from '../authorize';
import { isUuid } from '../../crypto';
import { paymentNotFound } from '../queries';
import { recordPaymentEvent } from '../events';
import type { PaymentFollowUp } from '../follow-up';
import { priceCharge, pricingFor } from '../pricing';
import { failEnrolledPayment } from './fail';
import { firstRow } from '../../rows';

/** Wrong security keys at completion before the payment fails. */
export const MAX_WRONG_KEYS = 5;

type CompletionStep =
  | { kind: 'final'; payment: Payment }
  | { kind: 'authorize'; payment: Payment; card: CardData; authentication?: ThreeDSecureAuthentication; interestPaidByCustomer: boolean }
  | { kind: 'in-flight' }
  | { kind: 'rejected'; error: AppError };

/**
 * Completes a 3-D Secure payment with the securityKey the issuer page produced. The session row is
 * locked while deciding; an authenticated one is marked PROCESSING before the bank is called, so of
 * concurrent completions exactly one authorizes and the others return its final result. Repeating a
 * completed call with the same key returns the same result.
 */
export async function completeThreeDs({
  db,
  merchant,
  paymentId,
  securityKey,
  followUp,
}: {
  db: Database;
  merchant: Merchant;
  paymentId: string;
  securityKey: string;
  followUp: PaymentFollowUp;
}): Promise<Payment> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const presentedHash = keyedHash('security-key', securityKey);
  for (let attempt = 0; ; attempt++) {
    const step = await db.transaction((tx) => decideCompletion(tx, merchant, paymentId, presentedHash, followUp));
    if (step.kind === 'final') return step.payment;
    if (step.kind === 'rejected') throw step.error;
    if (step.kind === 'in-flight') {
      // Another request holds the authorization: wait for its result rather than answer twice.
      if (attempt >= 100) throw new AppError('REQUEST_IN_PROGRESS', 'This payment is being authorized; retry shortly');
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    return authorizeAuthenticated(db, merchant, step, followUp);
  }
}

async function decideCompletion(tx: Database, merchant: Merchant, paymentId: string, presentedHash: string, followUp: PaymentFollowUp): Promise<CompletionStep> {
  const row = firstRow(await tx
    .select({ session: threeDsSessions, payment: payments })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .where(and(eq(threeDsSessions.paymentId, paymentId), eq(threeDsSessions.merchantId, merchant.id)))
    .for('update'));
  if (!row) throw paymentNotFound();
  const { session, payment } = row;
  const keyMatches = session.securityKeyHash !== null && digestsEqual(session.securityKeyHash, presentedHash);

  if (payment.status === 'PROCESSING') return { kind: 'in-flight' };
  if (payment.status !== 'ENROLLED') {
    return keyMatches ? { kind: 'final', payment } : { kind: 'rejected', error: invalidSecurityKey() };
  }
  if (session.expiresAt.getTime() <= Date.now()) {
    await failEnrolledPayment(tx, paymentId, 'THREE_DS_EXPIRED', '3-D Secure authentication was not completed in time', followUp);
    return { kind: 'rejected', error: new AppError('INVALID_STATE', 'This 3-D Secure authentication has expired') };
  }
  if (!keyMatches) {
    const wrongKeys = session.wrongKeys + 1;
    await tx.update(threeDsSessions).set({ wrongKeys }).where(eq(threeDsSessions.paymentId, paymentId));
    if (wrongKeys >= MAX_WRONG_KEYS) {
      await failEnrolledPayment(tx, paymentId, 'THREE_DS_KEY_ATTEMPTS_EXCEEDED', 'Too many wrong security keys', followUp);
    }
    return { kind: 'rejected', error: invalidSecurityKey() };
  }
  if (session.outcome === 'FAILED') {
    const failed = await failEnrolledPayment(tx, paymentId, 'THREE_DS_AUTH_FAILED', '3-D Secure authentication failed', followUp);
    return { kind: 'final', payment: failed };
  }

  const vaulted = firstRow(await tx.select().from(cardVault).where(eq(cardVault.paymentId, paymentId)));
  if (!vaulted) {
    const failed = await failEnrolledPayment(tx, paymentId, 'THREE_DS_EXPIRED', 'The card data for this payment is gone', followUp);
    return { kind: 'final', payment: failed };
  }
  const card = JSON.parse(unseal('card-data', vaulted.sealedCard, paymentId)) as CardData;
  // What a bank's 3-D gate gave: its authorization names the card by it.
  const authentication = session.sealedAuthentication
    ? (JSON.parse(unseal('three-ds-authentication', session.sealedAuthentication, paymentId)) as ThreeDSecureAuthentication)
    : undefined;
  const [processing] = await tx
    .update(payments)
    .set({ status: 'PROCESSING', processingStartedAt: new Date() })
    .where(eq(payments.id, paymentId))
    .returning();
  return { kind: 'authorize', payment: processing, card, authentication, interestPaidByCustomer: session.interestPaidByCustomer };
}

async function authorizeAuthenticated(
  db: Database,
  merchant: Merchant,
  step: Extract<CompletionStep, { kind: 'authorize' }>,
  followUp: PaymentFollowUp,
): Promise<Payment> {
  const { payment, card } = step;
  const route = await routeOfPayment(db, payment);
  const charge = priceCharge({
    pricing: pricingFor(route),
    profile: payment,
    amountMinor: payment.amount,
    installmentCount: payment.installmentCount,
    interestPaidByCustomer: step.interestPaidByCustomer,
  });
  const result = await callAcquirer(() =>
    route.acquirer.authorize({
      paymentId: payment.id,
      card,
      amountMinor: charge.totalMinor,
      currency: payment.currency,
      installmentCount: payment.installmentCount,
      transactionType: 'SALE',
      threeDSecure: step.authentication ? { authenticated: true, authentication: step.authentication } : { authenticated: true },
      ipAddress: payment.requestIp,
    }),
  );
  if (!result) {
    // The card data stays sealed until the recovery job settles the payment (it deletes it then).
    return outcomeUnknown(db, payment.id);
  }
  const settled = await db.transaction(async (tx) => {
    await tx.delete(cardVault).where(eq(cardVault.paymentId, payment.id));
    await tx.update(threeDsSessions).set({ completedAt: new Date() }).where(eq(threeDsSessions.paymentId, payment.id));
    // Only a payment still PROCESSING is settled: one the recovery job already failed stays failed.
    const final = firstRow(await tx
      .update(payments)
      .set(authorizationOutcome(result, charge, 'SALE', merchant))
      .where(and(eq(payments.id, payment.id), eq(payments.status, 'PROCESSING')))
      .returning());
    if (final) {
      await recordPaymentEvent(tx, final);
      await followUp.settled(tx, final);
    }
    return final ?? null;
  });
  return settled ?? (await releaseLateAuthorization(db, route.acquirer, payment.id, result, charge));
}


function invalidSecurityKey(): AppError {
  return new AppError('INVALID_SECURITY_KEY', 'The security key is not valid for this payment', [
    { field: 'securityKey', code: 'INVALID_SECURITY_KEY', message: 'Use the securityKey posted to your successUrl or failureUrl' },
  ]);
}
