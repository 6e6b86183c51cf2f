-- Deliveries of a task's end to the caller's callback_url (API in One dialect), kept until delivered or given up.
-- A row is written when the task is accepted, before it can end: a delivery is due once its task has ended, whichever
-- replica ended it, and found by every replica's scan, so that neither a restart nor a replica's death between the
-- end and the delivery loses one. A replica claims a due row (FOR UPDATE SKIP LOCKED) by moving next_attempt_at past
-- the attempt's time: the claim is a lease, and a replica that dies mid-attempt leaves the row due again.
create table webhook_delivery (
    id              varchar(64)  primary key,
    task_id         varchar(64)  not null unique,
    owner_hash      varchar(400) not null,
    url             text         not null,
    image_base      text         not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    last_status     integer,
    delivered_at    timestamptz,
    given_up_at     timestamptz,
    created_at      timestamptz  not null
);
-- The scan reads only deliveries still to make.
create index webhook_delivery_due on webhook_delivery (next_attempt_at)
    where delivered_at is null and given_up_at is null;
