-- Deterministic requests (a seed, on a model that honours it) carry their fingerprint and cache scope, so that
-- whichever replica sees the task end can fill the result cache and clear the in-flight marker.
alter table task add column fingerprint char(64);
alter table task add column cache_scope varchar(80);
alter table task add column cache_policy varchar(8);
-- A task that shares another task's generation (in-flight coalescing) follows that leader.
alter table task add column leader_task_id varchar(64);
