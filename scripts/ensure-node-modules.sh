#!/usr/bin/env bash
# The project runs on the Node 24 shipped by the `node` dev dependency; without node_modules there is none yet.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x node_modules/.bin/node ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[setup] installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund
fi
