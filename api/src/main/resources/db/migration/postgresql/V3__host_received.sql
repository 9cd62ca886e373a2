-- When the API received a host's newest stored report, by the API's own clock (ms since the epoch).
-- Liveness (reporting, stale, gone) follows this, never the agent's clock: a host stamped in the
-- future must not look fresh forever, nor one catching up on spooled reports look dead.
alter table host add column last_received_millis bigint not null default 0;
update host set last_received_millis = last_report_millis;
