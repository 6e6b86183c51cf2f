-- Each submission attempt is recorded before its upstream call, so that no replica submits a task while an attempt
-- may be under way, and an attempt whose outcome was never learned is known as such (never repeated by default).
alter table task add column submit_attempts integer not null default 0;
alter table task add column attempt_started_at timestamptz;
-- Credits per image fixed when the task was asked for: what a success costs does not move with the catalog.
alter table task add column credits_per_image integer;
-- The trackers page through unfinished tasks by (created_at, id).
drop index task_unfinished;
create index task_unfinished on task (created_at, id) where status in ('QUEUED', 'RUNNING');
-- Followers of a leader are found by it (a refused leader passes its refusal on to them).
create index task_leader on task (leader_task_id) where leader_task_id is not null;
