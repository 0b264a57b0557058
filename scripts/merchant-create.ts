// npm run merchant:create -- --name "Shop" [--json]
// Creates a merchant and prints its id and credentials; the secrets are shown now and never again.
import { parseArgs } from 'node:util';
import { openStore } from '../lib/db/client';
import { createMerchant } from '../lib/merchants/credentials';
import { printCredentials } from '../lib/merchants/print';

const { values } = parseArgs({
  options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const name = values.name?.trim();
if (!name || name.length > 100) {
  console.error('Usage: npm run merchant:create -- --name "Shop name" [--json]   (name: 1–100 characters)');
  process.exit(2);
}

try {
  const store = await openStore();
  const credentials = await createMerchant({ db: store.db, name });
  await store.close();
  if (values.json) process.stdout.write(JSON.stringify(credentials) + '\n');
  else printCredentials(name, credentials);
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
