import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorBodySchema } from './error';

/** What every resource's part of the OpenAPI document (lib/schemas/<resource>.openapi.ts) is given. */
export interface OpenApiParts {
  registry: OpenAPIRegistry;
  security: { ApiKey: never[]; ApiSecret: never[] }[];
  json: (schema: z.ZodType, description: string) => { description: string; content: { 'application/json': { schema: z.ZodType } } };
  errors: (...statuses: number[]) => Record<number, ReturnType<OpenApiParts['json']>>;
  idempotencyHeader: z.ZodObject<{ 'Idempotency-Key': z.ZodOptional<z.ZodString> }>;
  paymentIdParams: z.ZodObject<{ paymentId: z.ZodUUID }>;
}

export function openApiParts(registry: OpenAPIRegistry): OpenApiParts {
  registry.registerComponent('securitySchemes', 'ApiKey', { type: 'apiKey', in: 'header', name: 'X-API-KEY' });
  registry.registerComponent('securitySchemes', 'ApiSecret', { type: 'apiKey', in: 'header', name: 'X-API-SECRET' });
  const json: OpenApiParts['json'] = (schema, description) => ({ description, content: { 'application/json': { schema } } });
  return {
    registry,
    security: [{ ApiKey: [], ApiSecret: [] }],
    json,
    errors: (...statuses) => Object.fromEntries(statuses.map((status) => [status, json(errorBodySchema, errorDescriptions[status] ?? 'Error')])),
    idempotencyHeader: z.object({
      'Idempotency-Key': z.string().max(255).optional().meta({
        description: 'Replays within 24 h return the stored response; another body with the same key answers 409',
      }),
    }),
    paymentIdParams: z.object({ paymentId: z.uuid().meta({ example: '123e4567-e89b-12d3-a456-426614174000' }) }),
  };
}

const errorDescriptions: Record<number, string> = {
  400: 'VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field',
  401: 'UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET',
  404: 'NOT_FOUND: no such payment, checkout or event endpoint for this merchant',
  409:
    'DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS',
  413: 'PAYLOAD_TOO_LARGE: body over 64 KiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: send application/json',
  422: 'CANCEL_DECLINED: the bank declined the cancel; the payment stands (refund it instead)',
  429: 'RATE_LIMITED: see Retry-After',
  502: 'BANK_UNAVAILABLE: the merchant’s bank did not answer; Kasa asks it again and settles the capture or cancel (see the payment events)',
  503: 'SERVICE_UNAVAILABLE: the database is not answering; ACQUIRER_NOT_CONFIGURED: live mode, and no bank account for this payment',
};
