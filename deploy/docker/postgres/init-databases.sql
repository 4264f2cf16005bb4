-- Runs once, when the PostgreSQL container initialises an empty data directory (docker-entrypoint-initdb.d).
-- Each service owns its data: its own database, owned by its own role, so no service can read another's tables.
-- The passwords are for the local stack only; real deployments take credentials from their secret store.
CREATE ROLE collection LOGIN PASSWORD 'collection';
CREATE DATABASE collection OWNER collection;

CREATE ROLE sorting LOGIN PASSWORD 'sorting';
CREATE DATABASE sorting OWNER sorting;

CREATE ROLE retail LOGIN PASSWORD 'retail';
CREATE DATABASE retail OWNER retail;

CREATE ROLE recycling LOGIN PASSWORD 'recycling';
CREATE DATABASE recycling OWNER recycling;

CREATE ROLE ledger LOGIN PASSWORD 'ledger';
CREATE DATABASE ledger OWNER ledger;
