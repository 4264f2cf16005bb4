-- The recycling service's state: each processor's stock (the aggregate) and the facts decided against it. The
-- domain enforces every invariant; the constraints here are the last line of defence, so a bug can never store a
-- negative stock, an unbalanced run or a product id twice.

-- One row per processor that has received anything: the aggregate's version row. Commands on a processor serialise
-- on it (optimistic version check; a re-run after a lost race locks it).
create table processors (
  processor_id text primary key,
  version integer not null check (version > 0)
);

-- Held grams per node. A line stays at 0 g once used up, so "never received here" and "none left" stay distinct.
-- Node ids sort in code-unit order (COLLATE "C"), as the stock resource lists them.
create table stock_lines (
  processor_id text not null references processors (processor_id),
  node_id text collate "C" not null,
  held_grams bigint not null check (held_grams >= 0),
  primary key (processor_id, node_id)
);
-- Product ids must not name a node any processor received: looked up by node id across processors.
create index stock_lines_by_node on stock_lines (node_id);

create table receipts (
  receipt_id text primary key,
  processor_id text not null references processors (processor_id),
  lot_id text not null,
  grams bigint not null check (grams > 0),
  received_at timestamptz not null,
  delivery_id text
);
create index receipts_by_processor on receipts (processor_id);

create table runs (
  run_id text primary key,
  processor_id text not null references processors (processor_id),
  -- The totals are kept so the balance is checked once more here: inputs = outputs + loss, to the gram.
  input_grams bigint not null check (input_grams > 0),
  output_grams bigint not null check (output_grams > 0),
  loss_grams bigint not null check (loss_grams >= 0),
  completed_at timestamptz not null,
  check (input_grams = output_grams + loss_grams)
);
create index runs_by_processor on runs (processor_id);

create table run_inputs (
  run_id text not null references runs (run_id),
  -- Order of the line in the command (0 = first); the first input's node keys the run's event on Kafka.
  position integer not null check (position >= 0),
  node_id text not null,
  grams bigint not null check (grams > 0),
  primary key (run_id, position),
  unique (run_id, node_id)
);

-- Products are nodes: their ids are unique across processors (and the chain). The primary key is what makes two
-- runs racing to create the same product id at different processors end as one success and one conflict.
create table products (
  product_id text primary key,
  run_id text not null references runs (run_id),
  position integer not null check (position >= 0),
  outcome text not null check (outcome in ('recycling.fibre-to-fibre', 'recycling.open-loop', 'upcycling')),
  product_kind text not null check (length(btrim(product_kind)) > 0),
  grams bigint not null check (grams > 0),
  unique (run_id, position)
);

create table disposals (
  disposal_id text primary key,
  processor_id text not null references processors (processor_id),
  node_id text not null,
  grams bigint not null check (grams > 0),
  method text not null check (method in ('energy-recovery', 'incineration', 'landfill')),
  disposed_at timestamptz not null
);
create index disposals_by_processor on disposals (processor_id);
