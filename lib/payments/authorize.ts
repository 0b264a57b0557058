import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AcquirerOutcomeUnknown, type Acquirer, type AuthorizationResult } from '../acquirer';
import { routeCard, sandboxRoute } from '../banks/routing';
import { config } from '../config';
import { lookupCard, maskPan, panBin, panLast4, type CardProfile } from '../cards';
import { keyedHash } from '../crypto';
import type { Database } from '../db/client';
import { reservePayment, settlePayment, writeSandboxPayment, type PaymentSettlement, type ReservedPayment } from './store';
import { payments, type Merchant, type Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { describeError, logger } from '../log';
import type { PaymentRequest } from '../schemas/payment';
import { merchantAmountMinor } from './amount';
import { priceCharge, pricingFor, type Charge } from './pricing';

/**
 * A direct sale or a pre-authorization (no 3-D Secure). For a merchant's bank, the payment row is
 * written as PROCESSING before the bank is called, so the order is reserved (a concurrent duplicate
 * fails on the unique index) and a crash mid-call leaves a row the recovery job settles; the bank's
 * answer then finalizes it. The sandbox bank answers in process, so its payments are written once,
 * settled (takeInSandbox). Card data goes to the acquirer only: the row keeps the masked PAN and a
 * keyed fingerprint.
 */
export async function authorizePayment({
  db,
  merchant,
  request,
  transactionType,
}: {
  db: Database;
  merchant: Merchant;
  request: PaymentRequest;
  transactionType: 'SALE' | 'PRE_AUTHORIZATION';
}): Promise<Payment> {
  const amountMinor = merchantAmountMinor(merchant, request.amount, request.currency);
  const profile = lookupCard(request.pan);
  if (!profile) throw AppError.field('pan', 'INVALID_PAN', 'Card number is not valid');
  const sale = { db, merchant, request, transactionType, profile, amountMinor, paymentId: randomUUID() };
  if (config.mode === 'sandbox') {
    const taken = await takeInSandbox(sale);
    if (taken) return taken;
  }
  const route = await routeCard(db, merchant.id, { loyaltyCode: profile.loyaltyCode, installments: false });
  const charge = priceCharge({ pricing: pricingFor(route), profile, amountMinor, installmentCount: 1, interestPaidByCustomer: false });

  const row = newPaymentRow({ ...sale, charge, status: 'PROCESSING', bankAccountId: route.account?.id ?? null });
  const createdAt = await reservePayment(db, row);
  if (!createdAt) throw duplicateOrder(request.orderId);

  const result = await callAcquirer(() => route.acquirer.authorize(authorizationRequest(sale, charge)));
  if (!result) return outcomeUnknown(db, sale.paymentId);
  const settled = await settlePayment(db, { ...row, createdAt }, authorizationOutcome(result, charge, transactionType, merchant));
  return settled ?? (await releaseLateAuthorization(db, route.acquirer, sale.paymentId, result, charge));
}

interface Sale {
  db: Database;
  merchant: Merchant;
  request: PaymentRequest;
  transactionType: 'SALE' | 'PRE_AUTHORIZATION';
  profile: CardProfile;
  amountMinor: number;
  paymentId: string;
}

const authorizationRequest = ({ paymentId, request, transactionType }: Sale, charge: Charge) => ({
  paymentId,
  card: request,
  amountMinor: charge.totalMinor,
  currency: request.currency,
  installmentCount: 1,
  transactionType,
  ipAddress: request.requestIp,
});

/**
 * A sandbox-mode payment: the sandbox bank answers in process, then the payment is written whole in
 * one statement (writeSandboxPayment), unless the merchant has a bank account. Null then, and
 * routeCard sends the payment to that bank as usual.
 */
async function takeInSandbox(sale: Sale): Promise<Payment | null> {
  const { db, merchant, request, profile, amountMinor, transactionType } = sale;
  const charge = priceCharge({ pricing: pricingFor(sandboxRoute), profile, amountMinor, installmentCount: 1, interestPaidByCustomer: false });
  const result = present(await callAcquirer(() => sandboxRoute.acquirer.authorize(authorizationRequest(sale, charge))), "the sandbox bank's answer");
  const settlement = authorizationOutcome(result, charge, transactionType, merchant);
  const row = newPaymentRow({ ...sale, charge, status: settlement.status, bankAccountId: null });
  const written = await writeSandboxPayment(db, row, settlement);
  if (written.written) return written.payment;
  if (written.reason === 'duplicate-order') throw duplicateOrder(request.orderId);
  return null;
}

/**
 * The bank's answer is lost and its status query could not tell: the payment stays PROCESSING (its
 * orderId held, so a retry cannot charge twice) and answers PENDING; the recovery job asks the bank
 * again and voids what it finds, and the merchant hears the outcome as a payment event.
 */
export async function outcomeUnknown(db: Database, paymentId: string): Promise<Payment> {
  const [pending] = await db
    .update(payments)
    .set({ resultCode: 'BANK_OUTCOME_UNKNOWN', resultMessage: 'The bank did not answer; Kasa is asking it for the outcome' })
    .where(eq(payments.id, paymentId))
    .returning();
  return pending;
}

/**
 * The bank answered after the recovery job had already settled the payment as interrupted: the row
 * stays FAILED, and an approval that came too late is released at the bank so no hold is left behind.
 */
export async function releaseLateAuthorization(
  db: Database,
  acquirer: Acquirer,
  paymentId: string,
  result: AuthorizationResult,
  charge: Charge,
): Promise<Payment> {
  logger.warn({ paymentId, approved: result.approved }, 'authorization answered after the payment was settled as interrupted');
  if (result.approved) {
    const [payment] = await db.select({ currency: payments.currency }).from(payments).where(eq(payments.id, paymentId));
    await acquirer
      .release({ paymentId, externalTransactionId: result.externalTransactionId, amountMinor: charge.totalMinor, currency: payment.currency })
      .catch((error: unknown) => { logger.error({ paymentId, err: describeError(error) }, 'release of a late authorization failed'); });
  }
  const [current] = await db.select().from(payments).where(eq(payments.id, paymentId));
  return current;
}

/**
 * The row a new payment starts as. Card data is reduced here to what may be stored: the masked
 * number, BIN, last 4 and a keyed fingerprint.
 */
export function newPaymentRow(options: {
  paymentId: string;
  merchant: Merchant;
  request: PaymentRequest;
  profile: CardProfile;
  amountMinor: number;
  charge: Charge;
  transactionType: 'SALE' | 'PRE_AUTHORIZATION';
  /** PROCESSING while a bank is asked; SUCCESS or FAILED for a payment the sandbox has answered. */
  status: 'PROCESSING' | 'ENROLLED' | 'SUCCESS' | 'FAILED';
  /** The merchant's bank account the payment goes to; null: the sandbox bank. */
  bankAccountId: string | null;
}): ReservedPayment {
  const { request, profile, charge } = options;
  return {
    id: options.paymentId,
    merchantId: options.merchant.id,
    orderId: request.orderId,
    transactionType: options.transactionType,
    status: options.status,
    currency: request.currency,
    amount: options.amountMinor,
    installmentCount: charge.installmentCount,
    interestAmount: charge.interestMinor,
    cardHolderName: request.cardHolderName,
    panMasked: maskPan(request.pan),
    panBin: panBin(request.pan),
    panLast4: panLast4(request.pan),
    panFingerprint: keyedHash('pan-fingerprint', request.pan),
    domInt: profile.domInt,
    cardScheme: profile.scheme,
    cardType: profile.cardType,
    loyaltyCode: profile.loyaltyCode,
    customerId: request.customerId ?? null,
    requestIp: request.requestIp,
    requestPort: request.requestPort,
    processingStartedAt: options.status === 'PROCESSING' ? new Date() : null,
    bankAccountId: options.bankAccountId,
  };
}

/** The columns an acquirer's answer settles on a payment. */
export function authorizationOutcome(
  result: AuthorizationResult,
  charge: Charge,
  transactionType: 'SALE' | 'PRE_AUTHORIZATION',
  merchant: Pick<Merchant, 'authorizationDays'>,
): PaymentSettlement & { status: 'SUCCESS' | 'FAILED' } {
  const holdsAuthorization = result.approved && transactionType === 'PRE_AUTHORIZATION';
  return {
    status: result.approved ? 'SUCCESS' : 'FAILED',
    authorizedAmount: result.approved ? charge.totalMinor : null,
    capturedAmount: result.approved && transactionType === 'SALE' ? charge.totalMinor : null,
    merchantCommission: result.approved ? charge.commissionMinor : 0,
    authCode: result.authCode,
    externalTransactionId: result.externalTransactionId,
    resultCode: result.resultCode,
    resultMessage: result.resultMessage,
    authorizationExpiresAt: holdsAuthorization ? new Date(Date.now() + merchant.authorizationDays * DAY_MS) : null,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function duplicateOrder(orderId: string): AppError {
  return new AppError('DUPLICATE_ORDER', `Order ${orderId} already has a payment`, [
    { field: 'orderId', code: 'DUPLICATE_ORDER', message: 'This orderId already has a successful or pending payment' },
  ]);
}

/**
 * A bank that cannot be reached is a declined payment for the shopper, not a crash of the gateway;
 * null when the bank may have authorized (its answer lost): see outcomeUnknown.
 */
export async function callAcquirer(call: () => Promise<AuthorizationResult>): Promise<AuthorizationResult | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AcquirerOutcomeUnknown) {
      logger.warn({ err: describeError(error) }, 'authorization outcome unknown; left PROCESSING for recovery');
      return null;
    }
    logger.error({ err: describeError(error) }, 'acquirer call failed');
    return {
      approved: false,
      authCode: null,
      externalTransactionId: null,
      resultCode: 'PROCESSING_ERROR',
      resultMessage: 'The bank could not be reached',
    };
  }
}
