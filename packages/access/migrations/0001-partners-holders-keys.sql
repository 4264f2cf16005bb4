-- The access directory: partners, the holders they own, and their API keys. Tenant data: kept across restarts and
-- ledger rebuilds, in a schema of its own that every service reads.
create table access_partners (
  partner_id text primary key,
  kind text not null,
  name text not null,
  created_at timestamptz not null default now()
);

-- A holder belongs to at most one partner; a holder with no row belongs to the operator.
create table access_holders (
  holder_kind text not null,
  holder_id text not null,
  partner_id text not null references access_partners (partner_id),
  primary key (holder_kind, holder_id)
);
create index access_holders_by_partner on access_holders (partner_id);

-- Only the SHA-256 of a key's secret is kept; the key id is what logs and the API show.
create table access_api_keys (
  key_id text primary key,
  partner_id text not null references access_partners (partner_id),
  secret_sha256 text not null,
  scopes text[] not null,
  label text not null default '',
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz
);
create index access_api_keys_by_partner on access_api_keys (partner_id);
