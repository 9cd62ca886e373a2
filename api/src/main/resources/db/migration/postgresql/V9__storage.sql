-- Storage per host-day (issue 14): at 300 processes every 10 s a host must cost at most 25 MB a day.
-- Its SQLite twin is db/migration/sqlite/V9__storage.sql. On an upgrade it rewrites every snapshot
-- (report_id's type) and indexes every sample kept again (48 h by default), at the API's start.

-- The fleet search's trigram index gathers new processes in a pending list, moved into the index in
-- one batch when it passes gin_pending_list_limit (4 MB by default) or at a vacuum. At 4 MB the list's
-- pages grew the index by about 1 MB an hour; with no list at all (fastupdate = off) each insert
-- writes its trigrams straight into the index and PostgreSQL's CPU per report went from 3.7 to
-- 7.2-7.7 ms. A 256 kB list keeps both: bench/README.md, "storage", has the three runs.
do $$
begin
    if to_regclass('process_fleet_search') is not null then
        execute 'alter index process_fleet_search set (gin_pending_list_limit = 256)';
    end if;
end;
$$;

-- The host page shows the file systems of the host's newest report only: they move to the host's
-- row, replaced by each newer report, instead of about 270 bytes of JSON in every snapshot.
alter table host add column file_systems text;
update host h set file_systems = s.file_systems
from snapshot s
where s.host_id = h.id and s.id = h.latest_snapshot_id and s.collected_at_millis = h.last_report_millis;
alter table snapshot drop column file_systems;

-- The agent's report id is a UUID: 16 bytes instead of 37 in the row and in its unique key. The
-- type change rewrites the snapshots, which also frees the dropped column's bytes.
alter table snapshot alter column report_id type uuid using report_id::uuid;

-- A snapshot is found by its host and time: the key leads with them, and the separate index on
-- (host_id, collected_at_millis) goes. The newest snapshot is still read by its whole key.
alter table snapshot drop constraint snapshot_pkey;
alter table snapshot add primary key (host_id, collected_at_millis, id);
drop index snapshot_host_time;

-- Samples are read per process over a time range. The unique key (host, pid, start, time) becomes
-- an index on (host, pid, time), 8 bytes less per entry: the start time, which tells a reused pid's
-- processes apart, is checked on the row. Nothing relied on the key being unique: a report is
-- stored once (snapshot's unique key), and so are its samples.
alter table process_sample drop constraint process_sample_pkey;
create index process_sample_host_pid_time on process_sample (host_id, pid, collected_at_millis);
