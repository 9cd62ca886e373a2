-- Storage per host-day (issue 14), second pass. Its PostgreSQL twin is
-- db/migration/postgresql/V10__sample_hours.sql: it indexes the samples by host, pid and hour for
-- PostgreSQL's deduplication of equal keys, and orders the sample's columns against PostgreSQL's
-- alignment padding. SQLite has neither: its rows are not padded, and its key on (host, pid, start,
-- time) stays, which serves the same reads (they also name the hour) by its leading columns.
select 1;
