-- optimistic.sql as the boundary sends it with tether.retry.writes-return-transaction-id=false: the
-- transaction's id is read by a query of its own right before COMMIT (one more round trip).
\set id random(0, 999)
BEGIN;
SELECT value, version FROM counter WHERE id = :id \gset
UPDATE counter SET value = :value + 1, version = version + 1 WHERE id = :id AND version = :version;
SELECT pg_current_xact_id_if_assigned()::text;
COMMIT;
