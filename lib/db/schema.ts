import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Money columns hold integer minor units of the row's currency (ISO 4217 exponent). */
const minorUnits = (name: string) => bigint(name, { mode: 'number' });

export const merchants = pgTable('merchants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  currencies: text('currencies').array().notNull().default(sql`'{TRY,USD,EUR}'::text[]`),
  /** Largest accepted order amount, in major units of any enabled currency. */
  maxAmount: integer('max_amount').notNull().default(1_000_000),
  /** API rate limit: sustained requests per second and burst (token bucket). */
  rateLimitPerSecond: integer('rate_limit_per_second').notNull().default(100),
  rateLimitBurst: integer('rate_limit_burst').notNull().default(200),
  /** Callback signing secret, AES-256-GCM under KASA_SECRET_KEY (it must be recoverable to sign). */
  callbackSecretSealed: text('callback_secret_sealed').notNull(),
  /** The secret before the last rotation: callbacks carry a v1 for it too until it expires. */
  previousCallbackSecretSealed: text('previous_callback_secret_sealed'),
  previousCallbackSecretExpiresAt: timestamp('previous_callback_secret_expires_at', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
});

export const apiCredentials = pgTable(
  'api_credentials',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    apiKey: text('api_key').notNull(),
    /** HMAC-SHA256 of the secret under KASA_SECRET_KEY; the secret itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    secretLast4: text('secret_last4').notNull(),
    /** Set when the secret is rotated: it keeps working until then (the overlap period). */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [index('api_credentials_api_key_idx').on(table.apiKey)],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    orderId: text('order_id').notNull(),
    transactionType: text('transaction_type', { enum: ['SALE', 'PRE_AUTHORIZATION'] }).notNull(),
    /** PROCESSING is written before the acquirer is called, so a crash mid-call leaves a visible row. */
    status: text('status', { enum: ['PROCESSING', 'SUCCESS', 'FAILED', 'ENROLLED'] }).notNull(),
    /** When the payment last entered PROCESSING: the recovery job measures interruption from here. */
    processingStartedAt: timestamp('processing_started_at', { withTimezone: true, mode: 'date' }),
    currency: text('currency').notNull(),
    amount: minorUnits('amount').notNull(),
    installmentCount: integer('installment_count').notNull().default(1),
    interestAmount: minorUnits('interest_amount').notNull().default(0),
    merchantCommission: minorUnits('merchant_commission').notNull().default(0),
    authorizedAmount: minorUnits('authorized_amount'),
    capturedAmount: minorUnits('captured_amount'),
    cardHolderName: text('card_holder_name').notNull(),
    panMasked: text('pan_masked').notNull(),
    panBin: text('pan_bin').notNull(),
    panLast4: text('pan_last4').notNull(),
    /** HMAC-SHA256 of the PAN under KASA_SECRET_KEY: finds repeat cards without storing the number. */
    panFingerprint: text('pan_fingerprint').notNull(),
    domInt: text('dom_int', { enum: ['DOM', 'INT'] }).notNull(),
    cardScheme: text('card_scheme').notNull(),
    cardType: text('card_type', { enum: ['CREDIT', 'DEBIT', 'PREPAID'] }).notNull(),
    loyaltyCode: text('loyalty_code'),
    externalTransactionId: text('external_transaction_id'),
    authCode: text('auth_code'),
    resultCode: text('result_code'),
    resultMessage: text('result_message'),
    customerId: text('customer_id'),
    requestIp: text('request_ip').notNull(),
    requestPort: integer('request_port').notNull(),
    /** The hosted checkout this payment is an attempt of, if any. */
    checkoutId: uuid('checkout_id'),
    createdAt: createdAt(),
    capturedAt: timestamp('captured_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    // One live payment per order: a FAILED attempt frees the orderId for a retry.
    uniqueIndex('payments_live_order_idx')
      .on(table.merchantId, table.orderId)
      .where(sql`${table.status} in ('PROCESSING', 'SUCCESS', 'ENROLLED')`),
    index('payments_merchant_created_idx').on(table.merchantId, table.createdAt),
    index('payments_checkout_idx').on(table.checkoutId, table.createdAt),
  ],
);

/**
 * A hosted checkout link. OPEN until paid (PAID), closed after three failed attempts (CLOSED);
 * an OPEN checkout past expires_at is expired, whether or not housekeeping has marked it EXPIRED.
 */
export const checkouts = pgTable(
  'checkouts',
  {
    id: uuid('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    orderId: text('order_id').notNull(),
    status: text('status', { enum: ['OPEN', 'PAID', 'CLOSED', 'EXPIRED'] }).notNull().default('OPEN'),
    currency: text('currency').notNull(),
    amount: minorUnits('amount').notNull(),
    description: text('description'),
    callbackUrl: text('callback_url').notNull(),
    returnUrl: text('return_url'),
    customerId: text('customer_id'),
    maxInstallmentCount: integer('max_installment_count').notNull().default(1),
    interestPaidByCustomer: boolean('interest_paid_by_customer').notNull().default(false),
    /** SHA-256 of the creating request's fields: a repeat with identical fields returns this checkout. */
    requestHash: text('request_hash').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** The latest payment attempt, whose result GET /api/checkout/{id} reports. */
    latestPaymentId: uuid('latest_payment_id'),
    /** Numbers this checkout's callback events in the order they happened. */
    eventSequence: integer('event_sequence').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    // One live checkout per order: an expired or closed one frees the orderId.
    uniqueIndex('checkouts_live_order_idx')
      .on(table.merchantId, table.orderId)
      .where(sql`${table.status} in ('OPEN', 'PAID')`),
    index('checkouts_merchant_created_idx').on(table.merchantId, table.createdAt),
  ],
);

/**
 * The callback outbox: one row per event, written in the same transaction as the attempt it
 * reports, delivered by the worker (lib/callbacks) with retries, in `sequence` order per checkout.
 */
export const callbackDeliveries = pgTable(
  'callback_deliveries',
  {
    /** evt_…: the eventId the merchant sees, the same on every retry and resend. */
    id: text('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    checkoutId: uuid('checkout_id')
      .notNull()
      .references(() => checkouts.id),
    sequence: integer('sequence').notNull(),
    /** The checkout status the event reports (PAID, FAILED, CLOSED, EXPIRED). */
    checkoutStatus: text('checkout_status').notNull(),
    url: text('url').notNull(),
    state: text('state', { enum: ['PENDING', 'DELIVERED', 'FAILED'] }).notNull().default('PENDING'),
    attemptCount: integer('attempt_count').notNull().default(0),
    /** When the worker may next try; while an attempt runs, a lease that expires if the worker dies. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('callback_deliveries_checkout_sequence_idx').on(table.checkoutId, table.sequence),
    index('callback_deliveries_due_idx').on(table.state, table.nextAttemptAt),
    index('callback_deliveries_merchant_created_idx').on(table.merchantId, table.createdAt),
  ],
);

/** Every HTTP attempt of a delivery, for the merchant's dashboard and for support. */
export const callbackAttempts = pgTable(
  'callback_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => callbackDeliveries.id),
    attemptedAt: timestamp('attempted_at', { withTimezone: true, mode: 'date' }).notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (table) => [index('callback_attempts_delivery_idx').on(table.deliveryId, table.attemptedAt)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** Null while the first request is in flight. */
    responseStatus: integer('response_status'),
    // json, not jsonb: a replay returns the stored body exactly, key order included.
    responseBody: json('response_body'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.merchantId, table.key] }), index('idempotency_keys_created_idx').on(table.createdAt)],
);

/**
 * A 3-D Secure authentication of an ENROLLED payment. References and keys are stored as keyed
 * hashes only: whoever reads the table cannot act on a challenge or complete a payment.
 */
export const threeDsSessions = pgTable(
  'three_ds_sessions',
  {
    paymentId: uuid('payment_id')
      .primaryKey()
      .references(() => payments.id),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    /** Keyed hash of the opaque reference the issuer page is opened with. */
    challengeReferenceHash: text('challenge_reference_hash').notNull(),
    /** CHALLENGE until the shopper acts; then AUTHENTICATED or FAILED (wrong codes, cancel). */
    outcome: text('outcome', { enum: ['CHALLENGE', 'AUTHENTICATED', 'FAILED'] }).notNull().default('CHALLENGE'),
    wrongCodes: integer('wrong_codes').notNull().default(0),
    securityKeyHash: text('security_key_hash'),
    wrongKeys: integer('wrong_keys').notNull().default(0),
    interestPaidByCustomer: boolean('interest_paid_by_customer').notNull().default(false),
    successUrl: text('success_url').notNull(),
    failureUrl: text('failure_url').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('three_ds_sessions_reference_idx').on(table.challengeReferenceHash)],
);

/**
 * Card data held between 3-D Secure enrollment and authorization, AES-256-GCM sealed and bound to
 * the payment id. The row is deleted at completion, failure or expiry, whichever comes first.
 */
export const cardVault = pgTable('card_vault', {
  paymentId: uuid('payment_id')
    .primaryKey()
    .references(() => payments.id),
  sealedCard: text('sealed_card').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * Token buckets shared by every instance on PostgreSQL. Instances lease a few tokens at a time
 * (lib/http/merchant-rate-limit.ts), so the bucket is written once per lease, not per request.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** People who sign in to a merchant's dashboard. */
export const merchantUsers = pgTable(
  'merchant_users',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    /** Lower-cased. */
    email: text('email').notNull(),
    /** argon2id (PHC string); the password itself is never stored. */
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('merchant_users_email_idx').on(table.email)],
);

/** Dashboard sessions: the cookie carries a random token, the table only its SHA-256. */
export const dashboardSessions = pgTable(
  'dashboard_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => merchantUsers.id),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Idle expiry: pushed forward as the session is used. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('dashboard_sessions_user_idx').on(table.userId)],
);

/** Failed sign-ins by email, for the lock-out rule (5 within 15 minutes lock the email for 15). */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('sign_in_failures_email_idx').on(table.email, table.failedAt)],
);

export type Merchant = typeof merchants.$inferSelect;
export type MerchantUser = typeof merchantUsers.$inferSelect;
export type DashboardSession = typeof dashboardSessions.$inferSelect;
export type ThreeDsSession = typeof threeDsSessions.$inferSelect;
export type Checkout = typeof checkouts.$inferSelect;
export type CallbackDelivery = typeof callbackDeliveries.$inferSelect;
export type CallbackAttempt = typeof callbackAttempts.$inferSelect;
export type ApiCredential = typeof apiCredentials.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
