import type { Merchant } from '../db/schema';
import { toMajorUnits } from '../money';
import type { InstallmentOption, InstallmentOptionsRequest } from '../schemas/installments';
import { merchantAmountMinor } from './amount';
import { pricingFor, quoteInstallments } from './pricing';

export function listInstallmentOptions({
  merchant,
  request,
}: {
  merchant: Merchant;
  request: InstallmentOptionsRequest;
}): { options: InstallmentOption[] } {
  const amountMinor = merchantAmountMinor(merchant, request.amount, request.currency);
  const major = (minor: number) => toMajorUnits(minor, request.currency);
  const quotes = quoteInstallments({
    pricing: pricingFor(merchant),
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
