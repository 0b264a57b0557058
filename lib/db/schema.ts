/**
 * Kasa's tables, in one file: drizzle-kit generates the migrations from it, and one schema read top
 * to bottom is how the data model is reviewed. It is long (over 300 lines) because it is the whole
 * model; each table carries its own comment, and nothing but table definitions and their row types lives here.
 */
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
  /** Days an uncaptured pre-authorization holds before the expiry job releases it (reference §10: 1–30). */
  authorizationDays: integer('authorization_days').notNull().default(7),
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
    /**
     * PROCESSING is written before the acquirer is called, so a crash mid-call leaves a visible row.
     * CANCELLED: voided, no money moved; EXPIRED: a pre-authorization released uncaptured.
     */
    status: text('status', { enum: ['PROCESSING', 'SUCCESS', 'FAILED', 'ENROLLED', 'CANCELLED', 'EXPIRED'] }).notNull(),
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
    /** The merchant's bank account that took the payment; null: the sandbox bank. */
    bankAccountId: uuid('bank_account_id').references(() => bankAccounts.id),
    createdAt: createdAt(),
    capturedAt: timestamp('captured_at', { withTimezone: true, mode: 'date' }),
    /** An approved pre-authorization must be captured before this; then the expiry job releases it. */
    authorizationExpiresAt: timestamp('authorization_expires_at', { withTimezone: true, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    /** The merchant's reason for the cancel, if it gave one. */
    cancelReason: text('cancel_reason'),
    /** Sum of the SUCCESS refunds, kept with them in one transaction (the refunds table is the record). */
    refundedAmount: minorUnits('refunded_amount').notNull().default(0),
    /**
     * A capture or cancel a merchant's bank is working on, with its amount: written under the row lock
     * before the bank is called, so the row is not locked while the bank answers and a concurrent
     * capture or cancel is refused; cleared with the answer (the recovery job asks again if it is lost).
     */
    bankOperation: text('bank_operation', { enum: ['CAPTURE', 'CANCEL'] }),
    bankOperationAmount: minorUnits('bank_operation_amount'),
    bankOperationStartedAt: timestamp('bank_operation_started_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    // One live payment per order: a FAILED attempt frees the orderId for a retry.
    uniqueIndex('payments_live_order_idx')
      .on(table.merchantId, table.orderId)
      .where(sql`${table.status} in ('PROCESSING', 'SUCCESS', 'ENROLLED')`),
    index('payments_merchant_created_idx').on(table.merchantId, table.createdAt),
    index('payments_checkout_idx').on(table.checkoutId, table.createdAt),
    // The reporting API's selective filters (GET /api/payments), each with the newest-first order;
    // status and currency are few-valued, so the merchant/created index serves them.
    index('payments_merchant_order_idx').on(table.merchantId, table.orderId, table.createdAt),
    index('payments_merchant_customer_idx').on(table.merchantId, table.customerId, table.createdAt),
    index('payments_merchant_last4_idx').on(table.merchantId, table.panLast4, table.createdAt),
    // The expiry job's scan: approved pre-authorizations not yet captured, by deadline.
    index('payments_uncaptured_expiry_idx')
      .on(table.authorizationExpiresAt)
      .where(sql`${table.status} = 'SUCCESS' and ${table.capturedAmount} is null and ${table.authorizationExpiresAt} is not null`),
  ],
);

/**
 * A merchant's own virtual POS contract with a bank (lib/banks). What the bank hands over is kept as
 * given, except the API password and store key, which are sealed with KASA_SECRET_KEY (bound to the
 * account id) and never shown again. An installment payment goes to the account whose `programs`
 * hold the card's loyalty program; everything else to the merchant's one default account.
 */
export const bankAccounts = pgTable(
  'bank_accounts',
  {
    id: uuid('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    provider: text('provider', { enum: ['nestpay'] }).notNull(),
    name: text('name').notNull(),
    apiUrl: text('api_url').notNull(),
    gateUrl: text('gate_url').notNull(),
    clientId: text('client_id').notNull(),
    apiUser: text('api_user').notNull(),
    /** { apiPassword, storeKey }, sealed. */
    sealedSecrets: text('sealed_secrets').notNull(),
    /** The last characters of each secret, for the dashboard's masked display. */
    secretHints: json('secret_hints').$type<{ apiPassword: string; storeKey: string }>().notNull(),
    /** Loyalty programs (the BIN table's loyaltyCode) whose installment payments this account takes. */
    programs: text('programs').array().notNull().default(sql`'{}'::text[]`),
    isDefault: boolean('is_default').notNull().default(false),
    /** The contract's installment interest, basis points by count ({"2": 180}); none: single payments only. */
    installmentRates: json('installment_rates').$type<Record<string, number>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('bank_accounts_merchant_name_idx').on(table.merchantId, table.name),
    uniqueIndex('bank_accounts_merchant_default_idx').on(table.merchantId).where(sql`${table.isDefault}`),
  ],
);

/**
 * A refund of part or all of a payment's charge. PROCESSING is written, under the payment's row lock,
 * before the bank is called: the amounts still refundable count it, so concurrent refunds never exceed
 * the charge, and a crash mid-call leaves a row the recovery job settles.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    /** The merchant's own id for this refund, unique per payment: a retried refund finds it. */
    reference: text('reference'),
    reason: text('reason'),
    status: text('status', { enum: ['PROCESSING', 'SUCCESS', 'FAILED'] }).notNull(),
    currency: text('currency').notNull(),
    amount: minorUnits('amount').notNull(),
    resultCode: text('result_code'),
    resultMessage: text('result_message'),
    /** The bank's own reference for the refund. */
    externalTransactionId: text('external_transaction_id'),
    processingStartedAt: timestamp('processing_started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('refunds_payment_reference_idx').on(table.paymentId, table.reference).where(sql`${table.reference} is not null`),
    index('refunds_payment_created_idx').on(table.paymentId, table.createdAt),
    index('refunds_merchant_created_idx').on(table.merchantId, table.createdAt),
    index('refunds_processing_idx').on(table.processingStartedAt).where(sql`${table.status} = 'PROCESSING'`),
  ],
);

/**
 * What happened to a merchant's payments, refunds and checkouts (reference §11), written in the
 * transaction that made it happen. Event endpoints receive them through the delivery outbox.
 */
export const events = pgTable(
  'events',
  {
    /** evt_…: the `id` every delivery of the event carries. */
    id: text('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    type: text('type').notNull(),
    /** The payment the event is about, when there is one: deliveries keep its events in order. */
    paymentId: uuid('payment_id'),
    checkoutId: uuid('checkout_id'),
    // json, not jsonb: the body sent is the body stored, key order included.
    data: json('data').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('events_merchant_created_idx').on(table.merchantId, table.createdAt), index('events_payment_idx').on(table.paymentId, table.createdAt)],
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
    // The housekeeping scan for OPEN checkouts past their expiry.
    index('checkouts_open_expiry_idx').on(table.expiresAt).where(sql`${table.status} = 'OPEN'`),
  ],
);

/**
 * Merchant event endpoints (reference §11): up to 5 per merchant, each with the event types it
 * wants. Deleting one sets deleted_at (its delivery log stays readable; nothing new is sent).
 */
export const eventEndpoints = pgTable(
  'event_endpoints',
  {
    /** we_… */
    id: text('id').primaryKey(),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    url: text('url').notNull(),
    /** The event types delivered to this endpoint. */
    events: text('events').array().notNull(),
    createdAt: createdAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('event_endpoints_merchant_idx').on(table.merchantId).where(sql`${table.deletedAt} is null`)],
);

/**
 * The delivery outbox for both kinds of notification, written in the same transaction as what it
 * reports and sent by the one worker (lib/notifications) with retries:
 * - CALLBACK: the checkout callback form, to the checkout's callback URL, numbered by `sequence`;
 * - EVENT: an event (`event_id`) as JSON to one event endpoint.
 * Deliveries sharing an `order_key` go out in `position` order (a checkout's callbacks; one
 * endpoint's events of one payment).
 */
export const callbackDeliveries = pgTable(
  'callback_deliveries',
  {
    /** evt_… for a callback (the eventId the merchant sees, the same on every retry and resend); dlv_… for an event delivery. */
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['CALLBACK', 'EVENT'] }).notNull().default('CALLBACK'),
    merchantId: text('merchant_id')
      .notNull()
      .references(() => merchants.id),
    checkoutId: uuid('checkout_id').references(() => checkouts.id),
    /** A callback's number within its checkout; null for event deliveries. */
    sequence: integer('sequence'),
    /** A callback's status field: what GET /api/checkout/{id} answered after the event (SUCCESS, FAILED, EXPIRED, CANCELLED). */
    checkoutStatus: text('checkout_status'),
    /** A callback's event field (attempt.succeeded, …), or an event delivery's event type. */
    eventType: text('event_type').notNull(),
    eventId: text('event_id').references(() => events.id),
    endpointId: text('endpoint_id').references(() => eventEndpoints.id),
    paymentId: uuid('payment_id'),
    orderKey: text('order_key').notNull(),
    position: bigint('position', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
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
    index('callback_deliveries_order_idx').on(table.orderKey, table.position).where(sql`${table.state} = 'PENDING'`),
    index('callback_deliveries_endpoint_created_idx').on(table.endpointId, table.createdAt).where(sql`${table.endpointId} is not null`),
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
    /** Keyed hash of method, path and body without card data (requestFingerprint): the same key with another request is refused. */
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
    /**
     * What a bank's 3-D gate posted back for an authenticated shopper (md, xid, eci, cavv), sealed
     * and bound to the payment id: the authorization sends it instead of the card.
     */
    sealedAuthentication: text('sealed_authentication'),
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
export type EventEndpoint = typeof eventEndpoints.$inferSelect;
export type ApiCredential = typeof apiCredentials.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type BankAccount = typeof bankAccounts.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
export type KasaEvent = typeof events.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
