// npm run db:migrate — apply migrations without starting the server (the server also does it at start-up).
import { openStore } from '../lib/db/client';

try {
  const store = await openStore();
  await store.close();
  console.log(`Migrations applied (${store.kind}).`);
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
