-- The ledger's fact store: the same two things as the pure core's LedgerState (src/domain/ledger-state.ts), as
-- tables, plus what consumption needs. Facts are the truth; every figure is computed from them by the core, so the
-- tables hold no derived state that arrival order could skew.

-- One row per event id (the CloudEvents ce_id): a redelivery inserts nothing (on conflict do nothing).
create table ledger_facts (
  event_id text primary key,
  type text not null,
  -- Business time of the fact (collected_at, shipped_at, ...), for reading facts in the core's time order.
  occurred_at timestamptz not null,
  -- The core's LedgerFact as JSON; grams and cents as decimal strings, times as ISO strings (fact-json.ts).
  fact jsonb not null,
  -- Where the first body came from in the log, for operators tracing a fact back to its event.
  topic text not null,
  partition integer not null,
  log_offset bigint not null,
  applied_at timestamptz not null default now()
);

-- Other bodies seen under an event id already stored (a producer bug). The core keeps the body whose canonical
-- JSON sorts first and reports the id as conflicting; keeping every body here lets a load hand all of them to the
-- core, so the choice does not depend on which body arrived first.
create table ledger_fact_rivals (
  event_id text not null references ledger_facts (event_id),
  body_hash text not null,
  fact jsonb not null,
  primary key (event_id, body_hash)
);

-- The core's index: every fact filed under the keys queries start from (src/domain/index-keys-of.ts). No foreign
-- key to ledger_facts: rows are written in the same transaction as their fact, and the check would cost every apply.
create table ledger_fact_keys (
  key_kind text not null check (key_kind in ('node', 'container', 'municipality')),
  key text not null,
  event_id text not null,
  primary key (key_kind, key, event_id)
);

-- The ledger's own consumer positions: the offset of the last event applied per (topic, partition). They are
-- written with the facts, so after a crash the ledger resumes exactly where its data ends (Kafka's offsets are a
-- hint).
create table ledger_positions (
  topic text not null,
  partition integer not null,
  log_offset bigint not null check (log_offset >= 0),
  updated_at timestamptz not null default now(),
  primary key (topic, partition)
);

-- Events the ledger could not use (unknown type, missing headers, malformed protobuf, fields breaking the contract),
-- kept whole with the reason so consumption goes on and nothing is lost silently.
create table rejected_events (
  topic text not null,
  partition integer not null,
  log_offset bigint not null,
  event_id text,
  type text,
  reason text not null,
  headers jsonb not null,
  value bytea not null,
  rejected_at timestamptz not null default now(),
  primary key (topic, partition, log_offset)
);
