import { withPublic } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { buildOpenApiDocument } from '@/lib/schemas/openapi';
import { processSingleton } from '@/lib/process-singleton';

export const dynamic = 'force-dynamic';

// GET /api/openapi.json — the OpenAPI 3.1 document of the merchant API
export const GET = withPublic(() => Promise.resolve(processSingleton('openapi-document', buildOpenApiDocument)));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
