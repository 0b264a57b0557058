/**
 * Kasa's one error model. Domain code throws AppError with a stable code; lib/http turns it into the
 * contract's body `{resultCode, resultMessage, errors}` with the status from this table.
 */
export const errorStatus = {
  VALIDATION_ERROR: 400,
  MALFORMED_JSON: 400,
  INVALID_SECURITY_KEY: 400,
  /** The client went away before its request body arrived; nobody reads the answer. */
  REQUEST_ABORTED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** The bank declined a cancel: the payment stands as it was. */
  CANCEL_DECLINED: 422,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  DUPLICATE_ORDER: 409,
  INVALID_STATE: 409,
  AMOUNT_EXCEEDS_AUTHORIZED: 409,
  AMOUNT_EXCEEDS_REFUNDABLE: 409,
  DUPLICATE_REFERENCE: 409,
  /** 409 for a capture (reference §5); a refund's is a 400 (§10), set where it is thrown. */
  CURRENCY_MISMATCH: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  REQUEST_IN_PROGRESS: 409,
  /** A merchant already has its 5 event endpoints. */
  EVENT_ENDPOINT_LIMIT_REACHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  /** The merchant's bank did not answer a capture or cancel: nothing was recorded, a retry is safe. */
  BANK_UNAVAILABLE: 502,
  SERVICE_UNAVAILABLE: 503,
  /** KASA_MODE=live and the merchant has no bank account (lib/banks/routing.ts). */
  ACQUIRER_NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** Where the contract gives one code two statuses (CURRENCY_MISMATCH); otherwise the table's. */
    private readonly statusOverride?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return this.statusOverride ?? errorStatus[this.code];
  }

  /** A 400 about one request field. */
  static field(field: string, code: string, message: string): AppError {
    return new AppError('VALIDATION_ERROR', 'Request is invalid', [{ field, code, message }]);
  }
}

/**
 * A value the code's own invariants guarantee (a checked currency's exponent, an authorized payment's
 * authorized amount). TypeScript cannot follow those invariants; should one ever break, this fails
 * loudly (a 500) instead of computing with null or undefined.
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`invariant broken: ${what} is missing`);
  return value;
}
