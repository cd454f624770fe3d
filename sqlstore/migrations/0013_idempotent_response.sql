-- The response a creating call answered with its idempotency key, so that a
-- replay returns it byte for byte (docs/adr/0020-idempotency-replays.md):
-- the route the key was used on, the status and body, and whether the body
-- held a one-time secret, which is never stored (secret, with no body).
ALTER TABLE idempotency_keys ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN status BIGINT NOT NULL DEFAULT 0;
ALTER TABLE idempotency_keys ADD COLUMN response TEXT;
ALTER TABLE idempotency_keys ADD COLUMN secret BOOLEAN NOT NULL DEFAULT FALSE;
