import path from 'node:path';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPgliteClient } from '../db/pglite-client';
import type { Database } from '../db/client';
import * as schema from '../db/schema';
import { bankAccountRequestSchema } from '../schemas/bank-account';
import { addBankAccount, listBankAccounts, removeBankAccount } from './accounts';
import { routeCard, routeOfPayment } from './routing';

let db: Database;
let close: () => Promise<void>;
const account = (name: string, extra: Record<string, unknown> = {}) =>
  bankAccountRequestSchema.parse({
    provider: 'nestpay',
    name,
    apiUrl: 'http://127.0.0.1:9/fim/api',
    gateUrl: 'http://127.0.0.1:9/fim/est3Dgate',
    clientId: '190100000',
    apiUser: 'KASAAPI',
    apiPassword: 'Sekret-Password-1',
    storeKey: 'STORE-KEY-9876',
    ...extra,
  });

beforeAll(async () => {
  const { client, forDrizzle } = await createPgliteClient('memory://');
  db = drizzle({ client: forDrizzle, schema });
  await migrate(db as never, { migrationsFolder: path.join(process.cwd(), 'lib/db/migrations') });
  for (const id of ['mch_routing', 'mch_none']) {
    await db.insert(schema.merchants).values({ id, name: id, callbackSecretSealed: 'x' });
  }
  close = () => client.close();
});
afterAll(() => close());

describe('bank routing', () => {
  test('without accounts: the sandbox bank in sandbox mode, ACQUIRER_NOT_CONFIGURED in live mode', async () => {
    const sandbox = await routeCard(db, 'mch_none', { loyaltyCode: 'AXESS', installments: true }, 'sandbox');
    expect(sandbox.account).toBeNull();
    expect(sandbox.acquirer.threeDs.kind).toBe('directory');
    await expect(routeCard(db, 'mch_none', { loyaltyCode: null, installments: false }, 'live')).rejects.toMatchObject({ code: 'ACQUIRER_NOT_CONFIGURED' });
    await expect(routeOfPayment(db, { bankAccountId: null }, 'live')).rejects.toMatchObject({ code: 'ACQUIRER_NOT_CONFIGURED' });
  });

  test('with accounts, in either mode: installments by program to its account, everything else to the default', async () => {
    const main = await addBankAccount({ db, merchantId: 'mch_routing', input: account('Main') });
    const axess = await addBankAccount({ db, merchantId: 'mch_routing', input: account('Axess', { programs: ['AXESS'], installmentRates: { 2: 110 } }) });
    expect([main.isDefault, axess.isDefault]).toEqual([true, false]);
    for (const mode of ['sandbox', 'live'] as const) {
      expect((await routeCard(db, 'mch_routing', { loyaltyCode: 'AXESS', installments: true }, mode)).account?.id).toBe(axess.id);
      expect((await routeCard(db, 'mch_routing', { loyaltyCode: 'AXESS', installments: false }, mode)).account?.id).toBe(main.id);
      expect((await routeCard(db, 'mch_routing', { loyaltyCode: 'WORLD', installments: true }, mode)).account?.id).toBe(main.id);
    }
    const route = await routeCard(db, 'mch_routing', { loyaltyCode: 'AXESS', installments: true }, 'live');
    expect(route.installmentRates).toEqual({ 2: 110 });
    expect(route.acquirer.threeDs.kind).toBe('gate');
    expect((await routeOfPayment(db, { bankAccountId: axess.id }, 'live')).account?.id).toBe(axess.id);
  });

  test('a program belongs to one account, names are unique, and a new default takes over', async () => {
    await expect(addBankAccount({ db, merchantId: 'mch_routing', input: account('Other', { programs: ['AXESS'] }) })).rejects.toMatchObject({ fieldErrors: [expect.objectContaining({ field: 'programs', code: 'PROGRAM_TAKEN' })] });
    await expect(addBankAccount({ db, merchantId: 'mch_routing', input: account('Main') })).rejects.toMatchObject({ fieldErrors: [expect.objectContaining({ code: 'DUPLICATE_NAME' })] });
    const newer = await addBankAccount({ db, merchantId: 'mch_routing', input: account('Newer', { isDefault: true }) });
    const listed = await listBankAccounts({ db, merchantId: 'mch_routing' });
    expect(listed.filter((view) => view.isDefault).map((view) => view.id)).toEqual([newer.id]);
    // Removing the default makes the oldest remaining account the default.
    await removeBankAccount({ db, merchantId: 'mch_routing', accountId: newer.id });
    expect((await listBankAccounts({ db, merchantId: 'mch_routing' })).find((view) => view.isDefault)?.name).toBe('Main');
  });

  test('secrets are sealed at rest and listed masked', async () => {
    const [row] = await db.select().from(schema.bankAccounts).where(eq(schema.bankAccounts.name, 'Main'));
    expect(JSON.stringify(row)).not.toContain('Sekret-Password-1');
    expect(JSON.stringify(row)).not.toContain('STORE-KEY-9876');
    const [view] = await listBankAccounts({ db, merchantId: 'mch_routing' });
    expect(view).toMatchObject({ apiPasswordMasked: '••••••••rd-1', storeKeyMasked: '••••••••9876' });
    expect(JSON.stringify(view)).not.toContain('Sekret-Password-1');
  });
});
