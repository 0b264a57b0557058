CREATE TABLE "bank_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"api_url" text NOT NULL,
	"gate_url" text NOT NULL,
	"client_id" text NOT NULL,
	"api_user" text NOT NULL,
	"sealed_secrets" text NOT NULL,
	"secret_hints" json NOT NULL,
	"programs" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"installment_rates" json DEFAULT '{}'::json NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "bank_account_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "bank_operation" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "bank_operation_amount" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "bank_operation_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "three_ds_sessions" ADD COLUMN "sealed_authentication" text;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_merchant_name_idx" ON "bank_accounts" USING btree ("merchant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_merchant_default_idx" ON "bank_accounts" USING btree ("merchant_id") WHERE "bank_accounts"."is_default";--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_bank_account_id_bank_accounts_id_fk" FOREIGN KEY ("bank_account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE no action ON UPDATE no action;