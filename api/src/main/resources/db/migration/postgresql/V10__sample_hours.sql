-- Storage per host-day (issue 14), second pass. Its SQLite twin is db/migration/sqlite/V10__sample_hours.sql.
-- On an upgrade it copies every sample kept (48 h by default) into the table's new layout and
-- indexes them again, at the API's start.

-- Samples are read per process over a time range, and most rows are the few busy processes' (a row
-- per report). The index on (host, pid, time) held one 36-byte entry per row, at about 62% full:
-- its entries came in at every process's place, not at the end. Indexed by (host, pid, hour)
-- instead, the rows of one process in one hour share a key, which PostgreSQL's deduplication keeps
-- once with a list of row pointers (6 bytes each). Reads name the hour for the index and check the
-- time on the row (ProcessSample.between and newestBefore); the hour of a positive time fits an
-- integer until the year 250,000.
drop index process_sample_host_pid_time;

-- PostgreSQL aligns a bigint to 8 bytes: after pid (4 bytes) came 4 bytes of padding, and the row's
-- 62 bytes of values took 64 after the 24-byte header, 88 in all. The 8-byte columns first, then the
-- 4-, 2- and 1-byte ones: 56 bytes, 80 in all. A column's place is set when the table is made, so the
-- samples move into a new table, partitioned by the same days (the old partitions' bounds).
alter table process_sample rename to process_sample_v9;
do $$
declare
    p record;
begin
    for p in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
             where i.inhparent = 'process_sample_v9'::regclass loop
        execute format('alter table %I rename to %I', p.relname, p.relname || '_v9');
    end loop;
end;
$$;

create table process_sample (
    host_id             bigint  not null,
    start_time_millis   bigint  not null,
    collected_at_millis bigint  not null,
    rss_bytes           bigint,
    vms_bytes           bigint,
    pid                 integer not null,
    cpu_percent         real,
    threads             integer,
    nice                smallint,
    status              char(1)
) partition by range (collected_at_millis);

do $$
declare
    p record;
begin
    for p in select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i
             join pg_class c on c.oid = i.inhrelid where i.inhparent = 'process_sample_v9'::regclass loop
        execute format('create table %I partition of process_sample %s',
                       left(p.relname, length(p.relname) - 3), p.bound);
    end loop;
end;
$$;

insert into process_sample (host_id, start_time_millis, collected_at_millis, rss_bytes, vms_bytes, pid,
                            cpu_percent, threads, nice, status)
select host_id, start_time_millis, collected_at_millis, rss_bytes, vms_bytes, pid,
       cpu_percent, threads, nice, status
from process_sample_v9;
drop table process_sample_v9;

create index process_sample_host_pid_hour
    on process_sample (host_id, pid, cast(collected_at_millis / 3600000 as integer));
