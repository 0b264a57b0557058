// npm run acquirer:add -- --merchant <merchantId> --provider nestpay --name "Akbank" --api-url URL --gate-url URL
//   --client-id ID --api-user USER --api-password PASS --store-key KEY [--programs AXESS,…]
//   [--rates "2:1.80,3:2.90"] [--default] [--json]
// Adds a merchant's bank account (virtual POS contract). The API password and store key are sealed with
// KASA_SECRET_KEY and never printed again; --rates is the contract's installment interest in percent.
// Run it while the server is stopped when the store is the embedded one (it holds DATA_DIR's lock).
import { parseArgs } from 'node:util';
import { addBankAccount } from '../lib/banks/accounts';
import { config } from '../lib/config';
import { openStore } from '../lib/db/client';
import { BANK_RETURN_PATH } from '../lib/payments/three-ds/enroll';
import { AppError } from '../lib/errors';
import { bankAccountRequestSchema, loyaltyPrograms, parseInstallmentRates } from '../lib/schemas/bank-account';

const usage =
  'Usage: npm run acquirer:add -- --merchant <merchantId> --provider nestpay --name "Bank" --api-url URL --gate-url URL\n' +
  '         --client-id ID --api-user USER --api-password PASS --store-key KEY [--programs AXESS,…] [--rates "2:1.80,3:2.90"] [--default] [--json]\n' +
  `  programs: ${loyaltyPrograms.join(', ')} (their installment payments go to this account)\n` +
  '  rates: installment count and interest in percent, as the contract lists them (none: single payments only)';

const flags = {
  merchant: 'merchantId',
  provider: 'provider',
  name: 'name',
  'api-url': 'apiUrl',
  'gate-url': 'gateUrl',
  'client-id': 'clientId',
  'api-user': 'apiUser',
  'api-password': 'apiPassword',
  'store-key': 'storeKey',
  programs: 'programs',
  rates: 'installmentRates',
} as const;
const fieldFlag = Object.fromEntries(Object.entries(flags).map(([flag, field]) => [field, flag])) as Record<string, string>;

const { values } = parseArgs({
  options: {
    ...Object.fromEntries(Object.keys(flags).map((flag) => [flag, { type: 'string' as const }])),
    default: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const text = (flag: keyof typeof flags) => (values as Record<string, unknown>)[flag] as string | undefined;

const merchantId = text('merchant')?.trim();
if (!merchantId) {
  console.error(`--merchant is required\n${usage}`);
  process.exit(2);
}
const parsed = bankAccountRequestSchema.safeParse({
  provider: text('provider'),
  name: text('name'),
  apiUrl: text('api-url'),
  gateUrl: text('gate-url'),
  clientId: text('client-id'),
  apiUser: text('api-user'),
  apiPassword: text('api-password'),
  storeKey: text('store-key'),
  programs: text('programs')
    ?.split(',')
    .map((program) => program.trim().toUpperCase())
    .filter(Boolean),
  isDefault: values.default,
  installmentRates: text('rates') === undefined ? undefined : parseInstallmentRates(text('rates') ?? ''),
});
if (!parsed.success) {
  // The message names the flag, never the value: a secret typed into the wrong flag is not echoed.
  const issue = parsed.error.issues[0];
  console.error(`--${fieldFlag[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}\n${usage}`);
  process.exit(2);
}

try {
  const store = await openStore();
  const account = await addBankAccount({ db: store.db, merchantId, input: parsed.data });
  await store.close();
  if (values.json) {
    process.stdout.write(JSON.stringify(account) + '\n');
  } else {
    process.stdout.write(
      [
        `Bank account "${account.name}" (${account.provider}) added${account.isDefault ? ' as the default' : ''}.`,
        `  Account id      ${account.id}`,
        `  Client id       ${account.clientId}`,
        `  API password    ${account.apiPasswordMasked}`,
        `  Store key       ${account.storeKeyMasked}`,
        `  Programs        ${account.programs.join(', ') || '—'}`,
        `  Register with the bank as okUrl and failUrl: ${config.publicBaseUrl}${BANK_RETURN_PATH}`,
      ].join('\n') + '\n',
    );
  }
  process.exit(0);
} catch (error) {
  const fieldError = error instanceof AppError ? error.fieldErrors[0] : undefined;
  if (fieldError) console.error(`--${fieldFlag[fieldError.field] ?? fieldError.field}: ${fieldError.message}`);
  else if (error instanceof AppError) console.error(error.message);
  else console.error(`The bank account could not be added: ${(error as Error).name}`);
  process.exit(1);
}
