#!/usr/bin/env bash
# `npm run infra:up` / `infra:down`: the local Kafka broker (from Maven Central jars) and PostgreSQL. `up` prints
# `export` lines for KAFKA_BROKERS and DATABASE_URL on stdout (the rest goes to stderr): eval "$(npm run -s infra:up)".
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  up)
    bash scripts/ensure-system-packages.sh
    if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
      if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
        version="$(ls /etc/postgresql | head -n 1)"
        echo "[postgres] starting cluster $version/main" >&2
        pg_ctlcluster --skip-systemctl-redirect "$version" main start
      else
        echo "[postgres] no PostgreSQL on 127.0.0.1:5432; set DATABASE_URL to one" >&2
      fi
    fi
    pg_isready -h 127.0.0.1 -p 5432 >&2 || true
    brokers="$(bash deploy/local/kafka.sh up)"
    echo "export KAFKA_BROKERS=$brokers"
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
    ;;
  down)
    bash deploy/local/kafka.sh down
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
