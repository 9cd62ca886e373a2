-- Alerts (issue 13). Keep in step with db/migration/postgresql/V5__alerts.sql, which explains each table.

create table alert_rule (
    name           varchar(100) primary key,
    source         varchar(8)   not null check (source in ('file', 'api')),
    enabled        boolean      not null,
    definition     text         not null,
    created_millis bigint       not null,
    updated_millis bigint       not null
);

create table alert_state (
    host_id              bigint       not null references host (id),
    rule_name            varchar(100) not null,
    subject              varchar(64)  not null,
    state                varchar(8)   not null check (state in ('pending', 'firing')),
    pending_since_millis bigint       not null,
    firing_since_millis  bigint,
    value                double       not null,
    pid                  integer,
    start_time_millis    bigint,
    summary              text         not null,
    primary key (host_id, rule_name, subject)
);
create index alert_state_rule on alert_state (rule_name);

-- autoincrement: an event id is never handed out twice, even once old events are deleted, since
-- notifications use it as their idempotency key.
create table alert_event (
    id                integer primary key autoincrement,
    host_id           bigint       not null,
    rule_name         varchar(100) not null,
    hostname          varchar(253) not null,
    subject           varchar(64)  not null,
    pid               integer,
    start_time_millis bigint,
    transition        varchar(8)   not null check (transition in ('pending', 'firing', 'resolved')),
    at_millis         bigint       not null,
    value             double       not null,
    severity          varchar(8)   not null,
    labels            text         not null,
    summary           text         not null,
    unique (host_id, rule_name, subject, transition, at_millis)
);
create index alert_event_at on alert_event (at_millis);
