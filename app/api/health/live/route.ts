import { withPublic } from '@/lib/http/handler';

export const dynamic = 'force-dynamic';

// GET /api/health/live — liveness: the process serves requests (no database); also the benchmark baseline
export const GET = withPublic(async () => ({ status: 'ok' }));
