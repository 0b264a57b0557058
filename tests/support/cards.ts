/**
 * Every card number and CVV the test suite sends, in one place. The card-data audit
 * (tests/audit/card-data.test.ts) searches the databases and server logs for each of them, so a spec
 * must never inline a PAN or a CVV: add it here instead.
 */

export type CardScheme = 'VISA' | 'MASTERCARD' | 'AMEX' | 'TROY';
export type CardType = 'CREDIT' | 'DEBIT' | 'PREPAID';
export type DeclineCode =
  | 'DO_NOT_HONOR'
  | 'INSUFFICIENT_FUNDS'
  | 'EXPIRED_CARD'
  | 'INVALID_CVV'
  | 'STOLEN_CARD'
  | 'PROCESSING_ERROR';

export interface TestCard {
  pan: string;
  /** The CVV sent with this card: distinctive digits, so the audit can tell them from other numbers. */
  cvv: string;
  scheme: CardScheme;
  type: CardType;
  domInt: 'DOM' | 'INT';
  loyaltyCode: string | null;
  /** `APPROVED`, or the decline's resultCode (§8). */
  outcome: 'APPROVED' | DeclineCode;
  /** Domestic credit cards with a loyalty program: the only ones offered installments (§5, §6). */
  installments: boolean;
}

/** Distinctive CVVs (never amounts, ports or counts used elsewhere in the suite). */
export const CVV = {
  /** Sent with every 3-digit-CVV card. */
  standard: '917',
  /** A second valid 3-digit CVV, for requests that must differ only in the CVV. */
  alternate: '483',
  /** Sent with the AMEX card (4 digits). */
  amex: '2846',
  /** Invalid: 4 digits on a card that takes 3. */
  fourDigits: '5062',
  /** Invalid: too short for any card. */
  twoDigits: '71',
} as const;

const card = (
  pan: string,
  scheme: CardScheme,
  type: CardType,
  domInt: 'DOM' | 'INT',
  loyaltyCode: string | null,
  outcome: TestCard['outcome'] = 'APPROVED',
): TestCard => ({
  pan,
  cvv: scheme === 'AMEX' ? CVV.amex : CVV.standard,
  scheme,
  type,
  domInt,
  loyaltyCode,
  outcome,
  installments: domInt === 'DOM' && type === 'CREDIT' && loyaltyCode !== null,
});

/** The sandbox bank's test cards (§8 of the API reference), plus two "other" numbers it must approve. */
export const cards = {
  world: card('5421190122090656', 'MASTERCARD', 'CREDIT', 'DOM', 'WORLD'),
  bonus: card('5528790000000008', 'MASTERCARD', 'CREDIT', 'DOM', 'BONUS'),
  maximum: card('4546710000000007', 'VISA', 'CREDIT', 'DOM', 'MAXIMUM'),
  axess: card('4355080000000005', 'VISA', 'CREDIT', 'DOM', 'AXESS'),
  paraf: card('9792000000000003', 'TROY', 'CREDIT', 'DOM', 'PARAF'),
  mastercardDebit: card('5400610000000001', 'MASTERCARD', 'DEBIT', 'DOM', null),
  troyDebit: card('9792100000000001', 'TROY', 'DEBIT', 'DOM', null),
  visaInternational: card('4111111111111111', 'VISA', 'CREDIT', 'INT', null),
  mastercardInternational: card('5555555555554444', 'MASTERCARD', 'CREDIT', 'INT', null),
  amex: card('378282246310005', 'AMEX', 'CREDIT', 'INT', null),
  doNotHonor: card('4000000000000002', 'VISA', 'CREDIT', 'INT', null, 'DO_NOT_HONOR'),
  insufficientFunds: card('4000000000009995', 'VISA', 'CREDIT', 'INT', null, 'INSUFFICIENT_FUNDS'),
  expiredCard: card('4000000000000069', 'VISA', 'CREDIT', 'INT', null, 'EXPIRED_CARD'),
  invalidCvv: card('4000000000000127', 'VISA', 'CREDIT', 'INT', null, 'INVALID_CVV'),
  stolenCard: card('4000000000009979', 'VISA', 'CREDIT', 'INT', null, 'STOLEN_CARD'),
  processingError: card('4000000000000119', 'VISA', 'CREDIT', 'INT', null, 'PROCESSING_ERROR'),
  /** Not enrolled in 3-D Secure: irrelevant to direct sales, which it passes. */
  notEnrolled: card('4000000000003055', 'VISA', 'CREDIT', 'INT', null),
  /** Approved; every refund and cancel of it is declined (REFUND_DECLINED / CANCEL_DECLINED). */
  irreversible: card('4000000000005126', 'VISA', 'CREDIT', 'INT', null),
  /** "Other Luhn-valid numbers of a known brand are approved as INT CREDIT" (§8). */
  otherVisa: card('4012888888881881', 'VISA', 'CREDIT', 'INT', null),
  otherMastercard2Series: card('2223000048400011', 'MASTERCARD', 'CREDIT', 'INT', null),
} as const satisfies Record<string, TestCard>;

export type CardName = keyof typeof cards;

export const approvedCards = Object.entries(cards).filter(([, c]) => c.outcome === 'APPROVED') as [CardName, TestCard][];
export const declinedCards = Object.entries(cards).filter(([, c]) => c.outcome !== 'APPROVED') as [CardName, TestCard][];

/** Card numbers that must be rejected with 400 on field `pan`. */
export const invalidPans = {
  luhnFailure: '5421190122090657',
  elevenDigits: '41111111112',
  twentyDigits: '41111111111111111115',
  /** Luhn-valid, but 15 digits is no Mastercard length. */
  wrongLengthForBrand: '542119012209063',
  /** Luhn-valid 16 digits of no known brand. */
  unknownBrand: '1234567812345670',
  withLetters: '54211901220906ab',
} as const;

/** BINs (first 6 digits) for installment queries: not full card numbers. */
export const bins = {
  world: '542119',
  bonus: '552879',
  maximum: '454671',
  axess: '435508',
  paraf: '979200',
  mastercardDebit: '540061',
  visaInternational: '411111',
  /** A Visa BIN the sandbox table does not list. */
  unknownVisa: '401288',
} as const;

/** Every card number the suite sends anywhere (the audit looks for each). */
export const everyPan: string[] = [...Object.values(cards).map((c) => c.pan), ...Object.values(invalidPans)];

/** Every CVV the suite sends anywhere. */
export const everyCvv: string[] = Object.values(CVV);

/** `542119******0656`: first 6, one `*` per hidden digit, last 4 (§4). */
export function maskPan(pan: string): string {
  return `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}
