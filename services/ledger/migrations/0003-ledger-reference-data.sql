-- Reference data the figures need and the events do not carry, loaded from a JSON file an operator maintains
-- (reference-data/, LEDGER_REFERENCE_DATA): versioned emission factors with their sources, and the textile put on
-- the Dutch market per year (the base of the UPV Textiel shares).

create table ledger_emission_factor_tables (
  version text primary key,
  source text not null,
  loaded_at timestamptz not null default now()
);

create table ledger_emission_factors (
  version text not null references ledger_emission_factor_tables (version),
  outcome text not null,
  -- kg CO2e per kg, exact as configured (never a float).
  kg_co2e_per_kg numeric not null,
  source text not null,
  year integer not null,
  primary key (version, outcome)
);

create table ledger_market_figures (
  year integer primary key,
  placed_on_market_grams bigint not null check (placed_on_market_grams > 0),
  source text not null
);
