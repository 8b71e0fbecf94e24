#!/usr/bin/env bash
# The cloud shape of docker-compose.yml, run from ordinary processes on 127.0.0.1 for a machine
# without a container engine: PostgreSQL, Redis, two `atlas-gate serve` instances, nginx (the
# project's nginx.conf, rendered for loopback) and Prometheus (the project's rules).
#
#   deploy/local/cluster.sh up        start what is not running, wait until nginx's /health is 200
#   deploy/local/cluster.sh status    each part, its pid and its health
#   deploy/local/cluster.sh env       the variables a client needs (URL, tokens, DATABASE_URL)
#   deploy/local/cluster.sh down      stop everything this script started (safe to repeat)
#
# Everything lives under ATLAS_CLUSTER_DIR (default /tmp/atlas-gate-cluster); nothing listens on
# anything but 127.0.0.1, and the machine's own PostgreSQL, Redis and nginx are never touched.
# The settings are the ATLAS_CLUSTER_* variables below; see docs/deployment.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

dir="${ATLAS_CLUSTER_DIR:-/tmp/atlas-gate-cluster}"
pg_port="${ATLAS_CLUSTER_PG_PORT:-55432}"
redis_port="${ATLAS_CLUSTER_REDIS_PORT:-56379}"
read -r -a gateway_ports <<< "${ATLAS_CLUSTER_GATEWAY_PORTS:-3101 3102}"
https_port="${ATLAS_CLUSTER_HTTPS_PORT:-8443}"
http_port="${ATLAS_CLUSTER_HTTP_PORT:-8080}"
prom_port="${ATLAS_CLUSTER_PROMETHEUS_PORT:-59090}"
# The gateway's per-principal limit and nginx's per-address limit: raised, because a load test
# runs every client under one token and from one address. 10 r/s and a burst of 20 are the
# production values of both.
rate_rps="${ATLAS_CLUSTER_RATE_LIMIT_RPS:-100000}"
rate_burst="${ATLAS_CLUSTER_RATE_LIMIT_BURST:-100000}"
nginx_rate="${ATLAS_CLUSTER_NGINX_RATE:-100000r/s}"
nginx_burst="${ATLAS_CLUSTER_NGINX_BURST:-100000}"
nginx_connections="${ATLAS_CLUSTER_NGINX_CONNECTIONS:-8192}"
nginx_keepalive="${ATLAS_CLUSTER_NGINX_KEEPALIVE:-1024}"
# The accept queue of nginx's listening sockets (Linux caps it at net.core.somaxconn): nginx's
# default, 511, drops the SYNs of a thousand clients connecting at once, and they retry after 1, 3,
# 7 s.
nginx_backlog="${ATLAS_CLUSTER_NGINX_BACKLOG:-4096}"
max_sessions="${ATLAS_CLUSTER_MAX_SESSIONS_PER_PRINCIPAL:-100000}"
scrape_interval="${ATLAS_CLUSTER_SCRAPE_INTERVAL:-5s}"
instance_down_for="${ATLAS_CLUSTER_INSTANCE_DOWN_FOR:-90s}"
java_opts="${ATLAS_CLUSTER_JAVA_OPTS:--Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError}"

jar="$repo/atlas-gate-cli/target/atlas-gate.jar"
pids="$dir/pids"
logs="$dir/logs"
secrets="$dir/secrets"
workspace="$dir/workspace"
database_url="postgresql://atlas_gate@127.0.0.1:${pg_port}/atlas_gate"
redis_url="redis://127.0.0.1:${redis_port}/0"

say() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 1; }

java_bin() {
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || die "no java: install a JDK 21 or newer, or set JAVA_HOME"
  fi
}

pg_bin() {
  local candidate
  for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
      echo "$candidate"
      return
    fi
  done
  candidate="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  [ -x "$candidate/initdb" ] || die "no PostgreSQL server binaries (initdb): apt-get install postgresql"
  echo "$candidate"
}

# PostgreSQL refuses to run as root: when this script is root, the server runs as postgres (or
# nobody), which owns the data directory.
pg_user() {
  if [ "$(id -u)" -ne 0 ]; then id -un; elif id postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$(pg_user)" -- "$@"
  else
    "$@"
  fi
}

need() { # need COMMAND PACKAGE: installs a Debian package when the command is missing
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    [ "$(id -u)" -eq 0 ] || die "$1 is missing: apt-get install $2"
    say "installing $2 (Debian package; its system service is not started by this script)"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >/dev/null
  fi
}

alive() { # alive NAME: the recorded process is running
  [ -s "$pids/$1.pid" ] && kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.25 s
  local seconds="$1" what="$2" i
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  die "$what did not come up within ${seconds}s (logs in $logs)"
}

http_ok() { [ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "$1")" = 200 ]; }

# --- secrets -------------------------------------------------------------------------------

make_secrets() {
  [ -s "$secrets/tokens.json" ] && return
  mkdir -p "$secrets"
  chmod 700 "$secrets"
  local rand digest planner executor operator auditor
  rand() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  digest() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
  planner="$(rand)"; executor="$(rand)"; operator="$(rand)"; auditor="$(rand)"
  (
    umask 077
    cat > "$secrets/tokens.json" <<JSON
{"tokens": [
  {"sha256": "$(digest "$planner")", "principal": "planner", "roles": ["ANTIGRAVITY"]},
  {"sha256": "$(digest "$executor")", "principal": "executor", "roles": ["WINDSURF"]},
  {"sha256": "$(digest "$operator")", "principal": "operator", "roles": ["OPERATOR"]},
  {"sha256": "$(digest "$auditor")", "principal": "auditor", "roles": ["AUDITOR"]}
]}
JSON
    printf 'ATLAS_PLANNER_TOKEN=%s\nATLAS_EXECUTOR_TOKEN=%s\nATLAS_OPERATOR_TOKEN=%s\nATLAS_AUDITOR_TOKEN=%s\n' \
      "$planner" "$executor" "$operator" "$auditor" > "$secrets/tokens.env"
  )
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$secrets/server.key" -out "$secrets/server.crt" 2>/dev/null
  chmod 600 "$secrets/server.key"
}

# --- PostgreSQL ----------------------------------------------------------------------------

start_postgres() {
  local bin data="$dir/postgres/data" sock="$dir/postgres/run"
  bin="$(pg_bin)"
  if [ -s "$data/postmaster.pid" ] && kill -0 "$(head -1 "$data/postmaster.pid")" 2>/dev/null; then
    head -1 "$data/postmaster.pid" > "$pids/postgres.pid"
    return
  fi
  mkdir -p "$dir/postgres"
  if [ ! -s "$data/PG_VERSION" ]; then
    port_free "$pg_port" || die "port $pg_port is taken: set ATLAS_CLUSTER_PG_PORT"
    say "postgres: initdb in $data"
    mkdir -p "$data" "$sock"
    chown -R "$(pg_user)" "$dir/postgres"
    as_pg_user "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 > "$logs/postgres-initdb.log" 2>&1 \
      || die "initdb failed: $(tail -5 "$logs/postgres-initdb.log")"
  fi
  port_free "$pg_port" || die "port $pg_port is taken: set ATLAS_CLUSTER_PG_PORT"
  mkdir -p "$sock"
  touch "$logs/postgres.log"
  chown "$(pg_user)" "$logs/postgres.log" "$sock"
  as_pg_user "$bin/pg_ctl" -D "$data" -l "$logs/postgres.log" -w -t 60 -o \
    "-p $pg_port -k $sock -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || die "PostgreSQL did not start: $(tail -5 "$logs/postgres.log")"
  head -1 "$data/postmaster.pid" > "$pids/postgres.pid"
  psql_super -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'atlas_gate'" | grep -q 1 \
    || psql_super -qc "CREATE ROLE atlas_gate LOGIN"
  if ! psql_super -tAc "SELECT 1 FROM pg_database WHERE datname = 'atlas_gate'" | grep -q 1; then
    psql_super -qc "CREATE DATABASE atlas_gate OWNER atlas_gate ENCODING 'UTF8'"
    fresh_database=1
  fi
  say "postgres: 127.0.0.1:$pg_port (superuser postgres, trust on loopback)"
}

psql_super() { psql -X -h 127.0.0.1 -p "$pg_port" -U postgres -d "${PGDATABASE_CLUSTER:-postgres}" "$@"; }

stop_postgres() {
  local data="$dir/postgres/data"
  if [ -s "$data/postmaster.pid" ] && kill -0 "$(head -1 "$data/postmaster.pid")" 2>/dev/null; then
    as_pg_user "$(pg_bin)/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || true
    say "postgres: stopped"
  fi
  rm -f "$pids/postgres.pid"
}

# --- Redis ---------------------------------------------------------------------------------

start_redis() {
  alive redis && return
  need redis-server redis-server
  port_free "$redis_port" || die "port $redis_port is taken: set ATLAS_CLUSTER_REDIS_PORT"
  mkdir -p "$dir/redis"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --maxmemory-policy noeviction --maxclients 10000 --dir "$dir/redis" --daemonize yes \
    --pidfile "$pids/redis.pid" --logfile "$logs/redis.log"
  wait_for 20 "Redis" redis-cli -p "$redis_port" ping
  say "redis: 127.0.0.1:$redis_port (no persistence, noeviction)"
}

# --- gateways ------------------------------------------------------------------------------

build_jar() {
  [ -f "$jar" ] && return
  say "building $jar"
  if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
  (cd "$repo" && ./mvnw -B -q -DskipTests package -pl atlas-gate-cli -am) >&2
}

gateway_env() { # the variables of instance N, as env(1) arguments
  local n="$1"
  echo "MCP_BIND=127.0.0.1" "MCP_PORT=${gateway_ports[$((n - 1))]}" "MCP_ROLE=ALL" \
    "ATLAS_INSTANCE_ID=mcp-server-$n" "ATLAS_HOME=$dir/gateway-$n" \
    "SESSION_BACKEND=redis" "AUDIT_BACKEND=postgres" "PLAN_BACKEND=postgres" \
    "DATABASE_URL=$database_url" "REDIS_URL=$redis_url" \
    "REQUIRE_AUTH=true" "ATLAS_TOKENS_FILE=$secrets/tokens.json" \
    "ATLAS_WORKSPACES=$workspace" "RATE_LIMIT_RPS=$rate_rps" "RATE_LIMIT_BURST=$rate_burst" \
    "MAX_SESSIONS_PER_PRINCIPAL=$max_sessions" "SHUTDOWN_GRACE_SECONDS=10" \
    "TRUSTED_PROXIES=127.0.0.1,::1"
}

# A new database is migrated once, before the instances start; later the instances check the
# schema themselves on start (Flyway, under a lock), so a restart does not wait for another JVM.
fresh_database=0
migrate() {
  [ "$fresh_database" = 1 ] || return 0
  # shellcheck disable=SC2046 # gateway_env prints separate words without spaces
  env $(gateway_env 1) "$(java_bin)" -jar "$jar" migrate > "$logs/migrate.log" 2>&1 \
    || die "atlas-gate migrate failed: $(tail -5 "$logs/migrate.log")"
}

start_gateway() {
  local n="$1" port="${gateway_ports[$(($1 - 1))]}"
  alive "gateway-$n" && return
  port_free "$port" || die "port $port is taken: set ATLAS_CLUSTER_GATEWAY_PORTS"
  mkdir -p "$dir/gateway-$n" "$workspace"
  # setsid: the instance outlives this script and the caller's terminal; its pid is recorded.
  # shellcheck disable=SC2046,SC2086 # gateway_env and java_opts are word lists
  setsid env $(gateway_env "$n") "$(java_bin)" $java_opts -jar "$jar" serve \
    >> "$logs/gateway-$n.log" 2>&1 < /dev/null &
  echo $! > "$pids/gateway-$n.pid"
}

wait_gateway() {
  local n="$1"
  wait_for 90 "gateway $n" http_ok "http://127.0.0.1:${gateway_ports[$((n - 1))]}/health/ready"
  say "gateway $n: http://127.0.0.1:${gateway_ports[$((n - 1))]} (pid $(cat "$pids/gateway-$n.pid"))"
}

# --- nginx ---------------------------------------------------------------------------------

render_nginx() {
  local conf="$dir/nginx/nginx.conf"
  mkdir -p "$dir/nginx/temp" "$dir/nginx/logs"
  sed -e "s|^pid .*|pid $pids/nginx.pid;|" \
      -e "s|^error_log .*|error_log $logs/nginx-error.log warn;|" \
      -e "s|^worker_processes .*|worker_processes auto;\nworker_rlimit_nofile $((nginx_connections * 2));|" \
      -e "s|worker_connections [0-9]*;|worker_connections $nginx_connections;|" \
      -e "s|access_log /dev/stdout;|log_format upstream '\$remote_addr [\$time_local] \"\$request\" \$status \$upstream_addr \$upstream_status \$request_time';\n  access_log $logs/nginx-access.log upstream buffer=256k flush=2s;|" \
      -e "s|/tmp/nginx-|$dir/nginx/temp/|g" \
      -e "s|rate=10r/s|rate=$nginx_rate|" \
      -e "s|burst=20 nodelay|burst=$nginx_burst nodelay|" \
      -e "s|keepalive 64;|keepalive $nginx_keepalive;|" \
      -e "s|/etc/nginx/certs/|$secrets/|g" \
      -e "s|listen 80;|listen 127.0.0.1:$http_port backlog=$nginx_backlog;|" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2 backlog=$nginx_backlog;|" \
      -e "s|proxy_set_header X-Request-Id \$request_id;|&\n      add_header X-Atlas-Upstream \$upstream_addr always;|" \
      "$repo/deploy/nginx/nginx.conf" > "$conf.tmp"
  local n
  for n in 1 2; do
    sed -i "s|mcp-server-$n:3000|127.0.0.1:${gateway_ports[$((n - 1))]}|" "$conf.tmp"
  done
  for expected in "127.0.0.1:${gateway_ports[0]}" "127.0.0.1:${gateway_ports[1]}" \
      "listen 127.0.0.1:$https_port" "rate=$nginx_rate" "X-Atlas-Upstream"; do
    grep -qF "$expected" "$conf.tmp" || die "rendering nginx.conf failed: no '$expected' in $conf.tmp"
  done
  mv "$conf.tmp" "$conf"
}

start_nginx() {
  alive nginx && return
  need nginx nginx
  local nginx_bin
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  port_free "$https_port" || die "port $https_port is taken: set ATLAS_CLUSTER_HTTPS_PORT"
  port_free "$http_port" || die "port $http_port is taken: set ATLAS_CLUSTER_HTTP_PORT"
  render_nginx
  "$nginx_bin" -t -q -p "$dir/nginx" -e "$logs/nginx-error.log" -c "$dir/nginx/nginx.conf" \
    || die "nginx -t failed on $dir/nginx/nginx.conf"
  "$nginx_bin" -p "$dir/nginx" -e "$logs/nginx-error.log" -c "$dir/nginx/nginx.conf"
  wait_for 20 "nginx" test -s "$pids/nginx.pid"
  say "nginx: https://127.0.0.1:$https_port (self-signed), http://127.0.0.1:$http_port"
}

stop_nginx() {
  if alive nginx; then
    kill -QUIT "$(cat "$pids/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 1 40); do alive nginx || break; sleep 0.25; done
    alive nginx && kill -TERM "$(cat "$pids/nginx.pid")" 2>/dev/null || true
    say "nginx: stopped"
  fi
  rm -f "$pids/nginx.pid"
}

# --- Prometheus ----------------------------------------------------------------------------

render_prometheus() {
  local p="$dir/prometheus"
  mkdir -p "$p/data"
  sed -e "s|scrape_interval: 15s|scrape_interval: $scrape_interval|" \
      -e "s|evaluation_interval: 15s|evaluation_interval: $scrape_interval|" \
      -e "s|\"mcp-server-1:3000\", \"mcp-server-2:3000\"|\"127.0.0.1:${gateway_ports[0]}\", \"127.0.0.1:${gateway_ports[1]}\"|" \
      -e '/# PostgreSQL replication lag/,$d' \
      "$repo/deploy/prometheus/prometheus.yml" > "$p/prometheus.yml"
  sed -e "/alert: AtlasGateInstanceDown/,/for:/s|for: 90s|for: $instance_down_for|" \
      "$repo/deploy/prometheus/alerts.yml" > "$p/alerts.yml"
  grep -qF "127.0.0.1:${gateway_ports[1]}" "$p/prometheus.yml" \
    || die "rendering prometheus.yml failed"
  if command -v promtool >/dev/null 2>&1; then
    promtool check config "$p/prometheus.yml" >/dev/null || die "promtool check config failed"
  fi
}

start_prometheus() {
  alive prometheus && return
  need prometheus prometheus
  port_free "$prom_port" || die "port $prom_port is taken: set ATLAS_CLUSTER_PROMETHEUS_PORT"
  render_prometheus
  setsid prometheus --config.file="$dir/prometheus/prometheus.yml" \
    --storage.tsdb.path="$dir/prometheus/data" --storage.tsdb.retention.time=1d \
    --web.listen-address="127.0.0.1:$prom_port" --web.enable-lifecycle \
    >> "$logs/prometheus.log" 2>&1 < /dev/null &
  echo $! > "$pids/prometheus.pid"
  wait_for 60 "Prometheus" http_ok "http://127.0.0.1:$prom_port/-/ready"
  say "prometheus: http://127.0.0.1:$prom_port (scrape every $scrape_interval, InstanceDown after $instance_down_for)"
}

# --- commands ------------------------------------------------------------------------------

stop_pid() { # stop_pid NAME: SIGTERM, wait up to 20 s, then SIGKILL
  if alive "$1"; then
    local pid
    pid="$(cat "$pids/$1.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    say "$1: stopped"
  fi
  rm -f "$pids/$1.pid"
}

up() {
  mkdir -p "$pids" "$logs" "$workspace"
  chmod 755 "$dir"
  command -v curl >/dev/null 2>&1 || need curl curl
  command -v openssl >/dev/null 2>&1 || need openssl openssl
  command -v psql >/dev/null 2>&1 || need psql postgresql-client
  build_jar
  make_secrets
  start_postgres
  start_redis
  migrate
  local n started=()
  for n in 1 2; do
    if ! alive "gateway-$n"; then start_gateway "$n"; started+=("$n"); fi
  done
  for n in "${started[@]}"; do wait_gateway "$n"; done
  start_nginx
  start_prometheus
  wait_for 60 "nginx /health over TLS" http_ok "https://127.0.0.1:$https_port/health"
  say "up: https://127.0.0.1:$https_port/mcp  (tokens: $secrets/tokens.env; '$0 env' prints them)"
}

down() {
  stop_prometheus_and_nginx
  stop_pid gateway-1
  stop_pid gateway-2
  if alive redis; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 40); do alive redis || break; sleep 0.25; done
  fi
  stop_pid redis
  stop_postgres
}

stop_prometheus_and_nginx() {
  stop_pid prometheus
  stop_nginx
}

status_line() { # status_line NAME HEALTH-COMMAND...
  local name="$1" state="stopped" pid="-" health="-"
  shift
  if alive "$name"; then
    pid="$(cat "$pids/$name.pid")"
    state="running"
    if "$@" >/dev/null 2>&1; then health="healthy"; else health="unhealthy"; fi
  fi
  printf '%-12s %-8s %-8s %s\n' "$name" "$state" "$pid" "$health"
}

status() {
  [ -d "$dir" ] || { echo "no cluster in $dir"; return 3; }
  printf '%-12s %-8s %-8s %s\n' PART STATE PID HEALTH
  status_line postgres pg_isready_cluster
  status_line redis redis-cli -p "$redis_port" ping
  status_line gateway-1 http_ok "http://127.0.0.1:${gateway_ports[0]}/health"
  status_line gateway-2 http_ok "http://127.0.0.1:${gateway_ports[1]}/health"
  status_line nginx http_ok "https://127.0.0.1:$https_port/health"
  status_line prometheus http_ok "http://127.0.0.1:$prom_port/-/ready"
  local all=0 name
  for name in postgres redis gateway-1 gateway-2 nginx prometheus; do alive "$name" || all=1; done
  return "$all"
}

pg_isready_cluster() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; }

print_env() {
  [ -s "$secrets/tokens.env" ] || die "no cluster secrets in $secrets: run '$0 up' first"
  echo "ATLAS_CLUSTER_URL=https://127.0.0.1:$https_port/mcp"
  echo "ATLAS_CLUSTER_BASE=https://127.0.0.1:$https_port"
  echo "ATLAS_CLUSTER_WORKSPACE=$workspace"
  echo "ATLAS_CLUSTER_PROMETHEUS=http://127.0.0.1:$prom_port"
  echo "ATLAS_CLUSTER_GATEWAYS=http://127.0.0.1:${gateway_ports[0]},http://127.0.0.1:${gateway_ports[1]}"
  echo "DATABASE_URL=$database_url"
  echo "REDIS_URL=$redis_url"
  echo "ATLAS_CLUSTER_SUPERUSER_URL=postgresql://postgres@127.0.0.1:$pg_port/atlas_gate"
  cat "$secrets/tokens.env"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) print_env ;;
  *)
    echo "usage: $0 up|down|status|env   (state in ATLAS_CLUSTER_DIR=$dir)" >&2
    exit 2
    ;;
esac
