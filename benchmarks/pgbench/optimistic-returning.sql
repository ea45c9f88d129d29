-- optimistic.sql as @RetryOptimistic's boundary sends it by default: the versioned update also
-- returns the transaction's id (the settling's clause), read back by the commit if its answer is lost.
\set id random(0, 999)
BEGIN;
SELECT value, version FROM counter WHERE id = :id \gset
UPDATE counter SET value = :value + 1, version = version + 1 WHERE id = :id AND version = :version RETURNING pg_current_xact_id()::text;
COMMIT;
