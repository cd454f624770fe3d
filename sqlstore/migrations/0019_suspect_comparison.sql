-- The comparison a record found on a biometric basis rests on
-- (docs/rules.md#r33); 0 for every other answer and for answers given
-- before comparisons were recorded.
ALTER TABLE request_suspects ADD COLUMN comparison_id BIGINT NOT NULL DEFAULT 0;
