import valid from 'card-validator';

type CardTypeInfo = ReturnType<typeof valid.creditCardType.getTypeInfo>;
type MatchCardTypes = (cardNumber: string) => CardTypeInfo[];
// card-validator re-exports credit-card-type through TypeScript's __importStar, so
// `valid.creditCardType` is a namespace object and the matcher itself sits on `.default`.
const cardTypes = valid.creditCardType as unknown as MatchCardTypes | { default: MatchCardTypes };
const matchCardTypes: MatchCardTypes =
  typeof cardTypes === 'function' ? (cardTypes) : cardTypes.default;

// Recent credit-card-type releases bundle Troy with more BIN ranges than 9792;
// only register our definition when it is missing so those ranges are kept.
// getTypeInfo answers undefined for a type it does not know, whatever its declared type says.
if (!(valid.creditCardType.getTypeInfo('troy') as CardTypeInfo | undefined)) {
  valid.creditCardType.addCard({
    niceType: 'Troy',
    type: 'troy',
    patterns: [9792],
    gaps: [4, 8, 12],
    lengths: [16],
    code: { name: 'CVV', size: 3 },
  });
}

/** Card schemes Kasa accepts; other brands card-validator knows (Verve, Naranja, Hiper) are unknown to Kasa. */
export type CardScheme =
  | 'VISA'
  | 'MASTERCARD'
  | 'AMEX'
  | 'TROY'
  | 'DISCOVER'
  | 'JCB'
  | 'DINERS'
  | 'UNIONPAY'
  | 'MAESTRO'
  | 'MIR'
  | 'ELO'
  | 'HIPERCARD';

const SCHEME_TO_TYPE: Record<CardScheme, string> = {
  VISA: 'visa',
  MASTERCARD: 'mastercard',
  AMEX: 'american-express',
  TROY: 'troy',
  DISCOVER: 'discover',
  JCB: 'jcb',
  DINERS: 'diners-club',
  UNIONPAY: 'unionpay',
  MAESTRO: 'maestro',
  MIR: 'mir',
  ELO: 'elo',
  HIPERCARD: 'hipercard',
};

const TYPE_TO_SCHEME = new Map(
  Object.entries(SCHEME_TO_TYPE).map(([scheme, type]) => [type, scheme as CardScheme]),
);

// card-validator answers each match with a deep copy of the brand's definition (JSON round trip),
// and a payment asks three times; the definitions do not change once this module has loaded.
const typeInfos = new Map<CardScheme, CardTypeInfo>();
function typeInfo(scheme: CardScheme): CardTypeInfo {
  let info = typeInfos.get(scheme);
  if (!info) typeInfos.set(scheme, (info = valid.creditCardType.getTypeInfo(SCHEME_TO_TYPE[scheme])));
  return info;
}

/**
 * The most leading digits any brand's pattern reads (8): a longer number's brand is that of its
 * first this-many digits, so the answer is kept by that prefix, a BIN, never by the card number.
 */
const PATTERN_DIGITS = Math.max(
  ...Object.values(valid.creditCardType.types).flatMap((type) =>
    valid.creditCardType.getTypeInfo(type).patterns.map((pattern) => (Array.isArray(pattern) ? String(pattern[1]) : String(pattern)).length),
  ),
);
const schemeByPrefix = new Map<string, CardScheme | null>();
const MAX_PREFIXES = 10_000;

/**
 * The scheme a card number (or the digits typed so far) belongs to, or null when
 * unknown or still ambiguous. With a short prefix several brands can match; the one
 * whose pattern matched the most digits wins ("4" → VISA, "9792" → TROY).
 */
export function detectScheme(partialPan: string): CardScheme | null {
  if (!/^\d+$/.test(partialPan)) return null;
  const prefix = partialPan.slice(0, PATTERN_DIGITS);
  const known = schemeByPrefix.get(prefix);
  if (known !== undefined) return known;
  if (schemeByPrefix.size >= MAX_PREFIXES) schemeByPrefix.clear();
  const scheme = matchScheme(prefix);
  schemeByPrefix.set(prefix, scheme);
  return scheme;
}

function matchScheme(digits: string): CardScheme | null {
  const matches = matchCardTypes(digits);
  let best = matches.length === 1 ? matches[0] : undefined;
  if (!best) {
    for (const card of matches) {
      if (card.matchStrength && (!best || card.matchStrength > (best.matchStrength ?? 0))) best = card;
    }
  }
  return (best && TYPE_TO_SCHEME.get(best.type)) ?? null;
}

/** Positions after which the card number is split for display (e.g. [4, 8, 12]). */
export function cardGaps(scheme: CardScheme): number[] {
  return typeInfo(scheme).gaps;
}

export function cvvLength(scheme: CardScheme): number {
  return scheme === 'AMEX' ? 4 : 3;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type PanValidation =
  | { ok: true; scheme: CardScheme }
  | { ok: false; code: 'INVALID_PAN'; message: string };

/** 12–19 digits, Luhn, and a length the detected brand issues; unknown brands are invalid. */
export function validatePan(pan: string): PanValidation {
  const invalid = { ok: false, code: 'INVALID_PAN', message: 'Card number is not valid' } as const;
  if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan)) return invalid;
  const scheme = detectScheme(pan);
  if (!scheme || !typeInfo(scheme).lengths.includes(pan.length)) return invalid;
  return { ok: true, scheme };
}
