/**
 * Tables of the PostgreSQL event log. `position` is one sequence for all topics; writers take a transaction-level
 * advisory lock, so positions become visible in commit order and a reader that asks for `position > last` can never
 * skip a row that commits late.
 */
export const eventLogSchemaSql = `
create table if not exists event_log_topics (
  name text primary key,
  partitions int not null default 1
);
create table if not exists event_log (
  position bigserial primary key,
  topic text not null references event_log_topics (name),
  key text not null,
  value bytea not null,
  headers jsonb not null,
  logged_at timestamptz not null default clock_timestamp()
);
create index if not exists event_log_topic_position on event_log (topic, position);
create table if not exists event_log_positions (
  group_id text not null,
  topic text not null,
  position bigint not null default -1,
  owner text,
  lease_until timestamptz,
  primary key (group_id, topic)
);
`;

/** The advisory lock key that serialises writers of the event log (any constant unique to this purpose). */
export const EVENT_LOG_WRITE_LOCK = 7_305_100_001;

/** Channel notified when events are appended, so consumers wake without polling. */
export const EVENT_LOG_CHANNEL = 'vezel_event_log';
