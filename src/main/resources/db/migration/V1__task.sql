-- One row per gateway task. The owner is the SHA-256 of the caller's API key; the key itself is kept only
-- encrypted (AES-GCM, GATEWAY_SECRET) while the task needs upstream calls, and cleared when it ends.
create table task (
    id               varchar(64)  primary key,
    owner_hash       char(64)     not null,
    status           varchar(16)  not null,
    progress         integer,
    model            varchar(100) not null,
    prompt           text         not null,
    negative_prompt  text,
    aspect_ratio     varchar(16)  not null,
    num_images       integer      not null,
    seed             integer,
    images           text         not null default '[]',
    credits_charged  integer      not null default 0,
    cached           boolean      not null default false,
    error_code       varchar(64),
    error_message    text,
    upstream_task_id varchar(255),
    upstream_key     text,
    upstream_raw     text,
    last_status_at   timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    version          bigint       not null default 0
);

-- tasks(first, after): the caller's tasks, newest first, keyset-paged on (created_at, id).
create index task_owner_newest on task (owner_hash, created_at desc, id desc);

-- The trackers look for tasks that have not ended.
create index task_unfinished on task (created_at) where status in ('QUEUED', 'RUNNING');
