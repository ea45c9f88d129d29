-- No locking at all (loses updates): the ceiling of both.
\set id random(0, 999)
BEGIN;
SELECT value FROM counter WHERE id = :id \gset
UPDATE counter SET value = :value + 1 WHERE id = :id;
COMMIT;
