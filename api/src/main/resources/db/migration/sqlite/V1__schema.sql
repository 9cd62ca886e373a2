-- procscope schema, version 1 (SQLite, the embedded default). Keep in step with db/migration/postgresql.
-- Times are milliseconds since the epoch (bigint); sizes are bytes.

-- A host, keyed by its name. latest_snapshot_id points at its newest report, so the newest state
-- of a host is read without scanning history.
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
    first_report_millis bigint       not null,
    last_report_millis  bigint       not null,
    -- No foreign key: retention drops old snapshots, never the newest.
    latest_snapshot_id  bigint
);

-- One report: when it was collected, and the host's system metrics at that time.
create table snapshot (
    id                     integer primary key,
    report_id              varchar(36) not null unique,
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
    -- [{"mountPoint":"/","type":"ext4","usedBytes":1,"totalBytes":2}, ...]
    file_systems           text
);
create index snapshot_host_time on snapshot (host_id, collected_at_millis);

-- A process's identity, stored once for its life: pids are reused, (host, pid, start) is not.
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
    primary key (host_id, pid, start_time_millis)
);

-- What changes: one row per process per report. The host is the snapshot's.
create table process_sample (
    snapshot_id       bigint  not null references snapshot (id),
    pid               integer not null,
    start_time_millis bigint  not null,
    status            char(1),
    cpu_percent       real,
    rss_bytes         bigint,
    vms_bytes         bigint,
    threads           integer,
    nice              smallint,
    primary key (snapshot_id, pid, start_time_millis)
);
