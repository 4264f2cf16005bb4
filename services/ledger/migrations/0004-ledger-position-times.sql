-- When the last event applied from each partition was published (its ce_time): with the log's end offset, how far
-- behind the ledger is in seconds as well as in events.
alter table ledger_positions add column last_event_at timestamptz;
