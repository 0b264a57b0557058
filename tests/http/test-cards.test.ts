// §8: every sandbox test card, through both direct endpoints.
import { describe, test } from 'vitest';
import { api } from '../support/api';
import { expectApprovedPayment, expectDeclinedPayment } from '../support/assertions';
import { approvedCards, declinedCards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { paymentRequest } from '../support/requests';

const endpoints = [
  { path: '/api/payment', transactionType: 'SALE' },
  { path: '/api/pre-authorization', transactionType: 'PRE_AUTHORIZATION' },
] as const;

forEachBackend((backend) => {
  for (const { path, transactionType } of endpoints) {
    describe.concurrent(`POST ${path}`, () => {
      test.each(approvedCards)('the %s test card is approved with its scheme, type, region and loyalty program', async (_, card) => {
        const request = paymentRequest({}, card);
        expectApprovedPayment(await api(backend).post(path, request), { request, card, transactionType });
      });

      test.each(declinedCards)('the %s test card is declined: 200 FAILED with its resultCode', async (_, card) => {
        const request = paymentRequest({}, card);
        expectDeclinedPayment(await api(backend).post(path, request), { request, card, transactionType });
      });
    });
  }
});
