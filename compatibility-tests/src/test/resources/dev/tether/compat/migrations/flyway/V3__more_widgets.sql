insert into ${flyway:defaultSchema}.widget select id + 1, 'second' from ${flyway:defaultSchema}.widget where id = 1;
-- A backfill of the whole table, as migrations do: no WHERE clause.
update ${flyway:defaultSchema}.widget set name = upper(name);
