CREATE TABLE "api_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"api_key" text NOT NULL,
	"secret_hash" text NOT NULL,
	"secret_last4" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"merchant_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" json,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_merchant_id_key_pk" PRIMARY KEY("merchant_id","key")
);
--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currencies" text[] DEFAULT '{TRY,USD,EUR}'::text[] NOT NULL,
	"max_amount" integer DEFAULT 1000000 NOT NULL,
	"callback_secret_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"transaction_type" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"installment_count" integer DEFAULT 1 NOT NULL,
	"interest_amount" bigint DEFAULT 0 NOT NULL,
	"merchant_commission" bigint DEFAULT 0 NOT NULL,
	"authorized_amount" bigint,
	"captured_amount" bigint,
	"card_holder_name" text NOT NULL,
	"pan_masked" text NOT NULL,
	"pan_bin" text NOT NULL,
	"pan_last4" text NOT NULL,
	"pan_fingerprint" text NOT NULL,
	"dom_int" text NOT NULL,
	"card_scheme" text NOT NULL,
	"card_type" text NOT NULL,
	"loyalty_code" text,
	"external_transaction_id" text,
	"auth_code" text,
	"result_code" text,
	"result_message" text,
	"customer_id" text,
	"request_ip" text NOT NULL,
	"request_port" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"captured_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_credentials" ADD CONSTRAINT "api_credentials_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_credentials_api_key_idx" ON "api_credentials" USING btree ("api_key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_live_order_idx" ON "payments" USING btree ("merchant_id","order_id") WHERE "payments"."status" in ('PROCESSING', 'SUCCESS', 'ENROLLED');--> statement-breakpoint
CREATE INDEX "payments_merchant_created_idx" ON "payments" USING btree ("merchant_id","created_at");