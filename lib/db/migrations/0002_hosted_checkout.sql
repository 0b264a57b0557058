CREATE TABLE "callback_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "callback_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"checkout_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"checkout_status" text NOT NULL,
	"url" text NOT NULL,
	"state" text DEFAULT 'PENDING' NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"order_id" text NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"description" text,
	"callback_url" text NOT NULL,
	"return_url" text,
	"customer_id" text,
	"max_installment_count" integer DEFAULT 1 NOT NULL,
	"interest_paid_by_customer" boolean DEFAULT false NOT NULL,
	"request_hash" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"latest_payment_id" uuid,
	"event_sequence" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "checkout_id" uuid;--> statement-breakpoint
ALTER TABLE "callback_attempts" ADD CONSTRAINT "callback_attempts_delivery_id_callback_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."callback_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "public"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkouts" ADD CONSTRAINT "checkouts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_attempts_delivery_idx" ON "callback_attempts" USING btree ("delivery_id","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_deliveries_checkout_sequence_idx" ON "callback_deliveries" USING btree ("checkout_id","sequence");--> statement-breakpoint
CREATE INDEX "callback_deliveries_due_idx" ON "callback_deliveries" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "callback_deliveries_merchant_created_idx" ON "callback_deliveries" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "checkouts_live_order_idx" ON "checkouts" USING btree ("merchant_id","order_id") WHERE "checkouts"."status" in ('OPEN', 'PAID');--> statement-breakpoint
CREATE INDEX "checkouts_merchant_created_idx" ON "checkouts" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_checkout_idx" ON "payments" USING btree ("checkout_id","created_at");