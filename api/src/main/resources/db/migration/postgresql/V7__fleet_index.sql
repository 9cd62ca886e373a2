-- Fleet-wide questions without visiting every host (issue 14), and a schema ready for Citus.
-- Its SQLite twin is db/migration/sqlite/V7__fleet_index.sql.
--
-- Every key of a table with a host_id column leads with host_id, and so does every index but the
-- ones named *_fleet_*: those order the whole fleet (by CPU, by time) for the questions that are
-- about the whole fleet, and on Citus each shard walks its own and the coordinator merges the
-- first rows (deploy/README.md, "Past one database"). PostgresSchemaKeysTest holds this.

-- What each running process of each host's newest report uses now: one row per process of the
-- host's state, written in the report's transaction when it started or its use changed, deleted
-- when it exited. The fleet's top lists walk its fleet indexes and stop at their limit.
create table process_current (
    host_id           bigint  not null,
    pid               integer not null,
    start_time_millis bigint  not null,
    status            char(1),
    cpu_percent       double precision,
    rss_bytes         bigint,
    vms_bytes         bigint,
    threads           integer,
    nice              smallint,
    primary key (host_id, pid, start_time_millis)
);
create index process_current_fleet_cpu on process_current (cpu_percent desc nulls last);
create index process_current_fleet_rss on process_current (rss_bytes desc nulls last);

-- False until the host's first report after this version wrote all of its process_current rows:
-- host_state's processes are encoded, so the rows of hosts stored before cannot be written here.
alter table host add column current_indexed boolean not null default false;

-- The fleet's starts and exits, newest first, across hosts: the changes page reads the first ones.
create index process_fleet_started on process (start_time_millis);
create index process_fleet_ended on process (ended_millis) where ended_millis is not null;

-- The fleet's search: a trigram index over the text it matches, of running processes only. pg_trgm
-- is a trusted extension (any owner of the database may create it); where it cannot be created,
-- the search reads every running process instead, and says nothing wrong.
do $$
begin
    create extension if not exists pg_trgm;
exception when others then
    raise notice 'procscope: pg_trgm is not available (%), the fleet search is not indexed', sqlerrm;
end;
$$;
do $$
begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index process_fleet_search on process using gin ('
            || ' (lower(coalesce(name, '''') || chr(1) || coalesce(command_line, '''') || chr(1)'
            || ' || coalesce(username, '''') || chr(1) || coalesce(pod_name, ''''))) gin_trgm_ops,'
            || ' lower(container_id) gin_trgm_ops) where ended_millis is null';
    end if;
end;
$$;

-- The fleet's system metrics, added up per bucket as reports arrive: each host counts with its
-- newest report in the bucket. A stripe (host id mod 8) spreads concurrent reports over 8 rows per
-- bucket, so that they do not all wait for one row's lock; a read adds up at most 8 rows a bucket,
-- whatever the fleet's size. Written in the report's transaction.
create table fleet_metrics (
    resolution_millis   bigint  not null,
    bucket_millis       bigint  not null,
    stripe              integer not null,
    hosts               integer not null,
    -- Sum of cpu_percent x cpu_count, and of cpu_count, over hosts that said both.
    cpu_busy            double precision not null,
    cpus                bigint  not null,
    memory_used_bytes   bigint  not null,
    memory_total_bytes  bigint  not null,
    processes           bigint  not null,
    running             bigint  not null,
    sleeping            bigint  not null,
    disk_sleep          bigint  not null,
    idle                bigint  not null,
    stopped             bigint  not null,
    zombie              bigint  not null,
    unknown             bigint  not null,
    primary key (resolution_millis, bucket_millis, stripe)
);

-- Citus: host_id leads every key and index of the per-host tables.
-- snapshot: (id, collected_at_millis) and (report_id, collected_at_millis) become host-led. A report
-- is now a duplicate of the same host's report only, which is what a credential bound to its host
-- can send anyway.
alter table snapshot drop constraint snapshot_pkey;
alter table snapshot add primary key (host_id, id, collected_at_millis);
alter table snapshot drop constraint snapshot_report_id_collected_at_millis_key;
alter table snapshot add unique (host_id, report_id, collected_at_millis);
-- alert_event: keyed by host first; the fleet's history pages by id and time across hosts.
alter table alert_event drop constraint alert_event_pkey;
alter table alert_event add primary key (host_id, id);
create index alert_event_fleet_id on alert_event (id);
alter index alert_event_at rename to alert_event_fleet_at;
-- alert_state: the rule's alerts across the fleet.
alter index alert_state_rule rename to alert_state_fleet_rule;
