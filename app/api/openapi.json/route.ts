import { withPublic } from '@/lib/http/handler';
import { buildOpenApiDocument } from '@/lib/openapi';
import { processSingleton } from '@/lib/process-singleton';

export const dynamic = 'force-dynamic';

// GET /api/openapi.json — the OpenAPI 3.1 document of the merchant API
export const GET = withPublic(async () => processSingleton('openapi-document', buildOpenApiDocument));
