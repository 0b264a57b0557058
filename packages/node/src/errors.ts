/** One entry of the API's `errors` list (reference §3). */
export interface KasaFieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * A non-2xx answer of the Kasa API: `resultCode` is the stable identifier to branch on
 * (`VALIDATION_ERROR`, `DUPLICATE_ORDER`, `AMOUNT_EXCEEDS_REFUNDABLE`, …). A card decline is not an
 * error: it is a 200 with `status: "FAILED"`.
 */
export class KasaApiError extends Error {
  readonly status: number;
  readonly resultCode: string;
  readonly errors: KasaFieldError[];
  readonly requestId: string | null;

  constructor(status: number, body: unknown, requestId: string | null) {
    const parsed = (typeof body === 'object' && body !== null ? body : {}) as { resultCode?: unknown; resultMessage?: unknown; errors?: unknown };
    const resultCode = typeof parsed.resultCode === 'string' ? parsed.resultCode : `HTTP_${status}`;
    super(typeof parsed.resultMessage === 'string' ? parsed.resultMessage : `Kasa answered HTTP ${status}`);
    this.name = 'KasaApiError';
    this.status = status;
    this.resultCode = resultCode;
    this.errors = Array.isArray(parsed.errors) ? (parsed.errors as KasaFieldError[]) : [];
    this.requestId = requestId;
  }
}

/** A callback or event whose X-Kasa-Signature does not check out: answer it 400 and do nothing. */
export class KasaSignatureError extends Error {
  constructor(reason: string) {
    super(`Invalid X-Kasa-Signature: ${reason}`);
    this.name = 'KasaSignatureError';
  }
}
