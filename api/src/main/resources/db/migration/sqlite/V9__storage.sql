-- Storage per host-day (issue 14). Its PostgreSQL twin is db/migration/postgresql/V9__storage.sql,
-- which says why. SQLite has no trigram index and no uuid type: report_id stays text.

-- The host page shows the file systems of the host's newest report only: they move to the host's row.
alter table host add column file_systems text;
update host set file_systems = (
    select s.file_systems from snapshot s
    where s.host_id = host.id and s.id = host.latest_snapshot_id and s.collected_at_millis = host.last_report_millis);
alter table snapshot drop column file_systems;
