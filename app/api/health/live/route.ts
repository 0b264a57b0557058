import { withPublic } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// GET /api/health/live — liveness: the process serves requests (no database); also the benchmark baseline
export const GET = withPublic(() => Promise.resolve({ status: 'ok' }));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
