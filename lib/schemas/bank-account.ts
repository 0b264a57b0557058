import { z } from 'zod';

/**
 * A merchant's bank account (virtual POS contract): what `npm run acquirer:add` and the dashboard's
 * Settings take. One schema for both, so a field breaks the same rule with the same message either way.
 */

export const bankProviderSchema = z.enum(['nestpay'], { error: 'Provider must be nestpay' });

/** The BIN table's loyalty programs (`loyaltyCode`): an installment payment on one goes to the account holding it. */
export const loyaltyPrograms = ['WORLD', 'BONUS', 'MAXIMUM', 'AXESS', 'PARAF', 'CARDFINANS', 'ADVANTAGE', 'BANKKART'] as const;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

const bankUrl = (label: string) =>
  z.url({ protocol: /^https?$/, error: `${label} must be an http(s) URL` }).max(500, `${label} must be at most 500 characters`);

/** Installment counts 2–12 → interest in basis points (1.80 % = 180), 0–50 %. */
export const installmentRatesSchema = z.record(
  z.string().regex(/^([2-9]|1[0-2])$/, 'Installment counts are 2 to 12'),
  z.number().int('Rates are whole basis points').min(0, 'A rate cannot be negative').max(5000, 'A rate is at most 50 %'),
);

export const bankAccountRequestSchema = z.object({
  provider: bankProviderSchema,
  name: text('Name', 100),
  apiUrl: bankUrl('API URL'),
  gateUrl: bankUrl('3-D gate URL'),
  clientId: text('Client id', 64),
  apiUser: text('API user', 64),
  apiPassword: z.string({ error: 'API password is required' }).min(1, 'API password is required').max(128, 'API password must be at most 128 characters'),
  storeKey: z.string({ error: 'Store key is required' }).min(1, 'Store key is required').max(128, 'Store key must be at most 128 characters'),
  programs: z.array(z.enum(loyaltyPrograms, { error: `Programs are ${loyaltyPrograms.join(', ')}` })).max(loyaltyPrograms.length).default([]),
  isDefault: z.boolean().default(false),
  installmentRates: installmentRatesSchema.default({}),
});

export type BankAccountRequest = z.infer<typeof bankAccountRequestSchema>;

/**
 * "2:1.80,3:2.90": installment counts and their interest in percent, as the bank's contract lists
 * them, into basis points. Text that is not such a list is passed on for the schema to refuse.
 */
export function parseInstallmentRates(value: string): unknown {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const rates: Record<string, unknown> = {};
  for (const entry of entries) {
    // A decimal point only: the comma separates the entries.
    const match = /^(\d{1,2})\s*:\s*(\d{1,2}(?:\.\d{1,2})?)$/.exec(entry);
    if (!match) return value;
    rates[match[1]] = Math.round(Number(match[2]) * 100);
  }
  return rates;
}

/** A bank account as listed: its secrets only as their last characters. */
export interface BankAccountView {
  id: string;
  provider: 'nestpay';
  name: string;
  apiUrl: string;
  gateUrl: string;
  clientId: string;
  apiUser: string;
  apiPasswordMasked: string;
  storeKeyMasked: string;
  programs: string[];
  isDefault: boolean;
  installmentRates: Record<string, number>;
  createdAt: string;
}
