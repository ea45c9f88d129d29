create table ${flyway:defaultSchema}.widget (id bigint primary key, name varchar(100) not null);
insert into ${flyway:defaultSchema}.widget values (1, 'first');
