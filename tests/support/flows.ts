import { asApiResponse, sdk } from './api';
import { expectApprovedPayment, expectDeclinedPayment } from './assertions';
import { cards, type TestCard } from './cards';
import type { Backend, MerchantCredentials } from './context';
import { paymentRequest } from './requests';

type Overrides = Parameters<typeof paymentRequest>[0];

async function pay(
  path: '/api/payment' | '/api/pre-authorization',
  backend: Backend,
  overrides: Overrides,
  card: TestCard,
  merchant: MerchantCredentials,
) {
  const request = paymentRequest(overrides, card);
  const kasa = sdk(backend, merchant);
  const response = asApiResponse(
    path === '/api/payment' ? await kasa.POST('/api/payment', { body: request }) : await kasa.POST('/api/pre-authorization', { body: request }),
  );
  const expectation = { request, card, transactionType: path === '/api/payment' ? 'SALE' : 'PRE_AUTHORIZATION' } as const;
  const body = card.outcome === 'APPROVED' ? expectApprovedPayment(response, expectation) : expectDeclinedPayment(response, expectation);
  return { request, body, paymentId: body.paymentId as string };
}

/** A pre-authorization, checked against §4/§8 (approved or declined per the card). */
export const preAuthorize = (backend: Backend, overrides: Overrides = {}, card: TestCard = cards.world, merchant: MerchantCredentials = backend.merchants.a) =>
  pay('/api/pre-authorization', backend, overrides, card, merchant);

/** A direct sale, checked against §4/§8 (approved or declined per the card). */
export const sell = (backend: Backend, overrides: Overrides = {}, card: TestCard = cards.world, merchant: MerchantCredentials = backend.merchants.a) =>
  pay('/api/payment', backend, overrides, card, merchant);
