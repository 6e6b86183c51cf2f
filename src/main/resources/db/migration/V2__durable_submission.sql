-- The exact body sent upstream, so that a task the upstream could not accept yet is resubmitted as asked,
-- by whichever replica tracks it, even after restarts.
alter table task add column upstream_request text;
