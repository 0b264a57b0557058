import type { BankRoute } from '../banks/routing';
import { installmentsAllowed, lookupCard, type CardProfile } from '../cards';
import { applyRate, splitInstallments } from '../money';

/** Sandbox pricing (reference §6), in basis points: 2.00 % = 200. */
export interface Pricing {
  /** Interest rate by installment count, for domestic credit cards with a loyalty program. */
  installmentRates: Readonly<Record<number, number>>;
  commission: { domesticDebit: number; domesticCredit: number; international: number };
}

export const sandboxPricing: Pricing = {
  installmentRates: { 2: 200, 3: 350, 4: 475, 5: 590, 6: 700, 7: 810, 8: 920, 9: 1030, 10: 1140, 11: 1250, 12: 1360 },
  commission: { domesticDebit: 149, domesticCredit: 179, international: 299 },
};

/**
 * The pricing of a payment on its bank route: the installment interest of the merchant's bank
 * contract, or the sandbox's published rates on the sandbox bank; Kasa's commission either way.
 */
export function pricingFor(route: Pick<BankRoute, 'installmentRates'>): Pricing {
  return route.installmentRates ? { ...sandboxPricing, installmentRates: route.installmentRates } : sandboxPricing;
}

export interface Charge {
  installmentCount: number;
  /** Interest the customer pays on top of the order amount (0 when the merchant bears it). */
  interestMinor: number;
  totalMinor: number;
  commissionMinor: number;
}

/**
 * What a card is charged and what the merchant pays for an order amount:
 * interest = round(amount × rate) when the customer pays it; commission = round(amount × (base + borne rate)).
 */
export function priceCharge(options: {
  pricing: Pricing;
  profile: Pick<CardProfile, 'domInt' | 'cardType'>;
  amountMinor: number;
  installmentCount: number;
  interestPaidByCustomer: boolean;
}): Charge {
  const { pricing, profile, amountMinor, installmentCount, interestPaidByCustomer } = options;
  const rate = installmentCount > 1 ? (pricing.installmentRates[installmentCount] ?? 0) : 0;
  const interestMinor = interestPaidByCustomer ? applyRate(amountMinor, rate) : 0;
  const borneRate = interestPaidByCustomer ? 0 : rate;
  return {
    installmentCount,
    interestMinor,
    totalMinor: amountMinor + interestMinor,
    commissionMinor: applyRate(amountMinor, commissionRate(pricing, profile) + borneRate),
  };
}

/** A tiny total cannot be split into `count` installments of at least one minor unit each. */
function splitOrNull(totalMinor: number, count: number) {
  try {
    const split = splitInstallments(totalMinor, count);
    return split.installmentMinor >= 1 ? split : null;
  } catch {
    return null;
  }
}

function commissionRate(pricing: Pricing, profile: Pick<CardProfile, 'domInt' | 'cardType'>): number {
  if (profile.domInt === 'INT') return pricing.commission.international;
  return profile.cardType === 'CREDIT' ? pricing.commission.domesticCredit : pricing.commission.domesticDebit;
}

export interface InstallmentQuote extends Charge {
  installmentMinor: number;
}

/**
 * The installment plans a card allows for an amount: counts 2…max, only for domestic credit cards
 * with a loyalty program, and only where every installment is at least one minor unit.
 */
export function quoteInstallments(options: {
  pricing: Pricing;
  panOrBin: string;
  amountMinor: number;
  maxInstallmentCount: number;
  interestPaidByCustomer: boolean;
}): InstallmentQuote[] {
  const profile = lookupCard(options.panOrBin);
  if (!profile || !installmentsAllowed(profile)) return [];
  const quotes: InstallmentQuote[] = [];
  for (let count = 2; count <= options.maxInstallmentCount; count++) {
    if ((options.pricing.installmentRates[count] as number | undefined) === undefined) continue;
    const charge = priceCharge({ ...options, profile, installmentCount: count });
    const split = splitOrNull(charge.totalMinor, count);
    if (split) quotes.push({ ...charge, installmentMinor: split.installmentMinor });
  }
  return quotes;
}
