/** The outbox table every write-side service keeps in its own schema, next to its state. */
export const outboxSchemaSql = `
create table if not exists outbox (
  id bigserial primary key,
  topic text not null,
  key text not null,
  value bytea not null,
  headers jsonb not null,
  trace_context jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default clock_timestamp(),
  sent_at timestamptz
);
create index if not exists outbox_unsent on outbox (id) where sent_at is null;
create table if not exists outbox_relay_lease (
  name text primary key,
  owner text,
  lease_until timestamptz
);
`;

/** Channel notified when rows are appended, so the relay publishes without waiting for its next poll. */
export const OUTBOX_CHANNEL = 'vezel_outbox';
