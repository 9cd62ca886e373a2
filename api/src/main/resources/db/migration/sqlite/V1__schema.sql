-- procscope schema, version 1 (SQLite, the embedded default). Keep in step with
-- db/migration/postgresql, which explains each table. SQLite has no partitions: retention deletes
-- old rows in small batches.

create table host (
    id                  integer primary key,
    hostname            varchar(253) not null unique,
    os_name             varchar(128),
    os_version          varchar(128),
    kernel_version      varchar(128),
    platform            varchar(32),
    architecture        varchar(32),
    cpu_count           integer,
    memory_total_bytes  bigint,
    boot_time_millis    bigint,
    agent_version       varchar(64),
    interval_millis     bigint,
    first_report_millis bigint       not null,
    last_report_millis  bigint       not null,
    latest_snapshot_id  bigint
);

create table host_state (
    host_id             bigint primary key references host (id),
    snapshot_id         bigint not null,
    collected_at_millis bigint not null,
    processes           blob   not null
);

create table snapshot (
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
    unique (report_id, collected_at_millis)
);
create index snapshot_host_time on snapshot (host_id, collected_at_millis);
create index snapshot_time on snapshot (collected_at_millis);

create table process (
    host_id           bigint  not null references host (id),
    pid               integer not null,
    start_time_millis bigint  not null,
    ppid              integer,
    name              varchar(1024),
    exe               varchar(4096),
    command_line      text,
    username          varchar(256),
    cwd               varchar(4096),
    first_seen_millis bigint  not null,
    last_seen_millis  bigint,
    ended_millis      bigint,
    primary key (host_id, pid, start_time_millis)
);
create index process_host_start on process (host_id, start_time_millis);
create index process_host_ended on process (host_id, ended_millis) where ended_millis is not null;

create table process_sample (
    host_id             bigint  not null,
    pid                 integer not null,
    start_time_millis   bigint  not null,
    collected_at_millis bigint  not null,
    status              char(1),
    cpu_percent         real,
    rss_bytes           bigint,
    vms_bytes           bigint,
    threads             integer,
    nice                smallint,
    primary key (host_id, pid, start_time_millis, collected_at_millis)
);
create index process_sample_time on process_sample (collected_at_millis);

create table host_metrics_rollup (
    host_id                  bigint  not null references host (id),
    resolution               char(1) not null,
    bucket_millis            bigint  not null,
    samples                  integer not null,
    cpu_percent_avg          real,
    cpu_percent_max          real,
    memory_used_bytes_avg    bigint,
    memory_used_bytes_max    bigint,
    memory_total_bytes       bigint,
    swap_used_bytes_avg      bigint,
    load1_avg                real,
    load1_max                real,
    process_count_avg        real,
    network_received_bytes   bigint,
    network_sent_bytes       bigint,
    primary key (host_id, resolution, bucket_millis)
);

create table rollup_watermark (
    resolution   char(1) primary key,
    done_millis  bigint not null
);
