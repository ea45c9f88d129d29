-- The pessimistic order: the row locked by the read, then updated.
\set id random(0, 999)
BEGIN;
SELECT value FROM counter WHERE id = :id FOR UPDATE \gset
UPDATE counter SET value = :value + 1 WHERE id = :id;
COMMIT;
