-- Issue 23: what a task was asked for beyond the common fields. requested_model differs from model when a fallback
-- ran the request on a retired model's replacement; options holds the model options applied (defaults included) as a
-- JSON object of name to value. Both null for tasks stored before: the model asked for is the one that ran, no options.
alter table task add column requested_model varchar(100);
alter table task add column options text;
