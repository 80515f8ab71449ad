-- Idempotency-Key request hashes written before issue 18 were an unkeyed SHA-256 of the request,
-- which holds a hotline caller's phone: whoever reads the table could match them phone by phone.
-- New ones are an HMAC under the data key (modules/cases/intake.ts). The old ones cannot be
-- re-keyed (the request is gone), so they are replaced by a value no request hashes to: the key
-- stays taken, and a late retry of such a request is refused (409) as it would have been anyway
-- (its keyed hash differs), rather than making a second case.
-- Forward only: never edit a migration that has shipped; add the next file.
UPDATE idempotency_keys SET request_hash = 'unkeyed (before migration 0012)'
WHERE request_hash ~ '^[0-9a-f]{64}$';
