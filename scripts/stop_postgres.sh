#!/usr/bin/env bash
# Stops and removes a cluster made by start_postgres.sh: scripts/stop_postgres.sh DIR
set -u
dir=$1
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run=()
[ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop
rm -rf "$dir"
