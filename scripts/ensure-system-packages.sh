#!/usr/bin/env bash
# Installs what the local Kafka broker needs from Debian's packages (a JDK and Maven) when they are missing.
# Skipped when KAFKA_BROKERS points at an existing broker.
set -euo pipefail
[[ -n "${KAFKA_BROKERS:-}" ]] && exit 0
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
(( ${#missing[@]} == 0 )) && exit 0
if [[ "$(id -u)" != 0 ]] && ! command -v sudo >/dev/null; then
  echo "Please install: ${missing[*]} (needed to run a local Kafka broker), or set KAFKA_BROKERS." >&2
  exit 1
fi
as_root=(); [[ "$(id -u)" != 0 ]] && as_root=(sudo)
echo "[setup] installing ${missing[*]} from Debian's packages" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
