-- Owners are no longer only key hashes: a JWT's "issuer|subject", or the owner a gateway key acts as.
alter table task alter column owner_hash type varchar(400);

-- Keys the gateway issued (gk_…): only their SHA-256 is kept; the key itself is shown once, at creation.
create table gateway_key (
    id                    varchar(40)  primary key,
    name                  varchar(200) not null,
    owner                 varchar(400) not null,
    key_hash              char(64)     not null unique,
    created_at            timestamptz  not null,
    expires_at            timestamptz,
    revoked_at            timestamptz,
    budget_credits        integer,
    rate_limit_per_minute integer,
    concurrent_tasks      integer,
    created_by            varchar(400) not null
);

-- Credits reserved per owner and budget period (UTC day or month): raised atomically, only while it stays within
-- the budget, when a generation is about to go upstream; settled to what was charged when the task ends.
create table credit_reservation (
    owner        varchar(400) not null,
    period_start timestamptz  not null,
    reserved     integer      not null,
    primary key (owner, period_start)
);

-- What a task holds of its owner's budget, and in which period, until it ends and is settled.
alter table task add column credits_reserved integer not null default 0;
alter table task add column reserved_period_start timestamptz;

-- usageByOwner reads every task of a period.
create index task_created on task (created_at);
