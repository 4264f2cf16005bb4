-- The collection service's state. The domain enforces every invariant; the constraints here are the last line of
-- defence, so a bug can never store a batch that ships more grams than were collected.

create table containers (
  container_id text primary key,
  -- A registered container belongs to exactly one municipality: the row is never updated after registration.
  municipality text not null check (municipality ~ '^GM[0-9]{4}$'),
  channel text not null check (channel in ('street-container', 'store-drop-off', 'door-to-door')),
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  address text,
  version integer not null check (version > 0),
  registered_at timestamptz not null default clock_timestamp(),
  check ((latitude is null) = (longitude is null))
);

create table batches (
  batch_id text primary key,
  container_id text not null references containers (container_id),
  -- Copied from the container at collection: the batch's origin, as published in BatchCollected.
  municipality text not null,
  grams bigint not null check (grams > 0),
  collected_at timestamptz not null,
  shipped_grams bigint not null check (shipped_grams >= 0 and shipped_grams <= grams),
  version integer not null check (version > 0)
);
create index batches_by_container on batches (container_id);

create table shipments (
  shipment_id text primary key,
  batch_id text not null references batches (batch_id),
  -- Order of the shipment within its batch (0 = first); shipments are append-only.
  position integer not null,
  centre_id text not null,
  grams bigint not null check (grams > 0),
  transport_km double precision check (transport_km >= 0),
  shipped_at timestamptz not null,
  unique (batch_id, position)
);
