-- Kept images, content-addressed: one row per distinct content (SHA-256 of its bytes), whatever the store.
create table image_content (
    hash       char(64)     primary key,
    mime_type  varchar(32)  not null,
    width      integer      not null,
    height     integer      not null,
    size_bytes bigint       not null,
    created_at timestamptz  not null
);

-- The bytes, for the postgres store (GATEWAY_IMAGES_STORE=postgres); the s3 store keeps them in its bucket.
create table image_blob (
    hash  char(64) primary key references image_content (hash) on delete cascade,
    bytes bytea    not null
);
-- Bytes are read whole or not at all: compressing PNG/JPEG/WebP again gains nothing and costs CPU.
alter table image_blob alter column bytes set storage external;

-- Each image of each task has a reference of its own: its URL's unguessable token. Tokens differ per task, so
-- per owner; retention deletes references older than GATEWAY_IMAGES_RETENTION, then content nothing refers to.
create table image_ref (
    token      varchar(48)  primary key,
    hash       char(64)     not null references image_content (hash),
    task_id    varchar(64)  not null,
    created_at timestamptz  not null
);
create index image_ref_hash on image_ref (hash);
create index image_ref_created on image_ref (created_at);

-- When retention removed a task's images (it then says so); and since when some of its images still wait for their
-- copy (retried by the sweep).
alter table task add column images_removed_at timestamptz;
alter table task add column images_pending_since timestamptz;
create index task_images_pending on task (images_pending_since) where images_pending_since is not null;
