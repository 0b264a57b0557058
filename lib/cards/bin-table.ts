import { detectScheme, type CardScheme } from './brands';

/** What the sandbox issuer says about a card: drives installments, commission and the payment response. */
export interface CardProfile {
  scheme: CardScheme;
  cardType: 'CREDIT' | 'DEBIT' | 'PREPAID';
  domInt: 'DOM' | 'INT';
  loyaltyCode: string | null;
  bankName: string;
}

const INTERNATIONAL_BANK = 'Kasa Sandbox International Bank';

/** The sandbox bank's test cards (api-reference §8), by 6-digit BIN. */
const SANDBOX_BINS: Partial<Record<string, CardProfile>> = {
  '542119': { scheme: 'MASTERCARD', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'WORLD', bankName: 'Boğaziçi Sandbox Bank' },
  '552879': { scheme: 'MASTERCARD', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'BONUS', bankName: 'Anadolu Sandbox Bank' },
  '454671': { scheme: 'VISA', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'MAXIMUM', bankName: 'Marmara Sandbox Bank' },
  '435508': { scheme: 'VISA', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'AXESS', bankName: 'Ege Sandbox Bank' },
  '979200': { scheme: 'TROY', cardType: 'CREDIT', domInt: 'DOM', loyaltyCode: 'PARAF', bankName: 'Kapadokya Sandbox Bank' },
  '540061': { scheme: 'MASTERCARD', cardType: 'DEBIT', domInt: 'DOM', loyaltyCode: null, bankName: 'Anadolu Sandbox Bank' },
  '979210': { scheme: 'TROY', cardType: 'DEBIT', domInt: 'DOM', loyaltyCode: null, bankName: 'Kapadokya Sandbox Bank' },
  '411111': { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null, bankName: INTERNATIONAL_BANK },
  '555555': { scheme: 'MASTERCARD', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null, bankName: INTERNATIONAL_BANK },
  '378282': { scheme: 'AMEX', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null, bankName: INTERNATIONAL_BANK },
  // Shared by the decline, processing-error and not-enrolled test cards; their outcome is keyed on the full PAN elsewhere.
  '400000': { scheme: 'VISA', cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null, bankName: INTERNATIONAL_BANK },
};

/**
 * Card profile from a BIN (6–8 digits) or a full card number (12–19 digits).
 * Test BINs get their §8 profile; any other number of a known scheme is an
 * international credit card without loyalty; unknown schemes give null.
 */
export function lookupCard(panOrBin: string): CardProfile | null {
  if (!/^(\d{6,8}|\d{12,19})$/.test(panOrBin)) return null;
  const known = SANDBOX_BINS[panOrBin.slice(0, 6)];
  if (known) return { ...known };
  const scheme = detectScheme(panOrBin);
  if (!scheme) return null;
  return { scheme, cardType: 'CREDIT', domInt: 'INT', loyaltyCode: null, bankName: INTERNATIONAL_BANK };
}

/** Only domestic credit cards with a loyalty program may pay in installments. */
export function installmentsAllowed(profile: CardProfile): boolean {
  return profile.domInt === 'DOM' && profile.cardType === 'CREDIT' && profile.loyaltyCode !== null;
}
