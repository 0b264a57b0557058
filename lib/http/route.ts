import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { openStore, type Database } from '../db/client';
import type { Merchant } from '../db/schema';
import { AppError } from '../errors';
import { claimIdempotencyKey, releaseIdempotencyKey, requestFingerprint, storeIdempotentResponse } from './idempotency';
import { describeError, logger } from '../log';
import { safeParseRequest, toFieldErrors } from '../schemas/common';
import { authenticateApiRequest } from './auth';
import { enforceMerchantRateLimit } from '../limits/rate-limits';
import { errorResponse, jsonResponse } from './respond';
import { clientAddressOf } from './request';

/** Bodies above 64 KiB are refused before they are parsed (reference §2). */
export const MAX_BODY_BYTES = 64 * 1024;
/** An oversized body up to this size is read and discarded, so its connection stays usable. */
const MAX_DRAIN_BYTES = 1024 * 1024;

/** Next.js passes params only to dynamic routes. */
interface RouteContext {
  params?: Promise<Record<string, string | string[] | undefined>>;
}

interface RequestScope {
  request: Request;
  requestId: string;
  clientIp: string;
  /** Set once the caller is known, for the request log line. */
  merchantId?: string;
}

/**
 * Runs a route: request id, one JSON log line, and every thrown error turned into the contract's
 * error body. Unknown errors become a 500 INTERNAL_ERROR naming the request id, logged without data.
 */
export async function runRoute(request: Request, handle: (scope: RequestScope) => Promise<Response>): Promise<Response> {
  const startedAt = performance.now();
  const scope: RequestScope = {
    request,
    requestId: randomUUID(),
    clientIp: clientAddressOf(request.headers),
  };
  let response: Response;
  try {
    response = await handle(scope);
  } catch (error) {
    response = errorToResponse(error, scope);
  }
  response.headers.set('X-Request-Id', scope.requestId);
  const path = new URL(request.url).pathname;
  logger.info(
    {
      requestId: scope.requestId,
      method: request.method,
      path,
      status: response.status,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      merchantId: scope.merchantId,
      clientIp: scope.clientIp,
    },
    'request',
  );
  return response;
}

function errorToResponse(error: unknown, scope: RequestScope): Response {
  if (error instanceof AppError) return errorResponse(error);
  if (scope.request.signal.aborted || (error instanceof Error && (error.name === 'AbortError' || error.message === 'aborted'))) {
    return errorResponse(new AppError('REQUEST_ABORTED', 'The client closed the request'));
  }
  // Only what describeError keeps: never request data, which may hold card fields.
  logger.error({ requestId: scope.requestId, err: describeError(error) }, 'unhandled error');
  return errorResponse(new AppError('INTERNAL_ERROR', 'Something went wrong on our side'), { requestId: scope.requestId });
}

export interface MerchantHandlerContext<Body, Query = undefined> {
  request: Request;
  db: Database;
  merchant: Merchant;
  body: Body;
  /** The URL's query parameters, validated with the route's `query` schema. */
  query: Query;
  params: Record<string, string>;
  requestId: string;
}

/**
 * A merchant API route: authenticates X-API-KEY/X-API-SECRET, enforces JSON and the size limit,
 * validates the body with `schema` and the query parameters with `query`, honours `Idempotency-Key`
 * on POSTs, and returns the handler's result as JSON (200), or as it is when it is a Response (a
 * streamed export).
 */
export function withMerchant<Schema extends z.ZodType | undefined = undefined, Query extends z.ZodType | undefined = undefined>(
  options: { schema?: Schema; query?: Query },
  handler: (
    context: MerchantHandlerContext<Schema extends z.ZodType ? z.output<Schema> : undefined, Query extends z.ZodType ? z.output<Query> : undefined>,
  ) => Promise<unknown>,
) {
  return (request: Request, routeContext?: RouteContext) =>
    runRoute(request, async (scope) => {
      const store = await openStore();
      const db = store.db;
      const merchant = await authenticateApiRequest({
        store,
        apiKey: request.headers.get('x-api-key'),
        apiSecret: request.headers.get('x-api-secret'),
        address: scope.clientIp,
      });
      scope.merchantId = merchant.id;
      await enforceMerchantRateLimit(store, merchant);
      const params = Object.fromEntries(
        Object.entries((await routeContext?.params) ?? {}).map(([name, value]) => [name, String(value ?? '')]),
      );
      const json = options.schema ? parseJson(await readJsonBody(request)) : undefined;
      const body = options.schema ? validateBody(options.schema, json) : undefined;
      const query = options.query ? validateQuery(options.query, new URL(request.url).searchParams) : undefined;
      const run = () => handler({ request, db, merchant, body: body as never, query: query as never, params, requestId: scope.requestId });

      const idempotencyKey = request.headers.get('idempotency-key');
      if (idempotencyKey === null || request.method !== 'POST') {
        const result = await run();
        return result instanceof Response ? result : jsonResponse(result);
      }
      if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
        throw AppError.field('Idempotency-Key', 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–255 characters');
      }
      const keyScope = { db, merchantId: merchant.id, key: idempotencyKey };
      const requestHash = requestFingerprint(request.method, new URL(request.url).pathname, json);
      const claim = await claimIdempotencyKey({ ...keyScope, requestHash });
      if (claim.kind === 'replay') {
        const replay = jsonResponse(claim.body, claim.status);
        replay.headers.set('Idempotent-Replayed', 'true');
        return replay;
      }
      try {
        const result = await run();
        await storeIdempotentResponse(keyScope, 200, result);
        return jsonResponse(result);
      } catch (error) {
        await releaseIdempotencyKey(keyScope);
        throw error;
      }
    });
}

/** A route without merchant credentials (health, OpenAPI). */
export function withPublic(handler: (request: Request) => Promise<unknown>) {
  return (request: Request) => runRoute(request, async () => jsonResponse(await handler(request)));
}

async function readJsonBody(request: Request): Promise<string> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request as Content-Type: application/json', [
      { field: 'Content-Type', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json' },
    ]);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_DRAIN_BYTES) size = declared;
  else if (request.body) {
    const reader = request.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk.value);
      else if (size > MAX_DRAIN_BYTES) {
        await reader.cancel();
        break;
      }
    }
  }
  if (size > MAX_BODY_BYTES) {
    // A body read to its end leaves the connection reusable; one abandoned midway cannot carry
    // another request, so that connection is closed.
    const abandoned = size > MAX_DRAIN_BYTES;
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      'Request body is larger than 64 KiB',
      [{ field: 'body', code: 'PAYLOAD_TOO_LARGE', message: `Body must be at most ${MAX_BODY_BYTES} bytes` }],
      abandoned ? { Connection: 'close' } : {},
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw malformedJson();
  }
}

function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw malformedJson();
  }
}

function validateBody<Schema extends z.ZodType>(schema: Schema, json: unknown): z.output<Schema> {
  const parsed = safeParseRequest(schema, json);
  if (!parsed.success) throw new AppError('VALIDATION_ERROR', 'Request is invalid', toFieldErrors(parsed.error, json));
  return parsed.data;
}

/** Query parameters as an object of strings (a repeated parameter: its last value). */
function validateQuery<Schema extends z.ZodType>(schema: Schema, searchParams: URLSearchParams): z.output<Schema> {
  const values = Object.fromEntries(searchParams);
  const parsed = safeParseRequest(schema, values);
  if (!parsed.success) throw new AppError('VALIDATION_ERROR', 'Query parameters are invalid', toFieldErrors(parsed.error, values));
  return parsed.data;
}

function malformedJson(): AppError {
  return new AppError('MALFORMED_JSON', 'Request body is not valid JSON', [
    { field: 'body', code: 'MALFORMED_JSON', message: 'Body must be a JSON object' },
  ]);
}

/**
 * A handler for the methods a route does not serve: Next.js would answer 405 with an empty body,
 * the contract wants its error body on every non-2xx.
 */
export function methodNotAllowed(...allowed: string[]) {
  return (request: Request) =>
    runRoute(request, () =>
      Promise.reject(
        new AppError('METHOD_NOT_ALLOWED', `Use ${allowed.join(' or ')} on this endpoint`, [
          { field: 'method', code: 'METHOD_NOT_ALLOWED', message: `Allowed: ${allowed.join(', ')}` },
        ], { Allow: allowed.join(', ') }),
      ),
    );
}
