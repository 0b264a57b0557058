import { randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { acquirer, type CardData } from '../acquirer';
import { lookupCard } from '../cards';
import { digestsEqual, keyedHash, randomToken, seal, unseal } from '../crypto';
import type { Database } from '../db/client';
import { cardVault, merchants, payments, threeDsSessions, type Merchant, type Payment } from '../db/schema';
import { AppError } from '../errors';
import { assertAcquirerConfigured } from '../live-mode';
import { autoPostForm, html, toMarkup } from '../html';
import type { ThreeDsEnrollmentResponse, ThreeDsRequest } from '../schemas/three-ds';
import { merchantAmountMinor } from './amount';
import { authorizationOutcome, callAcquirer, duplicateOrder, newPaymentRow, releaseLateAuthorization } from './authorize';
import { isUuid } from '../crypto';
import { paymentNotFound } from './queries';
import { orderIsHeld } from './orders';
import { recordCheckoutAttempt } from '../checkout/attempts';
import { recordPaymentEvent } from '../events/payment-events';
import { priceCharge, pricingFor, quoteInstallments } from './pricing';

/** An enrollment must be completed within 15 minutes; then its card data is gone. */
export const THREE_DS_LIFETIME_MS = 15 * 60 * 1000;
/** Wrong verification codes on the issuer page before the challenge fails. */
export const MAX_WRONG_CODES = 3;
/** Wrong security keys at completion before the payment fails. */
export const MAX_WRONG_KEYS = 5;

/**
 * Starts a 3-D Secure payment: prices it (installments must be one of the card's options), asks the
 * directory server whether the card is enrolled, and for an enrolled card stores the payment as
 * ENROLLED with its card data sealed in the vault until completion. Shared by POST /api/3ds and the
 * hosted checkout.
 */
export async function enrollThreeDs({
  db,
  merchant,
  request,
}: {
  db: Database;
  merchant: Merchant;
  request: ThreeDsRequest & { checkoutId?: string };
}): Promise<{ payment: Payment; response: ThreeDsEnrollmentResponse; challenge: Challenge | null }> {
  assertAcquirerConfigured(merchant);
  const amountMinor = merchantAmountMinor(merchant, request.amount, request.currency);
  const profile = lookupCard(request.pan);
  if (!profile) throw AppError.field('pan', 'INVALID_PAN', 'Card number is not valid');
  const pricing = pricingFor(merchant);
  const { installmentCount, interestPaidByCustomer } = request;
  if (installmentCount > 1) {
    const options = quoteInstallments({ pricing, panOrBin: request.pan, amountMinor, maxInstallmentCount: 12, interestPaidByCustomer });
    if (!options.some((option) => option.installmentCount === installmentCount)) {
      throw AppError.field('installmentCount', 'INSTALLMENT_NOT_AVAILABLE', 'This card does not offer that installment count for this amount');
    }
  }
  const charge = priceCharge({ pricing, profile, amountMinor, installmentCount, interestPaidByCustomer });
  const paymentId = randomUUID();
  const row = { paymentId, merchant, request, profile, amountMinor, charge, transactionType: 'SALE' as const };

  const enrollment = await acquirer().checkEnrollment(request);
  if (!enrollment.enrolled) {
    // Recorded as a FAILED payment, which never holds an order, so the duplicate check comes first.
    if (await orderIsHeld(db, merchant.id, request.orderId)) throw duplicateOrder(request.orderId);
    const payment = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(payments)
        .values({
          ...newPaymentRow({ ...row, status: 'FAILED' }),
          checkoutId: request.checkoutId,
          resultCode: enrollment.resultCode,
          resultMessage: enrollment.resultMessage,
        })
        .returning();
      await recordPaymentEvent(tx, inserted!);
      return inserted;
    });
    return {
      payment: payment!,
      response: { paymentId, success: false, resultCode: enrollment.resultCode, resultMessage: enrollment.resultMessage, htmlContent: null },
      challenge: null,
    };
  }

  const reference = randomToken(32);
  const expiresAt = new Date(Date.now() + THREE_DS_LIFETIME_MS);
  const payment = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(payments)
      .values({
        ...newPaymentRow({ ...row, status: 'ENROLLED' }),
        checkoutId: request.checkoutId,
        resultMessage: 'Waiting for 3-D Secure authentication',
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) return null;
    await tx.insert(threeDsSessions).values({
      paymentId,
      merchantId: merchant.id,
      challengeReferenceHash: keyedHash('challenge-reference', reference),
      interestPaidByCustomer,
      successUrl: request.successUrl,
      failureUrl: request.failureUrl,
      expiresAt,
    });
    const card: CardData = {
      pan: request.pan,
      expiryMonth: request.expiryMonth,
      expiryYear: request.expiryYear,
      cvv: request.cvv,
      cardHolderName: request.cardHolderName,
    };
    await tx.insert(cardVault).values({ paymentId, sealedCard: seal('card-data', JSON.stringify(card), paymentId), expiresAt });
    return inserted;
  });
  if (!payment) throw duplicateOrder(request.orderId);

  const challenge: Challenge = { url: enrollment.challengeUrl, fields: { reference } };
  const htmlContent = toMarkup(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>3-D Secure</title></head>
<body>${autoPostForm({
    action: challenge.url,
    fields: challenge.fields,
    buttonLabel: 'Continue to your bank',
    message: 'Connecting to your bank for 3-D Secure verification…',
  })}</body></html>`);
  return {
    payment,
    response: { paymentId, success: true, resultCode: 'SUCCESS', resultMessage: 'Card is enrolled: show htmlContent to the shopper', htmlContent },
    challenge,
  };
}

/** Where the shopper's browser POSTs to open the issuer's challenge: only an opaque reference travels. */
export interface Challenge {
  url: string;
  fields: Record<string, string>;
}

/** What the issuer page shows about the payment being authenticated. */
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

/** The open challenge a reference names, or null (unknown, finished or expired). */
export async function findOpenChallenge({ db, reference }: { db: Database; reference: string }): Promise<ChallengeView | null> {
  const [row] = await db
    .select({ session: threeDsSessions, payment: payments, merchantName: merchants.name })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .innerJoin(merchants, eq(merchants.id, threeDsSessions.merchantId))
    .where(
      and(
        eq(threeDsSessions.challengeReferenceHash, keyedHash('challenge-reference', reference)),
        eq(threeDsSessions.outcome, 'CHALLENGE'),
        sql`${threeDsSessions.expiresAt} > now()`,
      ),
    );
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
    const [session] = await tx
      .update(threeDsSessions)
      .set({
        wrongCodes: sql`${threeDsSessions.wrongCodes} + ${wrong}`,
        outcome: newOutcome,
        securityKeyHash: sql`case when ${newOutcome} <> 'CHALLENGE' then ${keyHash} else null end`,
      })
      .where(
        and(
          eq(threeDsSessions.challengeReferenceHash, keyedHash('challenge-reference', reference)),
          eq(threeDsSessions.outcome, 'CHALLENGE'),
          sql`${threeDsSessions.expiresAt} > now()`,
        ),
      )
      .returning();
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

type CompletionStep =
  | { kind: 'final'; payment: Payment }
  | { kind: 'authorize'; payment: Payment; card: CardData; interestPaidByCustomer: boolean }
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
}: {
  db: Database;
  merchant: Merchant;
  paymentId: string;
  securityKey: string;
}): Promise<Payment> {
  if (!isUuid(paymentId)) throw paymentNotFound();
  const presentedHash = keyedHash('security-key', securityKey);
  for (let attempt = 0; ; attempt++) {
    const step = await db.transaction((tx) => decideCompletion(tx, merchant, paymentId, presentedHash));
    if (step.kind === 'final') return step.payment;
    if (step.kind === 'rejected') throw step.error;
    if (step.kind === 'in-flight') {
      // Another request holds the authorization: wait for its result rather than answer twice.
      if (attempt >= 100) throw new AppError('REQUEST_IN_PROGRESS', 'This payment is being authorized; retry shortly');
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    return authorizeAuthenticated(db, merchant, step);
  }
}

async function decideCompletion(tx: Database, merchant: Merchant, paymentId: string, presentedHash: string): Promise<CompletionStep> {
  const [row] = await tx
    .select({ session: threeDsSessions, payment: payments })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .where(and(eq(threeDsSessions.paymentId, paymentId), eq(threeDsSessions.merchantId, merchant.id)))
    .for('update');
  if (!row) throw paymentNotFound();
  const { session, payment } = row;
  const keyMatches = session.securityKeyHash !== null && digestsEqual(session.securityKeyHash, presentedHash);

  if (payment.status === 'PROCESSING') return { kind: 'in-flight' };
  if (payment.status !== 'ENROLLED') {
    return keyMatches ? { kind: 'final', payment } : { kind: 'rejected', error: invalidSecurityKey() };
  }
  if (session.expiresAt.getTime() <= Date.now()) {
    await failEnrolledPayment(tx, paymentId, 'THREE_DS_EXPIRED', '3-D Secure authentication was not completed in time');
    return { kind: 'rejected', error: new AppError('INVALID_STATE', 'This 3-D Secure authentication has expired') };
  }
  if (!keyMatches) {
    const wrongKeys = session.wrongKeys + 1;
    await tx.update(threeDsSessions).set({ wrongKeys }).where(eq(threeDsSessions.paymentId, paymentId));
    if (wrongKeys >= MAX_WRONG_KEYS) {
      await failEnrolledPayment(tx, paymentId, 'THREE_DS_KEY_ATTEMPTS_EXCEEDED', 'Too many wrong security keys');
    }
    return { kind: 'rejected', error: invalidSecurityKey() };
  }
  if (session.outcome === 'FAILED') {
    const failed = await failEnrolledPayment(tx, paymentId, 'THREE_DS_AUTH_FAILED', '3-D Secure authentication failed');
    return { kind: 'final', payment: failed };
  }

  const [vaulted] = await tx.select().from(cardVault).where(eq(cardVault.paymentId, paymentId));
  if (!vaulted) {
    const failed = await failEnrolledPayment(tx, paymentId, 'THREE_DS_EXPIRED', 'The card data for this payment is gone');
    return { kind: 'final', payment: failed };
  }
  const card = JSON.parse(unseal('card-data', vaulted.sealedCard, paymentId)) as CardData;
  const [processing] = await tx
    .update(payments)
    .set({ status: 'PROCESSING', processingStartedAt: new Date() })
    .where(eq(payments.id, paymentId))
    .returning();
  return { kind: 'authorize', payment: processing!, card, interestPaidByCustomer: session.interestPaidByCustomer };
}

async function authorizeAuthenticated(
  db: Database,
  merchant: Merchant,
  step: Extract<CompletionStep, { kind: 'authorize' }>,
): Promise<Payment> {
  const { payment, card } = step;
  const charge = priceCharge({
    pricing: pricingFor(merchant),
    profile: payment,
    amountMinor: payment.amount,
    installmentCount: payment.installmentCount,
    interestPaidByCustomer: step.interestPaidByCustomer,
  });
  const result = await callAcquirer(() =>
    acquirer().authorize({
      paymentId: payment.id,
      card,
      amountMinor: charge.totalMinor,
      currency: payment.currency,
      installmentCount: payment.installmentCount,
      transactionType: 'SALE',
      threeDSecure: { authenticated: true },
    }),
  );
  const settled = await db.transaction(async (tx) => {
    await tx.delete(cardVault).where(eq(cardVault.paymentId, payment.id));
    await tx.update(threeDsSessions).set({ completedAt: new Date() }).where(eq(threeDsSessions.paymentId, payment.id));
    // Only a payment still PROCESSING is settled: one the recovery job already failed stays failed.
    const [final] = await tx
      .update(payments)
      .set(authorizationOutcome(result, charge, 'SALE', merchant))
      .where(and(eq(payments.id, payment.id), eq(payments.status, 'PROCESSING')))
      .returning();
    if (final) {
      await recordPaymentEvent(tx, final);
      await recordCheckoutAttempt(tx, final);
    }
    return final ?? null;
  });
  return settled ?? (await releaseLateAuthorization(db, payment.id, result, charge));
}

/**
 * Fails an ENROLLED payment for good: its card data goes and an open issuer page closes. The failure
 * counts as a processed attempt of its checkout, unless a newer attempt superseded it or the link was ended.
 */
export async function failEnrolledPayment(
  tx: Database,
  paymentId: string,
  resultCode: string,
  resultMessage: string,
): Promise<Payment> {
  await tx.delete(cardVault).where(eq(cardVault.paymentId, paymentId));
  await tx
    .update(threeDsSessions)
    .set({ completedAt: new Date(), outcome: sql`case when ${threeDsSessions.outcome} = 'CHALLENGE' then 'FAILED' else ${threeDsSessions.outcome} end` })
    .where(eq(threeDsSessions.paymentId, paymentId));
  const [failed] = await tx
    .update(payments)
    .set({ status: 'FAILED', resultCode, resultMessage, merchantCommission: 0 })
    .where(eq(payments.id, paymentId))
    .returning();
  if (resultCode !== SUPERSEDED) {
    await recordPaymentEvent(tx, failed!);
    // An attempt the merchant's expiry ended is no failed attempt of the shopper's.
    if (resultCode !== CHECKOUT_EXPIRED) await recordCheckoutAttempt(tx, failed!);
  }
  return failed!;
}

/** The result code of an unfinished checkout attempt replaced by the shopper's next one. */
export const SUPERSEDED = 'SUPERSEDED';
/** The result code of an unfinished checkout attempt whose link the merchant ended (its callback is checkout.expired). */
export const CHECKOUT_EXPIRED = 'CHECKOUT_EXPIRED';

function invalidSecurityKey(): AppError {
  return new AppError('INVALID_SECURITY_KEY', 'The security key is not valid for this payment', [
    { field: 'securityKey', code: 'INVALID_SECURITY_KEY', message: 'Use the securityKey posted to your successUrl or failureUrl' },
  ]);
}

/** Housekeeping: enrollments past their 15 minutes fail, and their card data is deleted. */
export async function expireThreeDsEnrollments(db: Database): Promise<number> {
  const expired = await db
    .select({ paymentId: threeDsSessions.paymentId })
    .from(threeDsSessions)
    .innerJoin(payments, eq(payments.id, threeDsSessions.paymentId))
    .where(and(eq(payments.status, 'ENROLLED'), lt(threeDsSessions.expiresAt, sql`now()`)));
  for (const { paymentId } of expired) {
    await db.transaction(async (tx) => {
      const [still] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.id, paymentId), eq(payments.status, 'ENROLLED')))
        .for('update');
      if (still) await failEnrolledPayment(tx, paymentId, 'THREE_DS_EXPIRED', '3-D Secure authentication was not completed in time');
    });
  }
  // Vault rows can outlive nothing: anything past its expiry goes, whatever its payment's state.
  await db.delete(cardVault).where(lt(cardVault.expiresAt, sql`now()`));
  return expired.length;
}

