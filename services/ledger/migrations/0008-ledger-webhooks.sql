-- Webhooks: partners' HTTP endpoints the ledger pushes the feed to (Standard Webhooks), and EPCIS subscriptions
-- (the same machinery, an EPCISQueryDocument body and a GS1-Signature header). Operational state, not projection:
-- a rebuild carries these tables over at the swap like the feed itself.
create table ledger_webhooks (
  id text primary key,
  -- Who registered it, and what it may therefore see: the read policy is applied as for the partner's own reads.
  partner_id text not null,
  partner_kind text not null,
  -- `standard`: Standard Webhooks JSON payloads; `epcis`: an EPCIS 2.0 subscription.
  kind text not null check (kind in ('standard', 'epcis')),
  url text not null,
  -- The feed filter (types, node, municipality) or, for EPCIS, the query's parameters.
  filter jsonb not null,
  -- Signing keys, newest first: `{secret, expiresAt?}`. During a rotation the old key signs too until it expires, so
  -- a receiver that has not switched yet still verifies. An EPCIS subscription's is its signatureToken (may be none).
  secrets jsonb not null,
  query_name text,
  status text not null check (status in ('active', 'disabled')),
  disabled_reason text,
  -- Feed positions looked at through here: deliveries exist for every matching event up to it.
  scanned_through bigint not null check (scanned_through >= 0),
  -- Back-off of the whole endpoint after 429, 5xx or no answer: one failing receiver is not sent every event, and
  -- while it fails it is sent one message at a time, each pause longer (Standard Webhooks' schedule), until it
  -- answers again or a day of failures disables it.
  paused_until timestamptz,
  consecutive_failures integer not null default 0,
  -- Which ledger process works the endpoint now, until when: several processes share the endpoints, and one that
  -- dies leaves its endpoints to the others once the lease runs out.
  lease_owner text,
  lease_until timestamptz,
  worked_at timestamptz,
  created_at timestamptz not null default now()
);
create index ledger_webhooks_partner on ledger_webhooks (partner_id);

create table ledger_webhook_deliveries (
  webhook_id text not null references ledger_webhooks (id) on delete cascade,
  position bigint not null,
  -- `webhook-id`: the same on every try and replay, so a receiver drops what it already has.
  message_id text not null,
  -- The nodes the event touches: a later event of one of them waits until this one is delivered or dead.
  node_ids text[] not null,
  -- Rendered once, when the event was found visible and matching: every retry sends the same bytes.
  body text not null,
  status text not null check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  primary key (webhook_id, position)
);
create index ledger_webhook_deliveries_pending on ledger_webhook_deliveries (webhook_id, position)
  where status = 'pending';
create index ledger_webhook_deliveries_dead on ledger_webhook_deliveries (webhook_id, position)
  where status = 'dead';

-- EPCIS named queries (`POST /v1/epcis/queries`): a partner's saved query parameters, subscribable by name.
create table ledger_epcis_queries (
  partner_id text not null,
  name text not null,
  query jsonb not null,
  created_at timestamptz not null default now(),
  primary key (partner_id, name)
);
