CREATE INDEX "payments_merchant_order_idx" ON "payments" USING btree ("merchant_id","order_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_merchant_customer_idx" ON "payments" USING btree ("merchant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_merchant_last4_idx" ON "payments" USING btree ("merchant_id","pan_last4","created_at");