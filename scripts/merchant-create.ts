// npm run merchant:create -- --name "Shop" [--email owner@shop.example --password '…'] [--json]
// Creates a merchant and prints its id and credentials; the secrets are shown now and never again.
// With --email and --password (12+ characters) it also creates the merchant's dashboard login;
// --rate-limit N [--burst M] sets its API rate limit (requests per second, burst; default 100/200);
// --authorization-days N how long its uncaptured pre-authorizations hold (1–30, default 7).
import { parseArgs } from 'node:util';
import { config } from '../lib/config';
import { openStore } from '../lib/db/client';
import { AppError } from '../lib/errors';
import { createMerchant } from '../lib/merchants/credentials';
import { printCredentials } from '../lib/merchants/print';
import { newDashboardUserSchema } from '../lib/schemas/dashboard';
import { authorizationDaysSchema } from '../lib/schemas/dashboard-forms';

const usage =
  'Usage: npm run merchant:create -- --name "Shop name" [--email owner@shop.example --password "…"] [--rate-limit N [--burst M]] [--authorization-days N] [--json]\n' +
  '  name: 1–100 characters; password: at least 12 characters (--email and --password go together);\n' +
  '  authorization-days: 1–30 (default 7), how long an uncaptured pre-authorization holds';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    'rate-limit': { type: 'string' },
    burst: { type: 'string' },
    'authorization-days': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const name = values.name?.trim();
if (!name || name.length > 100) {
  console.error(usage);
  process.exit(2);
}

let dashboardUser: { email: string; password: string } | undefined;
if (values.email !== undefined || values.password !== undefined) {
  const parsed = newDashboardUserSchema.safeParse({ email: values.email, password: values.password });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`--${String(issue.path[0])}: ${issue.message}\n${usage}`);
    process.exit(2);
  }
  dashboardUser = parsed.data;
}

let rateLimit: { perSecond: number; burst: number } | undefined;
if (values['rate-limit'] !== undefined || values.burst !== undefined) {
  const perSecond = Number(values['rate-limit'] ?? 100);
  const burst = Number(values.burst ?? perSecond * 2);
  if (![perSecond, burst].every((value) => Number.isInteger(value) && value >= 1 && value <= 1_000_000) || burst < perSecond) {
    console.error(`--rate-limit and --burst: whole numbers 1–1,000,000, burst ≥ rate\n${usage}`);
    process.exit(2);
  }
  rateLimit = { perSecond, burst };
}

let authorizationDays: number | undefined;
if (values['authorization-days'] !== undefined) {
  const text = values['authorization-days'].trim();
  const parsed = authorizationDaysSchema.safeParse(/^\d+$/.test(text) ? Number(text) : text);
  if (!parsed.success) {
    console.error(`--authorization-days: ${parsed.error.issues[0].message}\n${usage}`);
    process.exit(2);
  }
  authorizationDays = parsed.data;
}

try {
  const store = await openStore();
  const credentials = await createMerchant({ db: store.db, name, dashboardUser, rateLimit, authorizationDays });
  await store.close();
  if (values.json) process.stdout.write(JSON.stringify(credentials) + '\n');
  else printCredentials(name, credentials, { url: `${config.publicBaseUrl}/dashboard` });
  process.exit(0);
} catch (error) {
  const fieldError = error instanceof AppError ? error.fieldErrors[0] : undefined;
  console.error(fieldError ? `--${fieldError.field}: ${fieldError.message}` : (error as Error).message);
  process.exit(1);
}
