#!/usr/bin/env bash
# `make cluster` / `make cluster-stop`: every role of a scaled-out Broadsheet on this machine.
#
#   tools/cluster.sh start    PostgreSQL, Redis, the web server, the scheduler, two workers
#   tools/cluster.sh stop     stop them all (the data stays)
#   tools/cluster.sh status   which are running
#
# Everything lives under $BROADSHEET_DATA_DIR/cluster: a PostgreSQL cluster of its own
# (postgres/, port $CLUSTER_PG_PORT, default 5433, so a system PostgreSQL on 5432 is left
# alone), a Redis of its own (redis/, port $CLUSTER_REDIS_PORT, default 6380), logs/ and run/
# (pid files). `env` holds the settings every role reads; `. data/cluster/env` in a shell
# points `broadsheet` commands at the cluster. Starting again only starts what is not running.
# Needs the Debian packages postgresql and redis-server. As root, PostgreSQL runs as the
# `postgres` user (it refuses root), so the data directory must be reachable by that user.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=$(realpath -m "${BROADSHEET_DATA_DIR:-./data}")
C="$DATA/cluster"
LOGS="$C/logs" RUN="$C/run" PGDATA="$C/postgres" PGSOCK="$C/pgsock"
PG_PORT=${CLUSTER_PG_PORT:-5433}
REDIS_PORT=${CLUSTER_REDIS_PORT:-6380}
HOST=${HOST:-127.0.0.1} PORT=${PORT:-8000}
CONCURRENCY=${CLUSTER_CONCURRENCY:-1}  # per worker: two workers share this machine's cores
BIN="$PWD/.venv/bin"
ROLES=(web scheduler worker1 worker2)

die() { echo "cluster: $*" >&2; exit 1; }

pg_bin() {
  local ver
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$ver" ] || die "PostgreSQL is not installed: apt-get install postgresql"
  echo "/usr/lib/postgresql/$ver/bin"
}

as_pg() {  # run a PostgreSQL server command as a user it accepts
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start_postgres() {
  local bin; bin=$(pg_bin)
  mkdir -p "$PGSOCK"
  if [ ! -s "$C/pg-password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$C/pg-password")
  fi
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user: apt-get install postgresql"
    install -d -o postgres -m 700 "$PGDATA"; chown postgres "$PGSOCK" "$LOGS"
  fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    local pw; pw=$(mktemp); cp "$C/pg-password" "$pw"; chmod 644 "$pw"
    as_pg "$bin/initdb" -D "$PGDATA" -U broadsheet --pwfile="$pw" --auth-local=scram-sha-256 \
      --auth-host=scram-sha-256 -E UTF8 >"$LOGS/initdb.log" 2>&1 \
      || { rm -f "$pw"; die "initdb failed: see $LOGS/initdb.log"; }
    rm -f "$pw"
  fi
  if ! as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -k $PGSOCK -c listen_addresses=127.0.0.1" start >/dev/null \
      || die "PostgreSQL did not start: see $LOGS/postgres.log"
  fi
  export PGPASSWORD; PGPASSWORD=$(cat "$C/pg-password")
  psql -h 127.0.0.1 -p "$PG_PORT" -U broadsheet -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'broadsheet'" | grep -q 1 \
    || createdb -h 127.0.0.1 -p "$PG_PORT" -U broadsheet broadsheet
  echo "PostgreSQL on 127.0.0.1:$PG_PORT ($PGDATA)"
}

start_redis() {
  command -v redis-server >/dev/null || die "Redis is not installed: apt-get install redis-server"
  mkdir -p "$C/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$C/redis" --daemonize yes \
      --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" --appendonly yes >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || die "Redis did not start: see $LOGS/redis.log"
  fi
  echo "Redis on 127.0.0.1:$REDIS_PORT ($C/redis)"
}

write_env() {
  cat >"$C/env" <<EOF
export BROADSHEET_DATA_DIR='$DATA'
export BROADSHEET_DATABASE_URL='postgresql://broadsheet:$(cat "$C/pg-password")@127.0.0.1:$PG_PORT/broadsheet'
export BROADSHEET_BROKER_URL='redis://127.0.0.1:$REDIS_PORT/0'
export BROADSHEET_CACHE_URL='redis://127.0.0.1:$REDIS_PORT/1'
EOF
  chmod 600 "$C/env"
}

start_role() {  # start_role NAME COMMAND...: in its own session, output to logs/NAME.log
  local name=$1; shift
  if alive "$name"; then echo "$name already running (pid $(cat "$RUN/$name.pid"))"; return; fi
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  echo "$name started (pid $!, log $LOGS/$name.log)"
}

start() {
  [ -x "$BIN/broadsheet" ] || die "run \`make run\` or \`make test\` once first (no .venv)"
  mkdir -p "$LOGS" "$RUN"
  start_postgres
  start_redis
  write_env
  # shellcheck disable=SC1091
  . "$C/env"
  "$BIN/broadsheet" migrate >>"$LOGS/migrate.log" 2>&1 || die "migrate failed: see $LOGS/migrate.log"
  "$BIN/broadsheet" starter
  BROADSHEET_SCHEDULER=false start_role web "$BIN/broadsheet" serve --host "$HOST" --port "$PORT"
  start_role scheduler "$BIN/broadsheet" scheduler
  start_role worker1 "$BIN/broadsheet" worker --concurrency "$CONCURRENCY" --name "worker1@$(hostname)"
  start_role worker2 "$BIN/broadsheet" worker --concurrency "$CONCURRENCY" --name "worker2@$(hostname)"
  for _ in $(seq 60); do
    curl -fs -o /dev/null "http://$HOST:$PORT/" && break
    alive web || die "the web server stopped: see $LOGS/web.log"
    sleep 0.5
  done
  curl -fs -o /dev/null "http://$HOST:$PORT/" || die "the web server does not answer: see $LOGS/web.log"
  echo "Broadsheet cluster: http://$HOST:$PORT/ (settings in $C/env, logs in $LOGS)"
}

stop_role() {
  local name=$1 pid
  alive "$name" || { rm -f "$RUN/$name.pid"; return 0; }
  pid=$(cat "$RUN/$name.pid")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$name.pid"
  echo "$name stopped"
}

stop() {
  for name in "${ROLES[@]}"; do stop_role "$name"; done
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && [ -f "$RUN/redis.pid" ]; then
    redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
    echo "Redis stopped"
  fi
  if [ -s "$PGDATA/PG_VERSION" ]; then
    local bin; bin=$(pg_bin)
    if as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && echo "PostgreSQL stopped"
    fi
  fi
}

status() {
  for name in "${ROLES[@]}"; do
    if alive "$name"; then echo "$name: running (pid $(cat "$RUN/$name.pid"))"; else echo "$name: stopped"; fi
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "redis: running" || echo "redis: stopped"
  if [ -s "$PGDATA/PG_VERSION" ] && as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    echo "postgres: running"
  else
    echo "postgres: stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
