-- Container and Kubernetes pod attribution of a process (see db/migration/postgresql), null outside
-- a container or where the agent does not read it. SQLite adds one column per statement.
alter table process add column container_id varchar(128);
alter table process add column pod_uid varchar(64);
alter table process add column pod_namespace varchar(253);
alter table process add column pod_name varchar(253);
