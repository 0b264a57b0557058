import { routeCard } from '../banks/routing';
import { installmentsAllowed, lookupCard } from '../cards';
import type { Database } from '../db/client';
import type { Merchant } from '../db/schema';
import { toMajorUnits } from '../money';
import type { InstallmentOption, InstallmentOptionsRequest } from '../schemas/installments';
import { merchantAmountMinor } from './amount';
import { pricingFor, quoteInstallments, type InstallmentQuote } from './pricing';

/**
 * A card's installment plans at the rates of the bank account its installment payment would go to
 * (the one holding its loyalty program, else the default; the sandbox's published rates without one).
 */
export async function quoteCardInstallments(options: {
  db: Database;
  merchantId: string;
  panOrBin: string;
  amountMinor: number;
  maxInstallmentCount: number;
  interestPaidByCustomer: boolean;
}): Promise<InstallmentQuote[]> {
  const profile = lookupCard(options.panOrBin);
  if (!profile || !installmentsAllowed(profile)) return [];
  const route = await routeCard(options.db, options.merchantId, { loyaltyCode: profile.loyaltyCode, installments: true });
  return quoteInstallments({ ...options, pricing: pricingFor(route) });
}

export async function listInstallmentOptions({
  db,
  merchant,
  request,
}: {
  db: Database;
  merchant: Merchant;
  request: InstallmentOptionsRequest;
}): Promise<{ options: InstallmentOption[] }> {
  const amountMinor = merchantAmountMinor(merchant, request.amount, request.currency);
  const major = (minor: number) => toMajorUnits(minor, request.currency);
  const quotes = await quoteCardInstallments({
    db,
    merchantId: merchant.id,
    panOrBin: request.pan,
    amountMinor,
    maxInstallmentCount: request.maxInstallmentCount,
    interestPaidByCustomer: request.interestPaidByCustomer,
  });
  return {
    options: quotes.map((quote) => ({
      installmentCount: quote.installmentCount,
      installmentAmount: major(quote.installmentMinor),
      currency: request.currency,
      interestAmount: major(quote.interestMinor),
      totalAmount: major(quote.totalMinor),
    })),
  };
}
