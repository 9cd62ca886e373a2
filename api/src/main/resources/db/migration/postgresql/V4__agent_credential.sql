-- Host identity: each host's own credential, which its agent got by enrolling with the fleet's
-- shared enrollment secret. A report is stored only for the host its credential is bound to.
-- Keyed by hostname, not host id: a host enrolls before its first report creates its host row.
-- Hosts stored before this version have no credential; the first agent to enroll their name binds
-- it (and keeps their history).
create table agent_credential (
    hostname         varchar(253) primary key,
    -- SHA-256 of the credential, hex: the credential itself is never stored.
    digest           char(64)     not null unique,
    enrolled_millis  bigint       not null,
    -- Which enrollment secret issued it: the first 12 hex digits of that secret's SHA-256.
    enrolled_with    varchar(12)  not null,
    agent_version    varchar(64),
    -- Updated at most about once a minute, not on every report.
    last_used_millis bigint,
    -- Set by an operator: the credential is refused, and the hostname cannot enroll again until reset.
    revoked_millis   bigint,
    revoked_by       varchar(128)
);
