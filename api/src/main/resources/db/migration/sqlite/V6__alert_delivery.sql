-- Alert delivery (issue 13): the outbox of notifications, and silences. Keep in step with
-- db/migration/postgresql/V6__alert_delivery.sql, which explains each column. SQLite's single
-- writer serializes the senders' claims.

create table alert_notification (
    id                  integer primary key,
    event_id            bigint       not null,
    receiver            varchar(64)  not null,
    state               varchar(8)   not null,
    attempts            integer      not null default 0,
    next_attempt_millis bigint       not null,
    last_error          varchar(500),
    sent_millis         bigint,
    created_millis      bigint       not null,
    resend_millis       bigint,
    rule_name           varchar(100) not null,
    hostname            varchar(253) not null,
    subject             varchar(64)  not null,
    pid                 integer,
    start_time_millis   bigint,
    process_name        varchar(256),
    transition          varchar(8)   not null,
    at_millis           bigint       not null,
    starts_at_millis    bigint       not null,
    value               real,
    severity            varchar(8)   not null,
    labels              text         not null,
    summary             text         not null,
    unique (event_id, receiver)
);
create index alert_notification_due on alert_notification (next_attempt_millis) where state = 'due';
create index alert_notification_alert on alert_notification (receiver, rule_name, hostname, subject, at_millis);
create index alert_notification_resend on alert_notification (resend_millis) where resend_millis is not null;
create index alert_notification_created on alert_notification (created_millis);

-- autoincrement: a silence's id is never reused, so that ending an old one cannot end a newer.
create table alert_silence (
    id             integer primary key autoincrement,
    rule_name      varchar(100) not null,
    hostname       varchar(253),
    until_millis   bigint       not null,
    created_by     varchar(128) not null,
    comment        varchar(500),
    created_millis bigint       not null
);
create index alert_silence_rule on alert_silence (rule_name, until_millis);
create index alert_silence_until on alert_silence (until_millis);
