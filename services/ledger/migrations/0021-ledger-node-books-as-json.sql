-- A node's book is read whole by the refresh and written whole by it, and no statement looks inside it: stored as
-- json (its text, checked on the way in) rather than jsonb (parsed into a binary form on the way in, printed back on
-- the way out), reading the books of 3,000 nodes of the 1,000,000-event bench ledger took 16-24 ms instead of 32-45,
-- and books were the second costliest read of the figures from nothing. The refresh writes a book only when its text
-- changes: a book is printed by one function, the same book the same way. A book carried over here keeps jsonb's
-- printing (the same JSON value) until the refresh next visits its node and writes it once more in its own.
alter table ledger_node_books alter column book type json using book::json;
