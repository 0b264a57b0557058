import { sql } from 'drizzle-orm';
import { openStore } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { withPublic } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// GET /api/health — readiness: the database answers a query
export const GET = withPublic(async () => {
  const store = await openStore();
  try {
    await store.db.execute(sql`select 1`);
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE', 'The database is not answering');
  }
  return { status: 'ok', database: 'ok', store: store.kind };
});

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
