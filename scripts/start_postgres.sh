#!/usr/bin/env bash
# Starts a private PostgreSQL cluster on a free local port and prints shell assignments:
#   eval "$(scripts/start_postgres.sh)"  →  MARSAD_TEST_PG, MARSAD_PG_DIR
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/marsad-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -U marsad --auth=trust -E UTF8 >/dev/null
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
"${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U marsad marsad_test
echo "MARSAD_TEST_PG=postgresql://marsad@127.0.0.1:$port/marsad_test"
echo "MARSAD_PG_DIR=$dir"
