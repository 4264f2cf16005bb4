#!/usr/bin/env bash
# Runs once, when the PostgreSQL container initialises an empty data directory (docker-entrypoint-initdb.d).
# Each service owns its data: its own database, owned by its own role, so no service can read another's tables.
# Each role's password comes from the environment, <SERVICE>_DB_PASSWORD (docker compose passes .env, see
# .env.example), never from this file. psql quotes the names and passwords itself (:"name", :'literal').
set -euo pipefail

services=(collection sorting retail recycling ledger)

# Every password first: a data directory initialised halfway is not initialised again.
for service in "${services[@]}"; do
  variable="${service^^}_DB_PASSWORD"
  if [ -z "${!variable:-}" ]; then
    echo "init-databases: $variable is not set; give it a value in .env (see .env.example)" >&2
    exit 1
  fi
done

for service in "${services[@]}"; do
  variable="${service^^}_DB_PASSWORD"
  psql --no-psqlrc --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set service_role="$service" --set service_password="${!variable}" <<'SQL'
CREATE ROLE :"service_role" LOGIN PASSWORD :'service_password';
CREATE DATABASE :"service_role" OWNER :"service_role";
SQL
done
