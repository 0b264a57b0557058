CREATE TABLE "card_vault" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"sealed_card" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "three_ds_sessions" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"challenge_reference_hash" text NOT NULL,
	"outcome" text DEFAULT 'CHALLENGE' NOT NULL,
	"wrong_codes" integer DEFAULT 0 NOT NULL,
	"security_key_hash" text,
	"wrong_keys" integer DEFAULT 0 NOT NULL,
	"interest_paid_by_customer" boolean DEFAULT false NOT NULL,
	"success_url" text NOT NULL,
	"failure_url" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "card_vault" ADD CONSTRAINT "card_vault_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "three_ds_sessions" ADD CONSTRAINT "three_ds_sessions_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "three_ds_sessions" ADD CONSTRAINT "three_ds_sessions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "three_ds_sessions_reference_idx" ON "three_ds_sessions" USING btree ("challenge_reference_hash");