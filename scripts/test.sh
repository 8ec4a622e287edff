#!/usr/bin/env bash
# Installs everything the tests need (Python packages, PostgreSQL, Chromium, Java for
# Spark) and runs the whole suite with lint. Usage: ./scripts/test.sh [pytest args…]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing system packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v '^WARNING: Location' || true
.venv/bin/python -c "import marsad, pytest, hypothesis, jsonschema" # fail here if the install failed

.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts

# A throwaway PostgreSQL server for the store tests (stopped on exit).
eval "$(scripts/start_postgres.sh)"
trap 'scripts/stop_postgres.sh "$MARSAD_PG_DIR" >/dev/null 2>&1 || true' EXIT

export MARSAD_TEST_PG MARSAD_CHROMIUM=/usr/bin/chromium
.venv/bin/python -m pytest "$@"
