CREATE TABLE "event_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "callback_deliveries" ALTER COLUMN "checkout_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ALTER COLUMN "sequence" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ALTER COLUMN "checkout_status" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "kind" text DEFAULT 'CALLBACK' NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "event_type" text;--> statement-breakpoint
-- One vocabulary (reference §7): stored callbacks get the event they reported and the status GET answers.
UPDATE "callback_deliveries" SET "event_type" = CASE "checkout_status" WHEN 'PAID' THEN 'attempt.succeeded' WHEN 'CLOSED' THEN 'checkout.closed' WHEN 'EXPIRED' THEN 'checkout.expired' ELSE 'attempt.failed' END;--> statement-breakpoint
UPDATE "callback_deliveries" SET "checkout_status" = CASE "checkout_status" WHEN 'PAID' THEN 'SUCCESS' WHEN 'CLOSED' THEN 'FAILED' ELSE "checkout_status" END;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ALTER COLUMN "event_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "event_id" text;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "endpoint_id" text;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "payment_id" uuid;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "order_key" text;--> statement-breakpoint
UPDATE "callback_deliveries" SET "order_key" = "checkout_id"::text;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ALTER COLUMN "order_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD COLUMN "position" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "callback_deliveries_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "event_endpoints" ADD CONSTRAINT "event_endpoints_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_endpoints_merchant_idx" ON "event_endpoints" USING btree ("merchant_id") WHERE "event_endpoints"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_deliveries" ADD CONSTRAINT "callback_deliveries_endpoint_id_event_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."event_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_deliveries_order_idx" ON "callback_deliveries" USING btree ("order_key","position") WHERE "callback_deliveries"."state" = 'PENDING';--> statement-breakpoint
CREATE INDEX "callback_deliveries_endpoint_created_idx" ON "callback_deliveries" USING btree ("endpoint_id","created_at") WHERE "callback_deliveries"."endpoint_id" is not null;--> statement-breakpoint
CREATE INDEX "checkouts_open_expiry_idx" ON "checkouts" USING btree ("expires_at") WHERE "checkouts"."status" = 'OPEN';