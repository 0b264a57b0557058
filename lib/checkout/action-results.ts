import type { CheckoutCardForm } from '../schemas/checkout';

/**
 * What the hosted checkout's server actions answer the card form: the contract between
 * app/checkout-link/[id]/actions.ts and components/checkout, kept here so neither imports the other.
 */
export type StartPaymentResult =
  | { ok: true; next: { kind: 'challenge'; url: string; fields: Record<string, string> } | { kind: 'result'; paymentId: string } }
  | { ok: false; code: string; message: string; fieldErrors?: Partial<Record<keyof CheckoutCardForm, string>> };

/** One installment choice as the page shows it (single payment included), in minor units. */
export interface InstallmentChoice {
  installmentCount: number;
  installmentMinor: number;
  interestMinor: number;
  totalMinor: number;
}
