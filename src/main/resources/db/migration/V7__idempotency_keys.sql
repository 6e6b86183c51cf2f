-- Idempotent retries: a caller's key (only its SHA-256), per owner, names the task its first request made, for 24 h.
-- request_hash tells a retry of the same request from another request reusing the key.
create table idempotency_key (
    owner_hash   varchar(400) not null,
    key_hash     char(64)     not null,
    request_hash char(64)     not null,
    task_id      varchar(64)  not null,
    created_at   timestamptz  not null,
    primary key (owner_hash, key_hash)
);
create index idempotency_key_created on idempotency_key (created_at);
