// `npm run sdk:generate`: regenerates the typed SDK's types (packages/node) from the OpenAPI document
// the server builds from its zod schemas. tests/http/sdk.test.ts fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../lib/schemas/openapi';
import { SDK_TYPES_FILE, sdkTypesFor } from '../packages/node/codegen';

const file = path.join(process.cwd(), SDK_TYPES_FILE);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, await sdkTypesFor(buildOpenApiDocument()));
console.log(`wrote ${SDK_TYPES_FILE}`);
