import openapiTS, { astToString } from 'openapi-typescript';

/** Where the SDK's generated types live, checked in and checked against the served document (tests/http/sdk.test.ts). */
export const SDK_TYPES_FILE = 'packages/node/src/generated/openapi.ts';

/**
 * The SDK's types for an OpenAPI document, as openapi-typescript prints them. The server list is left
 * out: it names one installation's PUBLIC_BASE_URL, not the API.
 */
export async function sdkTypesFor(document: object): Promise<string> {
  // The servers are the caller's to choose, not part of the SDK's types.
  const api = Object.fromEntries(Object.entries(document).filter(([key]) => key !== 'servers'));
  // A field with a default stays optional: requests may leave it out (openapi-typescript would make it required).
  const ast = await openapiTS(api as Parameters<typeof openapiTS>[0], { defaultNonNullable: false });
  return `// Generated from Kasa's OpenAPI document by \`npm run sdk:generate\`: do not edit.\n${astToString(ast)}`;
}
