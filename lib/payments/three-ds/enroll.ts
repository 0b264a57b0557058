import { randomUUID } from 'node:crypto';
import type { CardData, EnrollmentResult } from '../../acquirer';
import { routeCard, type BankRoute } from '../../banks/routing';
import { config } from '../../config';
import { lookupCard } from '../../cards';
import { keyedHash, randomToken, seal } from '../../crypto';
import type { Database } from '../../db/client';
import { cardVault, payments, threeDsSessions, type Merchant, type Payment } from '../../db/schema';
import { AppError } from '../../errors';
import { autoPostForm, html, toMarkup } from '../../html';
import type { ThreeDsEnrollmentResponse, ThreeDsRequest } from '../../schemas/three-ds';
import { merchantAmountMinor } from '../amount';
import { duplicateOrder, newPaymentRow } from '../authorize';
import { orderIsHeld } from '../orders';
import { recordPaymentEvent } from '../events';
import { priceCharge, pricingFor, quoteInstallments } from '../pricing';
import { firstRow } from '../../rows';

/** An enrollment must be completed within 15 minutes; then its card data is gone. */
export const THREE_DS_LIFETIME_MS = 15 * 60 * 1000;

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
  const amountMinor = merchantAmountMinor(merchant, request.amount, request.currency);
  const profile = lookupCard(request.pan);
  if (!profile) throw AppError.field('pan', 'INVALID_PAN', 'Card number is not valid');
  const { installmentCount, interestPaidByCustomer } = request;
  const route = await routeCard(db, merchant.id, { loyaltyCode: profile.loyaltyCode, installments: installmentCount > 1 });
  const pricing = pricingFor(route);
  if (installmentCount > 1) {
    const options = quoteInstallments({ pricing, panOrBin: request.pan, amountMinor, maxInstallmentCount: 12, interestPaidByCustomer });
    if (!options.some((option) => option.installmentCount === installmentCount)) {
      throw AppError.field('installmentCount', 'INSTALLMENT_NOT_AVAILABLE', 'This card does not offer that installment count for this amount');
    }
  }
  const charge = priceCharge({ pricing, profile, amountMinor, installmentCount, interestPaidByCustomer });
  const paymentId = randomUUID();
  const row = { paymentId, merchant, request, profile, amountMinor, charge, transactionType: 'SALE' as const, bankAccountId: route.account?.id ?? null };

  const enrollment = await checkEnrollment(route, request);
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
      await recordPaymentEvent(tx, inserted);
      return inserted;
    });
    return {
      payment: payment,
      response: { paymentId, success: false, resultCode: enrollment.resultCode, resultMessage: enrollment.resultMessage, htmlContent: null },
      challenge: null,
    };
  }

  const reference = randomToken(32);
  const expiresAt = new Date(Date.now() + THREE_DS_LIFETIME_MS);
  const payment = await db.transaction(async (tx) => {
    const inserted = firstRow(await tx
      .insert(payments)
      .values({
        ...newPaymentRow({ ...row, status: 'ENROLLED' }),
        checkoutId: request.checkoutId,
        resultMessage: 'Waiting for 3-D Secure authentication',
      })
      .onConflictDoNothing()
      .returning());
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

/**
 * Where the shopper's challenge starts. A directory-server bank (the sandbox) says whether the card
 * takes part and where its issuer page is; a bank with its own 3-D gate decides that at the gate, which
 * Kasa's gate page (app/bank/3ds/gate) posts the card to.
 */
function checkEnrollment(route: BankRoute, card: Pick<CardData, 'pan'>): Promise<EnrollmentResult> {
  const { threeDs } = route.acquirer;
  if (threeDs.kind === 'directory') return threeDs.checkEnrollment(card);
  return Promise.resolve({ enrolled: true, challengeUrl: `${config.publicBaseUrl}${BANK_GATE_PATH}` });
}

/** Kasa's page that posts the card to a bank's 3-D gate, and the one the bank posts its outcome back to. */
export const BANK_GATE_PATH = '/bank/3ds/gate';
export const BANK_RETURN_PATH = '/bank/3ds/return';

/** Where the shopper's browser POSTs to open the issuer's challenge: only an opaque reference travels. */
export interface Challenge {
  url: string;
  fields: Record<string, string>;
}
