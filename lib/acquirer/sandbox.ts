import { randomInt } from 'node:crypto';
import { config } from '../config';
import type { Acquirer, AuthorizationResult, EnrollmentResult, ReversalResult, SettlementResult } from './types';

/** Sandbox outcomes by card number (reference §8); every other valid card is approved. */
const declines: Partial<Record<string, { resultCode: string; resultMessage: string }>> = {
  '4000000000000002': { resultCode: 'DO_NOT_HONOR', resultMessage: 'Do not honor' },
  '4000000000009995': { resultCode: 'INSUFFICIENT_FUNDS', resultMessage: 'Insufficient funds' },
  '4000000000000069': { resultCode: 'EXPIRED_CARD', resultMessage: 'Expired card' },
  '4000000000000127': { resultCode: 'INVALID_CVV', resultMessage: 'Invalid security code' },
  '4000000000009979': { resultCode: 'STOLEN_CARD', resultMessage: 'Stolen card, pick up' },
  '4000000000000119': { resultCode: 'PROCESSING_ERROR', resultMessage: 'The issuer could not process the transaction' },
};

/**
 * Cards whose refunds and cancels the sandbox bank declines. A bank knows its own transactions by
 * reference; the sandbox keeps no ledger, so it marks these cards' transaction references instead.
 */
const irreversibleCards = new Set(['4000000000005126']);
const IRREVERSIBLE_MARK = 'SBXN';

/** Cards the sandbox directory server reports as not enrolled in 3-D Secure. */
const notEnrolledCards = new Set(['4000000000003055']);

const alphanumeric = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let index = 0; index < length; index++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Shaped like a bank's retrieval reference: SBX (SBXN: not reversible), the date, twelve digits. */
function newReference(prefix = 'SBX'): string {
  const date = new Date().toISOString().slice(2, 10).replaceAll('-', '');
  return `${prefix}${date}${randomString('0123456789', 12)}`;
}

const reversible = (externalTransactionId: string | null) => !externalTransactionId?.startsWith(IRREVERSIBLE_MARK);

export const sandboxAcquirer: Acquirer = {
  threeDs: {
    kind: 'directory',
    checkEnrollment({ pan }): Promise<EnrollmentResult> {
      if (notEnrolledCards.has(pan)) {
        return Promise.resolve({ enrolled: false, resultCode: 'NOT_ENROLLED', resultMessage: 'The card is not enrolled in 3-D Secure' });
      }
      return Promise.resolve({ enrolled: true, challengeUrl: `${config.publicBaseUrl}/sandbox/acs` });
    },
  },

  authorize({ card }): Promise<AuthorizationResult> {
    const decline = declines[card.pan];
    if (decline) return Promise.resolve({ approved: false, authCode: null, externalTransactionId: newReference(), ...decline });
    return Promise.resolve({
      approved: true,
      authCode: randomString(alphanumeric, 6),
      externalTransactionId: newReference(irreversibleCards.has(card.pan) ? IRREVERSIBLE_MARK : 'SBX'),
      resultCode: 'SUCCESS',
      resultMessage: 'Approved',
    });
  },

  capture({ paymentId, externalTransactionId }): Promise<SettlementResult> {
    return Promise.resolve({ ok: true, externalTransactionId: externalTransactionId ?? paymentId });
  },

  release({ paymentId, externalTransactionId }): Promise<SettlementResult> {
    return Promise.resolve({ ok: true, externalTransactionId: externalTransactionId ?? paymentId });
  },

  cancel({ paymentId, externalTransactionId }): Promise<ReversalResult> {
    if (!reversible(externalTransactionId)) return Promise.resolve({ ok: false, resultCode: 'CANCEL_DECLINED', resultMessage: 'The bank declined the cancel' });
    return Promise.resolve({ ok: true, externalTransactionId: externalTransactionId ?? paymentId });
  },

  refund({ externalTransactionId }): Promise<ReversalResult> {
    if (!reversible(externalTransactionId)) return Promise.resolve({ ok: false, resultCode: 'REFUND_DECLINED', resultMessage: 'The bank declined the refund' });
    return Promise.resolve({ ok: true, externalTransactionId: newReference() });
  },

  checkConnection() {
    return Promise.resolve({ ok: true });
  },
};
