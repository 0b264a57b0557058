CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"type" text NOT NULL,
	"payment_id" uuid,
	"checkout_id" uuid,
	"data" json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"merchant_id" text NOT NULL,
	"reference" text,
	"reason" text,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"result_code" text,
	"result_message" text,
	"external_transaction_id" text,
	"processing_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "authorization_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "authorization_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_merchant_created_idx" ON "events" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "events_payment_idx" ON "events" USING btree ("payment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_payment_reference_idx" ON "refunds" USING btree ("payment_id","reference") WHERE "refunds"."reference" is not null;--> statement-breakpoint
CREATE INDEX "refunds_payment_created_idx" ON "refunds" USING btree ("payment_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_merchant_created_idx" ON "refunds" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_processing_idx" ON "refunds" USING btree ("processing_started_at") WHERE "refunds"."status" = 'PROCESSING';--> statement-breakpoint
CREATE INDEX "payments_uncaptured_expiry_idx" ON "payments" USING btree ("authorization_expires_at") WHERE "payments"."status" = 'SUCCESS' and "payments"."captured_amount" is null and "payments"."authorization_expires_at" is not null;--> statement-breakpoint
-- Pre-authorizations approved before authorization expiry existed keep the fixed 7-day window they were given.
UPDATE "payments" SET "authorization_expires_at" = "created_at" + interval '7 days' WHERE "transaction_type" = 'PRE_AUTHORIZATION' AND "status" = 'SUCCESS' AND "captured_amount" IS NULL;
