-- Which container, and on Kubernetes which pod, a process runs in. It does not change for a
-- process's life (it can be learnt late: the pod's name once the agent may list pods), so it sits
-- with the identity, not in process_sample. Null outside a container or where the agent does not
-- read it. Its SQLite twin is db/migration/sqlite/V2__process_container.sql.
alter table process
    add column container_id  varchar(128),
    add column pod_uid       varchar(64),
    add column pod_namespace varchar(253),
    add column pod_name      varchar(253);
