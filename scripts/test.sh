#!/usr/bin/env bash
# `npm test`: everything CI checks, on a fresh machine too. Installs what is missing, starts Kafka and PostgreSQL
# when none is given (KAFKA_BROKERS / DATABASE_URL), then: node version, generated-code drift, format, lint, type check,
# unit, integration and e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-modules.sh
bash scripts/ensure-system-packages.sh
export PATH="$PWD/node_modules/.bin:$PATH"

# Each step says when it started (seconds since npm test began), so a slow phase shows in any log.
step() { printf '\n== %s (at %d s)\n' "$*" "$SECONDS"; }
step "runtime";            node scripts/check-node-version.ts
step "generated code";     node scripts/check-generated-drift.ts
step "format";             prettier --check . --log-level warn
step "lint";               eslint --max-warnings 0 .
step "type check";         turbo run typecheck --output-logs=errors-only
step "tests (unit, integration against real Kafka and PostgreSQL, e2e)"
vitest run "$@"
printf '\n== done (at %d s)\n' "$SECONDS"
