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

-- A report id is a duplicate of the same host's report only, as on PostgreSQL (whose key leads with
-- the host, for Citus): SQLite changes a table's constraints by copying it.
create table snapshot_v7 (
    id                     integer primary key,
    report_id              varchar(36) not null,
    host_id                bigint      not null references host (id),
    collected_at_millis    bigint      not null,
    received_at_millis     bigint      not null,
    process_count          integer     not null,
    cpu_percent            real,
    memory_used_bytes      bigint,
    memory_total_bytes     bigint,
    swap_used_bytes        bigint,
    swap_total_bytes       bigint,
    load1                  real,
    load5                  real,
    load15                 real,
    network_received_bytes bigint,
    network_sent_bytes     bigint,
    status_counts          varchar(200),
    file_systems           text,
    unique (host_id, report_id, collected_at_millis)
);
insert into snapshot_v7 select id, report_id, host_id, collected_at_millis, received_at_millis, process_count,
    cpu_percent, memory_used_bytes, memory_total_bytes, swap_used_bytes, swap_total_bytes, load1, load5, load15,
    network_received_bytes, network_sent_bytes, status_counts, file_systems from snapshot;
drop table snapshot;
alter table snapshot_v7 rename to snapshot;
create index snapshot_host_time on snapshot (host_id, collected_at_millis);
create index snapshot_time on snapshot (collected_at_millis);
