-- The door a task came through (graphql, apiinone, openai), for the per-door business metrics; null for tasks stored
-- before it was kept (GraphQL was the only door then).
alter table task add column dialect varchar(16);
