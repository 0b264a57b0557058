// Generated from Kasa's OpenAPI document by `npm run sdk:generate`: do not edit.
export interface paths {
    "/api/payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Direct sale (no 3-D Secure) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "orderId": "ORD-12345",
                     *       "amount": 100.5,
                     *       "currency": "TRY",
                     *       "cardHolderName": "John Doe",
                     *       "pan": "5421190122090656",
                     *       "expiryMonth": "04",
                     *       "expiryYear": "28",
                     *       "cvv": "916",
                     *       "requestIp": "192.168.1.1",
                     *       "requestPort": 8080,
                     *       "customerId": "CUST-12345"
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentRequest"];
                };
            };
            responses: {
                /** @description The payment: SUCCESS, or FAILED with the decline code (a decline is not an error); PENDING with BANK_OUTCOME_UNKNOWN when a bank’s answer was lost (settled later, see the payment events) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pre-authorization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pre-authorization: reserve the amount, capture later */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "orderId": "ORD-12345",
                     *       "amount": 100.5,
                     *       "currency": "TRY",
                     *       "cardHolderName": "John Doe",
                     *       "pan": "5421190122090656",
                     *       "expiryMonth": "04",
                     *       "expiryYear": "28",
                     *       "cvv": "916",
                     *       "requestIp": "192.168.1.1",
                     *       "requestPort": 8080,
                     *       "customerId": "CUST-12345"
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentRequest"];
                };
            };
            responses: {
                /** @description The payment: SUCCESS, or FAILED with the decline code (a decline is not an error); PENDING with BANK_OUTCOME_UNKNOWN when a bank’s answer was lost (settled later, see the payment events) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pre-authorization/{paymentId}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Capture all or part of a pre-authorization, once; the rest is released */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CaptureRequest"];
                };
            };
            responses: {
                /** @description The captured payment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description BANK_UNAVAILABLE: the merchant’s bank did not answer; Kasa asks it again and settles the capture or cancel (see the payment events) */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your payments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The payment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void a payment so no money moves: an uncaptured pre-authorization, or a charge before its day’s settlement cut-off */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CancelRequest"];
                };
            };
            responses: {
                /** @description The payment, status CANCELLED (a repeat answers the same) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description CANCEL_DECLINED: the bank declined the cancel; the payment stands (refund it instead) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description BANK_UNAVAILABLE: the merchant’s bank did not answer; Kasa asks it again and settles the capture or cancel (see the payment events) */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund part or all of what is still refundable (a decline by the bank is status FAILED, not an error) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["RefundRequest"];
                };
            };
            responses: {
                /** @description The refund: SUCCESS, or FAILED with the bank’s decline code */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Refund"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment/{paymentId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The payment’s refunds, oldest first, each with the payment’s totals after it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The refunds */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RefundList"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/installment-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Installment plans the card allows for the amount */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "amount": 1000,
                     *       "currency": "TRY",
                     *       "pan": "54211901",
                     *       "maxInstallmentCount": 3,
                     *       "interestPaidByCustomer": true
                     *     }
                     */
                    "application/json": components["schemas"]["InstallmentOptionsRequest"];
                };
            };
            responses: {
                /** @description Options for counts 2…max; empty when the card allows no installments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InstallmentOptionsResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/3ds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a 3-D Secure payment: enrollment and the issuer page to show the shopper */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "orderId": "ORD-12345",
                     *       "amount": 100.5,
                     *       "currency": "TRY",
                     *       "cardHolderName": "John Doe",
                     *       "pan": "5421190122090656",
                     *       "expiryMonth": "04",
                     *       "expiryYear": "28",
                     *       "cvv": "916",
                     *       "requestIp": "192.168.1.1",
                     *       "requestPort": 8080,
                     *       "customerId": "CUST-12345",
                     *       "installmentCount": 3,
                     *       "interestPaidByCustomer": true,
                     *       "successUrl": "https://shop.example/3ds/success",
                     *       "failureUrl": "https://shop.example/3ds/failure"
                     *     }
                     */
                    "application/json": components["schemas"]["ThreeDsRequest"];
                };
            };
            responses: {
                /** @description ENROLLED (success: true, htmlContent) or NOT_ENROLLED (success: false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ThreeDsEnrollmentResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/3ds/{paymentId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Authorize a 3-D Secure payment with the securityKey the issuer page posted back */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ThreeDsCompleteRequest"];
                };
            };
            responses: {
                /** @description SUCCESS, or FAILED (a decline, or THREE_DS_AUTH_FAILED); repeating returns the same result */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your payments, newest first: filters and cursor paging; every match as CSV with Accept: text/csv */
        get: {
            parameters: {
                query?: {
                    status?: "SUCCESS" | "FAILED" | "ENROLLED" | "PENDING" | "EXPIRED" | "CANCELLED";
                    /** @description The merchant's tracking number for the order */
                    orderId?: string;
                    customerId?: string;
                    last4?: string;
                    /** @description Created at or after (ISO 8601) */
                    createdFrom?: string;
                    /** @description Created before (ISO 8601) */
                    createdTo?: string;
                    /** @description minAmount in major units of `currency` (which it requires) */
                    minAmount?: number;
                    /** @description maxAmount in major units of `currency` (which it requires) */
                    maxAmount?: number;
                    /** @description ISO 4217 alphabetic code enabled for the merchant */
                    currency?: string;
                    installmentCount?: number;
                    refundStatus?: "NOT_REFUNDED" | "PARTIALLY_REFUNDED" | "FULLY_REFUNDED";
                    /** @description Objects per page, 1–100 */
                    limit?: number;
                    /** @description The `nextCursor` of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of payments; with Accept: text/csv, every matching payment as RFC 4180 CSV (streamed) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentList"];
                        "text/csv": string;
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your refunds, newest first: filters and cursor paging; every match as CSV with Accept: text/csv */
        get: {
            parameters: {
                query?: {
                    paymentId?: string;
                    status?: "SUCCESS" | "FAILED" | "PENDING";
                    /** @description Created at or after (ISO 8601) */
                    createdFrom?: string;
                    /** @description Created before (ISO 8601) */
                    createdTo?: string;
                    /** @description Objects per page, 1–100 */
                    limit?: number;
                    /** @description The `nextCursor` of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of refunds (each with its payment’s totals as they stand now); with Accept: text/csv, every matching refund as CSV */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RefundPage"];
                        "text/csv": string;
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a hosted checkout link */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "orderId": "ORD-12345",
                     *       "amount": 1000,
                     *       "currency": "TRY",
                     *       "description": "Order #12345",
                     *       "callback": "https://shop.example/kasa/callback",
                     *       "maxInstallmentCount": 6,
                     *       "interestPaidByCustomer": true,
                     *       "returnUrl": "https://shop.example/orders/12345"
                     *     }
                     */
                    "application/json": components["schemas"]["CheckoutRequest"];
                };
            };
            responses: {
                /** @description The checkout and where to send the shopper */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CheckoutCreatedResponse"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/{checkoutId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The checkout’s latest payment attempt (PENDING before any, EXPIRED when expired unpaid) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    checkoutId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The latest attempt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/{checkoutId}/expire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End an unpaid link now: it takes no more attempts (one on the 3-D Secure page fails) and its checkout.expired callback goes out
         * @description No body. Answers what GET /api/checkout/{checkoutId} answers from then on (status EXPIRED); repeating answers the same. A paid or closed link → 409 INVALID_STATE; an attempt being completed at that moment → 409 REQUEST_IN_PROGRESS (retry shortly).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path: {
                    checkoutId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The checkout, now EXPIRED */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiPaymentResponse"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description DUPLICATE_ORDER, INVALID_STATE, AMOUNT_EXCEEDS_AUTHORIZED, AMOUNT_EXCEEDS_REFUNDABLE, DUPLICATE_REFERENCE, CURRENCY_MISMATCH (capture), IDEMPOTENCY_KEY_REUSED or REQUEST_IN_PROGRESS */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/event-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your event endpoints, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoints */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventEndpointList"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Register an event endpoint (at most 5; `events` default all types) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Replays within 24 h return the stored response; another body with the same key answers 409 */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["EventEndpointRequest"];
                };
            };
            responses: {
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EventEndpoint"];
                    };
                };
                /** @description VALIDATION_ERROR, MALFORMED_JSON, INVALID_SECURITY_KEY or CURRENCY_MISMATCH (refund): `errors[].field` names the field */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description EVENT_ENDPOINT_LIMIT_REACHED: the merchant already has 5 endpoints */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description PAYLOAD_TOO_LARGE: body over 64 KiB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description UNSUPPORTED_MEDIA_TYPE: send application/json */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/event-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an event endpoint: nothing more is sent to it */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description UNAUTHORIZED: missing or wrong X-API-KEY / X-API-SECRET */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description NOT_FOUND: no such payment, checkout or event endpoint for this merchant */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description RATE_LIMITED: see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            /** @enum {string} */
                            database: "ok";
                            /** @enum {string} */
                            store: "pglite" | "postgres";
                        };
                    };
                };
                /** @description SERVICE_UNAVAILABLE: the database is not answering; ACQUIRER_NOT_CONFIGURED: live mode, and no bank account for this payment */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process serves requests */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Alive */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    checkoutCallback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The checkout callback, to the checkout’s `callback` URL: after every processed attempt, and when the checkout closes, expires or its payment is cancelled */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description t=<unix seconds>,v1=<hex HMAC-SHA256(callback secret, t + "." + raw body)>; one v1 per secret during a rotation */
                    "X-Kasa-Signature": string;
                    /** @description The eventId (callback) or id (event) */
                    "X-Kasa-Event-Id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/x-www-form-urlencoded": components["schemas"]["CheckoutCallback"];
                };
            };
            responses: {
                /** @description Any 2xx: delivered. Anything else, a timeout (10 s) or a redirect: retried ≈ 1 m, 5 m, 15 m, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    paymentEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Event to your event endpoints: payment.succeeded, payment.failed, payment.captured, payment.cancelled, payment.expired */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description t=<unix seconds>,v1=<hex HMAC-SHA256(callback secret, t + "." + raw body)>; one v1 per secret during a rotation */
                    "X-Kasa-Signature": string;
                    /** @description The eventId (callback) or id (event) */
                    "X-Kasa-Event-Id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["PaymentEvent"];
                };
            };
            responses: {
                /** @description Any 2xx: delivered. Anything else, a timeout (10 s) or a redirect: retried ≈ 1 m, 5 m, 15 m, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    refundEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Event to your event endpoints: refund.succeeded, refund.failed */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description t=<unix seconds>,v1=<hex HMAC-SHA256(callback secret, t + "." + raw body)>; one v1 per secret during a rotation */
                    "X-Kasa-Signature": string;
                    /** @description The eventId (callback) or id (event) */
                    "X-Kasa-Event-Id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["RefundEvent"];
                };
            };
            responses: {
                /** @description Any 2xx: delivered. Anything else, a timeout (10 s) or a redirect: retried ≈ 1 m, 5 m, 15 m, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    checkoutEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Event to your event endpoints: checkout.closed, checkout.expired */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description t=<unix seconds>,v1=<hex HMAC-SHA256(callback secret, t + "." + raw body)>; one v1 per secret during a rotation */
                    "X-Kasa-Signature": string;
                    /** @description The eventId (callback) or id (event) */
                    "X-Kasa-Event-Id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CheckoutEvent"];
                };
            };
            responses: {
                /** @description Any 2xx: delivered. Anything else, a timeout (10 s) or a redirect: retried ≈ 1 m, 5 m, 15 m, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    testEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Event to your event endpoints: test (Settings’ “Send test event”, to one endpoint) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description t=<unix seconds>,v1=<hex HMAC-SHA256(callback secret, t + "." + raw body)>; one v1 per secret during a rotation */
                    "X-Kasa-Signature": string;
                    /** @description The eventId (callback) or id (event) */
                    "X-Kasa-Event-Id": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["TestEvent"];
                };
            };
            responses: {
                /** @description Any 2xx: delivered. Anything else, a timeout (10 s) or a redirect: retried ≈ 1 m, 5 m, 15 m, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @example {
         *       "checkoutId": "3f1c2a9e-0b7d-4c55-9a51-0d2f8e6b7c10",
         *       "status": "SUCCESS",
         *       "event": "attempt.succeeded",
         *       "eventId": "evt_Xq4M0b2vT9sJc1nE7kLwAg",
         *       "sequence": "1"
         *     }
         */
        CheckoutCallback: {
            /**
             * Format: uuid
             * @description The checkout the event is about
             */
            checkoutId: string;
            /**
             * @description Exactly the status GET /api/checkout/{checkoutId} answered right after the event. Trust only what you GET.
             * @enum {string}
             */
            status: "SUCCESS" | "FAILED" | "EXPIRED" | "CANCELLED";
            /**
             * @description What happened: attempt.succeeded (SUCCESS), attempt.failed (FAILED, or EXPIRED if the link had expired), checkout.closed (third failure; FAILED), checkout.expired (EXPIRED), payment.cancelled (CANCELLED). Refunds do not call the checkout callback.
             * @enum {string}
             */
            event: "attempt.succeeded" | "attempt.failed" | "checkout.closed" | "checkout.expired" | "payment.cancelled";
            /** @description evt_…: the same on every retry and resend; deduplicate on it */
            eventId: string;
            /** @description The event’s number within its checkout, from 1 (sent as text, a form field) */
            sequence: string;
        };
        /** @description payment.succeeded / payment.failed (a sale, pre-authorization, 3-D Secure or checkout payment settled), payment.captured, payment.cancelled, payment.expired (a pre-authorization released uncaptured). data: the ApiPaymentResponse after the event. */
        PaymentEvent: {
            /**
             * @description evt_…: the same on every retry and resend; deduplicate on it
             * @example evt_Xq4M0b2vT9sJc1nE7kLwAg
             */
            id: string;
            /** @enum {string} */
            type: "payment.succeeded" | "payment.failed" | "payment.captured" | "payment.cancelled" | "payment.expired";
            /**
             * Format: date-time
             * @description When the event happened (ISO 8601 UTC)
             */
            created: string;
            data: components["schemas"]["ApiPaymentResponse"];
        };
        ApiPaymentResponse: {
            /** Format: uuid */
            paymentId: string | null;
            orderId: string;
            /** @description Major units with the currency’s decimals */
            amount: number;
            installmentCount: number | null;
            currency: string;
            /** @description Major units with the currency’s decimals */
            merchantCommission: number | null;
            /** @enum {string} */
            status: "SUCCESS" | "FAILED" | "ENROLLED" | "PENDING" | "EXPIRED" | "CANCELLED";
            /** Format: date-time */
            paymentDate: string | null;
            cardHolderName: string | null;
            /**
             * @description Masked: first 6 and last 4 digits
             * @example 542119******0656
             */
            pan: string | null;
            /** @enum {string|null} */
            domInt: "DOM" | "INT" | null;
            /** @example MASTERCARD */
            cardScheme: string | null;
            /** @enum {string|null} */
            cardType: "CREDIT" | "DEBIT" | "PREPAID" | null;
            /** @example WORLD */
            loyaltyCode: string | null;
            externalTransactionId: string | null;
            /** @example A1B2C3 */
            authCode: string | null;
            /** @example SUCCESS */
            resultCode: string | null;
            /** @example Approved */
            resultMessage: string | null;
            customerId: string | null;
            /** @enum {string|null} */
            transactionType: "SALE" | "PRE_AUTHORIZATION" | null;
            /** @description Major units with the currency’s decimals */
            authorizedAmount: number | null;
            /** @description Major units with the currency’s decimals */
            capturedAmount: number | null;
            /** @description Major units with the currency’s decimals */
            interestAmount: number | null;
            /** @description Major units with the currency’s decimals */
            totalAmount: number | null;
            /** @description What was refunded so far: 0 until refunded */
            refundedAmount: number | null;
            /** @enum {string|null} */
            refundStatus: "NOT_REFUNDED" | "PARTIALLY_REFUNDED" | "FULLY_REFUNDED" | null;
            /**
             * Format: date-time
             * @description When the payment was voided (status CANCELLED)
             */
            cancelledAt: string | null;
        };
        /** @description refund.succeeded / refund.failed. data: the Refund. */
        RefundEvent: {
            /**
             * @description evt_…: the same on every retry and resend; deduplicate on it
             * @example evt_Xq4M0b2vT9sJc1nE7kLwAg
             */
            id: string;
            /** @enum {string} */
            type: "refund.succeeded" | "refund.failed";
            /**
             * Format: date-time
             * @description When the event happened (ISO 8601 UTC)
             */
            created: string;
            data: components["schemas"]["Refund"];
        };
        Refund: {
            /** Format: uuid */
            refundId: string;
            /** Format: uuid */
            paymentId: string;
            orderId: string;
            reference: string | null;
            /** @description Major units with the currency’s decimals */
            amount: number;
            currency: string;
            /**
             * @description PENDING only while the bank has not answered
             * @enum {string}
             */
            status: "SUCCESS" | "FAILED" | "PENDING";
            /** @example SUCCESS */
            resultCode: string | null;
            /** @example Refunded */
            resultMessage: string | null;
            /** Format: date-time */
            refundDate: string;
            /** @description The bank’s reference for this refund */
            externalTransactionId: string | null;
            reason: string | null;
            /** @description The payment’s refunded total after this refund */
            refundedAmount: number;
            /** @description What the payment still has to refund after this refund */
            refundableAmount: number;
        };
        /** @description checkout.closed (third failed attempt) / checkout.expired (expired unpaid, or ended early). */
        CheckoutEvent: {
            /**
             * @description evt_…: the same on every retry and resend; deduplicate on it
             * @example evt_Xq4M0b2vT9sJc1nE7kLwAg
             */
            id: string;
            /** @enum {string} */
            type: "checkout.closed" | "checkout.expired";
            /**
             * Format: date-time
             * @description When the event happened (ISO 8601 UTC)
             */
            created: string;
            data: components["schemas"]["CheckoutEventData"];
        };
        /** @description What GET /api/checkout/{checkoutId} answered at the event, plus checkoutId */
        CheckoutEventData: {
            /** Format: uuid */
            paymentId: string | null;
            orderId: string;
            /** @description Major units with the currency’s decimals */
            amount: number;
            installmentCount: number | null;
            currency: string;
            /** @description Major units with the currency’s decimals */
            merchantCommission: number | null;
            /** @enum {string} */
            status: "SUCCESS" | "FAILED" | "ENROLLED" | "PENDING" | "EXPIRED" | "CANCELLED";
            /** Format: date-time */
            paymentDate: string | null;
            cardHolderName: string | null;
            /**
             * @description Masked: first 6 and last 4 digits
             * @example 542119******0656
             */
            pan: string | null;
            /** @enum {string|null} */
            domInt: "DOM" | "INT" | null;
            /** @example MASTERCARD */
            cardScheme: string | null;
            /** @enum {string|null} */
            cardType: "CREDIT" | "DEBIT" | "PREPAID" | null;
            /** @example WORLD */
            loyaltyCode: string | null;
            externalTransactionId: string | null;
            /** @example A1B2C3 */
            authCode: string | null;
            /** @example SUCCESS */
            resultCode: string | null;
            /** @example Approved */
            resultMessage: string | null;
            customerId: string | null;
            /** @enum {string|null} */
            transactionType: "SALE" | "PRE_AUTHORIZATION" | null;
            /** @description Major units with the currency’s decimals */
            authorizedAmount: number | null;
            /** @description Major units with the currency’s decimals */
            capturedAmount: number | null;
            /** @description Major units with the currency’s decimals */
            interestAmount: number | null;
            /** @description Major units with the currency’s decimals */
            totalAmount: number | null;
            /** @description What was refunded so far: 0 until refunded */
            refundedAmount: number | null;
            /** @enum {string|null} */
            refundStatus: "NOT_REFUNDED" | "PARTIALLY_REFUNDED" | "FULLY_REFUNDED" | null;
            /**
             * Format: date-time
             * @description When the payment was voided (status CANCELLED)
             */
            cancelledAt: string | null;
            /** Format: uuid */
            checkoutId: string;
        };
        /** @description Sent by Settings’ “Send test event” to one endpoint only; no endpoint subscribes to it. */
        TestEvent: {
            /**
             * @description evt_…: the same on every retry and resend; deduplicate on it
             * @example evt_Xq4M0b2vT9sJc1nE7kLwAg
             */
            id: string;
            /** @enum {string} */
            type: "test";
            /**
             * Format: date-time
             * @description When the event happened (ISO 8601 UTC)
             */
            created: string;
            data: {
                endpointId: string;
                message: string;
            };
        };
        ErrorBody: {
            /** @example VALIDATION_ERROR */
            resultCode: string;
            /** @example Request is invalid */
            resultMessage: string;
            errors: {
                /** @example pan */
                field: string;
                /** @example INVALID_PAN */
                code: string;
                /** @example Card number is not valid */
                message: string;
            }[];
            /** @description Present on INTERNAL_ERROR: quote it to support */
            requestId?: string;
        };
        PaymentRequest: {
            /**
             * @description The merchant's tracking number for the order
             * @example ORD-12345
             */
            orderId: string;
            /**
             * @description Amount in major units of `currency`, with at most its ISO 4217 decimals
             * @example 100.5
             */
            amount: number;
            /**
             * @description ISO 4217 alphabetic code enabled for the merchant
             * @example TRY
             */
            currency: string;
            /** @example John Doe */
            cardHolderName: string;
            /**
             * @description Card number: 12–19 digits passing Luhn
             * @example 5421190122090656
             */
            pan: string;
            /** @example 04 */
            expiryMonth: string;
            /** @example 28 */
            expiryYear: string;
            /** @example 916 */
            cvv: string;
            /**
             * @description The shopper's IP address
             * @example 192.168.1.1
             */
            requestIp: string;
            /** @example 8080 */
            requestPort: number;
            /** @example CUST-12345 */
            customerId?: string | null;
        };
        /**
         * @example {
         *       "amount": 90,
         *       "currency": "TRY"
         *     }
         */
        CaptureRequest: {
            /**
             * @description Amount in major units of `currency`, with at most its ISO 4217 decimals
             * @example 100.5
             */
            amount: number;
            /**
             * @description ISO 4217 alphabetic code enabled for the merchant
             * @example TRY
             */
            currency: string;
        };
        /** @example {} */
        CancelRequest: {
            /**
             * @description Why, for the merchant’s own records
             * @example Customer returned the order
             */
            reason?: string;
        };
        /**
         * @example {
         *       "amount": 25,
         *       "currency": "TRY",
         *       "reference": "RET-1001-1"
         *     }
         */
        RefundRequest: {
            /**
             * @description Left out: everything still refundable
             * @example 100.5
             */
            amount?: number;
            /**
             * @description ISO 4217 alphabetic code enabled for the merchant
             * @example TRY
             */
            currency: string;
            /**
             * @description The merchant’s own id for this refund, unique per payment: a retry with it never refunds twice
             * @example RET-1001-1
             */
            reference?: string;
            /**
             * @description Why, for the merchant’s own records
             * @example Customer returned the order
             */
            reason?: string;
        };
        RefundList: {
            refunds: components["schemas"]["Refund"][];
        };
        InstallmentOptionsResponse: {
            options: components["schemas"]["InstallmentOption"][];
        };
        /**
         * @example {
         *       "installmentCount": 2,
         *       "installmentAmount": 510,
         *       "currency": "TRY",
         *       "interestAmount": 20,
         *       "totalAmount": 1020
         *     }
         */
        InstallmentOption: {
            installmentCount: number;
            installmentAmount: number;
            currency: string;
            interestAmount: number;
            totalAmount: number;
        };
        InstallmentOptionsRequest: {
            /**
             * @description Amount in major units of `currency`, with at most its ISO 4217 decimals
             * @example 100.5
             */
            amount: number;
            /**
             * @description ISO 4217 alphabetic code enabled for the merchant
             * @example TRY
             */
            currency: string;
            /**
             * @description BIN (first 6–8 digits) or the full card number
             * @example 54211901
             */
            pan: string;
            /** @default 12 */
            maxInstallmentCount?: number;
            /** @default false */
            interestPaidByCustomer?: boolean;
        };
        ThreeDsEnrollmentResponse: {
            /** Format: uuid */
            paymentId: string;
            success: boolean;
            /** @example SUCCESS */
            resultCode: string;
            resultMessage: string;
            /** @description A self-submitting form to the issuer’s 3-D Secure page; render it in the shopper’s browser */
            htmlContent: string | null;
        };
        ThreeDsRequest: {
            /**
             * @description The merchant's tracking number for the order
             * @example ORD-12345
             */
            orderId: string;
            /**
             * @description Amount in major units of `currency`, with at most its ISO 4217 decimals
             * @example 100.5
             */
            amount: number;
            /**
             * @description ISO 4217 alphabetic code enabled for the merchant
             * @example TRY
             */
            currency: string;
            /** @example John Doe */
            cardHolderName: string;
            /**
             * @description Card number: 12–19 digits passing Luhn
             * @example 5421190122090656
             */
            pan: string;
            /** @example 04 */
            expiryMonth: string;
            /** @example 28 */
            expiryYear: string;
            /** @example 916 */
            cvv: string;
            /**
             * @description The shopper's IP address
             * @example 192.168.1.1
             */
            requestIp: string;
            /** @example 8080 */
            requestPort: number;
            /** @example CUST-12345 */
            customerId?: string | null;
            /**
             * @description One of the options /api/installment-options gives for this card and amount; 1 is always allowed
             * @default 1
             */
            installmentCount?: number;
            /** @default false */
            interestPaidByCustomer?: boolean;
            /**
             * Format: uri
             * @description The issuer page POSTs paymentId and securityKey here after authentication
             */
            successUrl: string;
            /**
             * Format: uri
             * @description The issuer page POSTs paymentId and securityKey here when authentication fails
             */
            failureUrl: string;
        };
        ThreeDsCompleteRequest: {
            /** @description The key the issuer page POSTed to successUrl or failureUrl */
            securityKey: string;
        };
        PaymentList: {
            data: components["schemas"]["ApiPaymentResponse"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            nextCursor: string | null;
        };
        RefundPage: {
            data: components["schemas"]["Refund"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            nextCursor: string | null;
        };
        CheckoutCreatedResponse: {
            /** Format: uuid */
            checkoutId: string;
            /**
             * Format: uri
             * @description Send the shopper’s browser here: {PUBLIC_BASE_URL}/checkout-link/{checkoutId}
             */
            redirectUrl: string;
        };
        CheckoutRequest: {
            /**
             * @description The merchant's tracking number for the order
             * @example ORD-12345
             */
            orderId: string;
            /**
             * @description Amount in major units of `currency`, with at most its ISO 4217 decimals
             * @example 100.5
             */
            amount: number;
            /**
             * @description ISO 4217 alphabetic code enabled for the merchant
             * @example TRY
             */
            currency: string;
            description?: string | null;
            /**
             * Format: uri
             * @description Kasa POSTs checkoutId (form data) here after every processed payment attempt
             */
            callback: string;
            /** @example CUST-12345 */
            customerId?: string | null;
            /** @default 1 */
            maxInstallmentCount?: number;
            /** @default false */
            interestPaidByCustomer?: boolean;
            /**
             * Format: uri
             * @description Where the shopper’s browser goes after the result page
             */
            returnUrl?: string | null;
            /** @default 30 */
            expiresInMinutes?: number;
        };
        EventEndpoint: {
            /** @example we_3kTq9w2bV1cX8nH5mZ0rLg */
            endpointId: string;
            url: string;
            events: components["schemas"]["EventType"][];
            /** Format: date-time */
            createdAt: string;
        };
        /** @enum {string} */
        EventType: "payment.succeeded" | "payment.failed" | "payment.captured" | "payment.cancelled" | "payment.expired" | "refund.succeeded" | "refund.failed" | "checkout.closed" | "checkout.expired";
        /**
         * @example {
         *       "url": "https://shop.example/kasa/events",
         *       "events": [
         *         "payment.succeeded",
         *         "refund.succeeded"
         *       ]
         *     }
         */
        EventEndpointRequest: {
            /**
             * Format: uri
             * @description Where Kasa POSTs the events (JSON, signed with X-Kasa-Signature); https and a public address in live mode
             */
            url: string;
            /** @description The event types to receive; left out: all of them */
            events?: components["schemas"]["EventType"][];
        };
        EventEndpointList: {
            data: components["schemas"]["EventEndpoint"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
