-- Staff case creation compares a retried Idempotency-Key's body with the first one (as citizen
-- reports do): the hash of the creating request. Null for cases made before, which replay as before.
ALTER TABLE "cases" ADD COLUMN "request_hash" text;
