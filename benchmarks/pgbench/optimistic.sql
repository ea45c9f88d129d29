-- The optimistic order's SQL as VersionedUpdate sends it, without a retry: a conflict updates no
-- row and still commits (so this script's rate is an upper bound for the optimistic pattern).
\set id random(0, 999)
BEGIN;
SELECT value, version FROM counter WHERE id = :id \gset
UPDATE counter SET value = :value + 1, version = version + 1 WHERE id = :id AND version = :version;
COMMIT;
