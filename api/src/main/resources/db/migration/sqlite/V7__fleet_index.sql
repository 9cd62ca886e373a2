-- Fleet-wide questions without visiting every host (issue 14). Its PostgreSQL twin is
-- db/migration/postgresql/V7__fleet_index.sql, which says what each table and index is for. SQLite
-- has no trigram index: the fleet's search reads the running processes' rows (not their hosts'
-- encoded states), which is what the embedded default's fleets afford.

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
create index process_current_fleet_cpu on process_current (cpu_percent desc);
create index process_current_fleet_rss on process_current (rss_bytes desc);

alter table host add column current_indexed boolean not null default 0;

create index process_fleet_started on process (start_time_millis);
create index process_fleet_ended on process (ended_millis) where ended_millis is not null;

create table fleet_metrics (
    resolution_millis   bigint  not null,
    bucket_millis       bigint  not null,
    stripe              integer not null,
    hosts               integer not null,
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
