import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { acquirerFor, type BankConnection } from '../acquirer';
import { seal, unseal } from '../crypto';
import type { Database } from '../db/client';
import { bankAccounts, merchants, payments, type BankAccount } from '../db/schema';
import { AppError } from '../errors';
import { config } from '../config';
import { describeError, logger } from '../log';
import { assertAllowedMerchantUrl } from '../net/merchant-urls';
import { firstRow } from '../rows';
import { type BankAccountRequest, type BankAccountView } from '../schemas/bank-account';

/**
 * A merchant's bank accounts: stored with the API password and store key sealed under
 * KASA_SECRET_KEY (bound to the account id), listed with those secrets masked, and opened into the
 * connection an adapter needs only when a payment goes to the bank. Nothing here logs a secret.
 */

/** The last four characters, the rest as bullets: enough to tell two keys apart, not to use one. */
function hintOf(secret: string): string {
  return secret.length <= 4 ? '•'.repeat(secret.length) : secret.slice(-4);
}

function masked(hint: string): string {
  return `••••••••${hint}`;
}

export function toBankAccountView(account: BankAccount): BankAccountView {
  return {
    id: account.id,
    provider: account.provider,
    name: account.name,
    apiUrl: account.apiUrl,
    gateUrl: account.gateUrl,
    clientId: account.clientId,
    apiUser: account.apiUser,
    apiPasswordMasked: masked(account.secretHints.apiPassword),
    storeKeyMasked: masked(account.secretHints.storeKey),
    programs: account.programs,
    isDefault: account.isDefault,
    installmentRates: account.installmentRates,
    createdAt: account.createdAt.toISOString(),
  };
}

/** What the adapter needs to talk to the bank: the row with its secrets unsealed. */
export function connectionOf(account: BankAccount): BankConnection {
  const secrets = JSON.parse(unseal('bank-credentials', account.sealedSecrets, account.id)) as { apiPassword: string; storeKey: string };
  return {
    provider: account.provider,
    apiUrl: account.apiUrl,
    gateUrl: account.gateUrl,
    clientId: account.clientId,
    apiUser: account.apiUser,
    apiPassword: secrets.apiPassword,
    storeKey: secrets.storeKey,
  };
}

/**
 * Adds a bank account. The merchant's first account is its default whether asked or not; a new default
 * takes over from the old one, in the same transaction. A program belongs to one account only.
 */
export async function addBankAccount({ db, merchantId, input }: { db: Database; merchantId: string; input: BankAccountRequest }): Promise<BankAccountView> {
  await assertAllowedMerchantUrl('apiUrl', input.apiUrl);
  await assertAllowedMerchantUrl('gateUrl', input.gateUrl);
  const id = randomUUID();
  const account = await db.transaction(async (tx) => {
    // The merchant's row lock orders concurrent adds: one of them finds the other's default.
    const merchant = firstRow(await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for('update'));
    if (!merchant) throw AppError.field('merchantId', 'NOT_FOUND', 'No merchant has this id');
    const existing = await tx.select().from(bankAccounts).where(eq(bankAccounts.merchantId, merchantId)).for('update');
    if (existing.some((account) => account.name === input.name)) {
      throw AppError.field('name', 'DUPLICATE_NAME', `This merchant already has a bank account named ${input.name}`);
    }
    const taken = existing.flatMap((account) => account.programs.filter((program) => (input.programs as readonly string[]).includes(program)).map((program) => `${program} (${account.name})`));
    if (taken.length > 0) throw AppError.field('programs', 'PROGRAM_TAKEN', `Already routed to another account: ${taken.join(', ')}`);
    const isDefault = input.isDefault || existing.length === 0;
    if (isDefault) await tx.update(bankAccounts).set({ isDefault: false }).where(and(eq(bankAccounts.merchantId, merchantId), eq(bankAccounts.isDefault, true)));
    const [inserted] = await tx
      .insert(bankAccounts)
      .values({
        id,
        merchantId,
        provider: input.provider,
        name: input.name,
        apiUrl: input.apiUrl,
        gateUrl: input.gateUrl,
        clientId: input.clientId,
        apiUser: input.apiUser,
        sealedSecrets: seal('bank-credentials', JSON.stringify({ apiPassword: input.apiPassword, storeKey: input.storeKey }), id),
        secretHints: { apiPassword: hintOf(input.apiPassword), storeKey: hintOf(input.storeKey) },
        programs: input.programs,
        isDefault,
        installmentRates: input.installmentRates,
      })
      .returning();
    return inserted;
  });
  logger.info({ merchantId, bankAccountId: id, provider: input.provider }, 'bank account added');
  return toBankAccountView(account);
}

export async function listBankAccounts({ db, merchantId }: { db: Database; merchantId: string }): Promise<BankAccountView[]> {
  const rows = await db.select().from(bankAccounts).where(eq(bankAccounts.merchantId, merchantId)).orderBy(asc(bankAccounts.createdAt), asc(bankAccounts.id));
  return rows.map(toBankAccountView);
}

async function ownAccount(db: Database, merchantId: string, accountId: string): Promise<BankAccount> {
  const account = /^[0-9a-f-]{36}$/i.test(accountId)
    ? firstRow(await db.select().from(bankAccounts).where(and(eq(bankAccounts.id, accountId), eq(bankAccounts.merchantId, merchantId))))
    : undefined;
  if (!account) throw new AppError('NOT_FOUND', 'No such bank account', [{ field: 'bankAccountId', code: 'NOT_FOUND', message: 'No such bank account' }]);
  return account;
}

/** "Test connection": a status query with the stored credentials, answered as the bank put it. */
export async function testBankConnection({ db, merchantId, accountId }: { db: Database; merchantId: string; accountId: string }) {
  const account = await ownAccount(db, merchantId, accountId);
  try {
    return await acquirerFor(connectionOf(account), { timeoutMs: Math.min(config.bankTimeoutMs, 10_000) }).checkConnection();
  } catch (error) {
    logger.warn({ bankAccountId: account.id, err: describeError(error) }, 'bank connection test failed');
    return { ok: false as const, message: 'The bank could not be reached' };
  }
}

/**
 * Removes an account no payment went through (one that took payments stays, since their captures,
 * cancels and refunds go to the same bank). When it was the default, the oldest other account is.
 */
export async function removeBankAccount({ db, merchantId, accountId }: { db: Database; merchantId: string; accountId: string }): Promise<void> {
  const account = await ownAccount(db, merchantId, accountId);
  await db.transaction(async (tx) => {
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for('update');
    const used = firstRow(await tx.select({ id: payments.id }).from(payments).where(eq(payments.bankAccountId, account.id)).limit(1));
    if (used) throw new AppError('INVALID_STATE', 'Payments went through this bank account: it stays for their captures, cancels and refunds');
    await tx.delete(bankAccounts).where(eq(bankAccounts.id, account.id));
    if (!account.isDefault) return;
    const next = firstRow(await tx.select({ id: bankAccounts.id }).from(bankAccounts).where(eq(bankAccounts.merchantId, merchantId)).orderBy(asc(bankAccounts.createdAt)).limit(1));
    if (next) await tx.update(bankAccounts).set({ isDefault: true }).where(eq(bankAccounts.id, next.id));
  });
}
