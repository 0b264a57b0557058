import { eq, sql } from 'drizzle-orm';
import { acquirerFor, type Acquirer } from '../acquirer';
import { config, type KasaConfig } from '../config';
import type { Database } from '../db/client';
import { preparedQuery } from '../db/prepared';
import { bankAccounts, type BankAccount, type Payment } from '../db/schema';
import { AppError, present } from '../errors';
import { connectionOf } from './accounts';

/**
 * Which bank a payment goes to. A merchant without bank accounts pays through the sandbox bank in
 * sandbox mode and is refused in live mode (never silently sandboxed). With accounts, an installment
 * payment goes to the account holding the card's loyalty program, everything else to the default.
 */

export interface BankRoute {
  /** Null: the sandbox bank. */
  account: BankAccount | null;
  acquirer: Acquirer;
  /** The contract's installment interest (basis points by count); null: the sandbox's published rates. */
  installmentRates: Readonly<Record<number, number>> | null;
}

function notConfigured(): AppError {
  const message = 'This merchant has no bank account for live payments; none can be taken until one is configured';
  return new AppError('ACQUIRER_NOT_CONFIGURED', message, [{ field: 'merchant', code: 'ACQUIRER_NOT_CONFIGURED', message }]);
}

function routeOf(account: BankAccount | null): BankRoute {
  if (!account) return { account: null, acquirer: acquirerFor(null), installmentRates: null };
  return {
    account,
    acquirer: acquirerFor(connectionOf(account), { timeoutMs: config.bankTimeoutMs }),
    installmentRates: Object.fromEntries(Object.entries(account.installmentRates).map(([count, rate]) => [Number(count), rate])),
  };
}

/** Where a merchant's payments go, in sandbox mode, while it has no bank account. */
export const sandboxRoute: BankRoute = routeOf(null);

const accountsQuery = preparedQuery((db) =>
  db.select().from(bankAccounts).where(eq(bankAccounts.merchantId, sql.placeholder('merchantId'))).prepare('bank_accounts_of_merchant'));
const accountsOf = (db: Database, merchantId: string) => accountsQuery(db).execute({ merchantId });

/**
 * The route of a new payment on a card: `installments` when more than one installment is asked for
 * (or, for a quote of the card's options, would be).
 */
export async function routeCard(
  db: Database,
  merchantId: string,
  card: { loyaltyCode: string | null; installments: boolean },
  mode: KasaConfig['mode'] = config.mode,
): Promise<BankRoute> {
  const accounts = await accountsOf(db, merchantId);
  if (accounts.length === 0) {
    if (mode === 'live') throw notConfigured();
    return sandboxRoute;
  }
  const byProgram = card.installments && card.loyaltyCode ? accounts.find((account) => account.programs.includes(present(card.loyaltyCode, 'loyaltyCode'))) : undefined;
  return routeOf(byProgram ?? accounts.find((account) => account.isDefault) ?? present(accounts[0], 'a bank account'));
}

/** The bank that took a payment: its captures, cancels, refunds and releases go back to it. */
export async function routeOfPayment(db: Database, payment: Pick<Payment, 'bankAccountId'>, mode: KasaConfig['mode'] = config.mode): Promise<BankRoute> {
  if (payment.bankAccountId === null) {
    if (mode === 'live') throw notConfigured();
    return routeOf(null);
  }
  const [account] = await db.select().from(bankAccounts).where(eq(bankAccounts.id, payment.bankAccountId));
  return routeOf(present(account, "a payment's bank account"));
}

/**
 * The same, for Kasa's own housekeeping (expiry, recovery): a sandbox payment left from sandbox mode
 * is still settled with the sandbox bank in live mode, where releasing its hold is a no-op.
 */
export function housekeepingRouteOf(db: Database, payment: Pick<Payment, 'bankAccountId'>): Promise<BankRoute> {
  return routeOfPayment(db, payment, payment.bankAccountId === null ? 'sandbox' : config.mode);
}
