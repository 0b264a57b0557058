import { createNestPayAcquirer } from './nestpay/acquirer';
import type { NestPayAccount } from './nestpay/request-mapper';
import { sandboxAcquirer } from './sandbox';
import type { Acquirer } from './types';

export type * from './types';
export { AcquirerOutcomeUnknown } from './types';
export type { NestPayAccount } from './nestpay/request-mapper';

/** A bank contract as the adapters need it: the protocol and what the bank handed over. A second protocol is one more member. */
export type BankConnection = { provider: 'nestpay' } & NestPayAccount;

export const bankProviders = ['nestpay'] as const;

/** The acquirer a payment goes through: its merchant's bank account, or with none the sandbox bank. */
export function acquirerFor(connection: BankConnection | null, options: { timeoutMs?: number } = {}): Acquirer {
  if (!connection) return sandboxAcquirer;
  // One protocol today; a second one switches on connection.provider here.
  return createNestPayAcquirer(connection, options);
}

/**
 * The payment a bank's 3-D return post names, before anything in it is trusted: the order id field of
 * its protocol (NestPay: `oid`, which Kasa sets to the paymentId). The adapter then verifies the post.
 */
export function gateReturnPaymentId(fields: Partial<Record<string, string>>): string | null {
  return fields.oid ?? null;
}
