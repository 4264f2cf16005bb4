-- Which ledger process is rebuilding this schema, and until when (it renews the claim while it works): a rebuild
-- drops and fills `<schema>_rebuild`, so two at once (asked of two processes behind one address) would destroy each
-- other's tables. The row lives in the live schema; the swap replaces that schema, which ends the claim with it.
create table ledger_rebuild_claim (
  one boolean primary key default true check (one),
  holder text not null,
  expires_at timestamptz not null
);
