-- Until this version request_hash was an unkeyed SHA-256 of the request body, card number and CVV
-- included: guessable back from the payment row. TRUNCATE (not DELETE) gives the table new files and
-- unlinks the old ones, so no dead row version keeps the digests on disk. A retry of a request made
-- before the upgrade is still refused twice over: DUPLICATE_ORDER for payments, one capture per
-- pre-authorization, one live checkout per order.
TRUNCATE TABLE "idempotency_keys";
