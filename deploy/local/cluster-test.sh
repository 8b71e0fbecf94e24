#!/usr/bin/env bash
# The promises of the cloud shape (SPEC section 12), shown on the local cluster of cluster.sh:
#
#   monitoring  Prometheus scrapes both instances (up == 1 through its HTTP API)
#   load        1,000 concurrent MCP clients through nginx (TLS) for a fixed time, reads, listings
#               and writes; fails at an error rate of 0.1 % or more
#   failover    kill -9 of one instance under load: /health through nginx stays 200, sessions go on
#               through the other instance, client-visible errors are counted; InstanceDown fires;
#               the instance is started again and takes traffic (nginx) and is up (Prometheus)
#   integrity   the chain verifies (atlas-gate audit verify and audit_verify() in SQL), every
#               acknowledged write has its entry; then an entry is edited in PostgreSQL as the
#               superuser with the triggers off, and both verifiers name its seq
#
# Everything runs on 127.0.0.1, in its own directory and on its own ports, and is stopped on exit,
# failed or not. Results (JSON and CSV reports, a summary) go to CLUSTER_TEST_RESULTS.
# Settings: the CLUSTER_TEST_* variables below, and cluster.sh's ATLAS_CLUSTER_* ones.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cluster="$here/cluster.sh"

# A cluster of its own, beside any cluster a user runs with the defaults and any other run of
# this script: a new directory, and the first free port at or above each default.
free_port() { # free_port FROM: the first port >= FROM that nothing listens on
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
export ATLAS_CLUSTER_DIR="${ATLAS_CLUSTER_DIR:-$(mktemp -d /tmp/atlas-gate-cluster-test.XXXXXX)}"
export ATLAS_CLUSTER_PG_PORT="${ATLAS_CLUSTER_PG_PORT:-$(free_port 55433)}"
export ATLAS_CLUSTER_REDIS_PORT="${ATLAS_CLUSTER_REDIS_PORT:-$(free_port 56380)}"
if [ -z "${ATLAS_CLUSTER_GATEWAY_PORTS:-}" ]; then
  first_gateway="$(free_port 3111)"
  ATLAS_CLUSTER_GATEWAY_PORTS="$first_gateway $(free_port $((first_gateway + 1)))"
fi
export ATLAS_CLUSTER_GATEWAY_PORTS
export ATLAS_CLUSTER_HTTPS_PORT="${ATLAS_CLUSTER_HTTPS_PORT:-$(free_port 8444)}"
export ATLAS_CLUSTER_HTTP_PORT="${ATLAS_CLUSTER_HTTP_PORT:-$(free_port 8081)}"
export ATLAS_CLUSTER_PROMETHEUS_PORT="${ATLAS_CLUSTER_PROMETHEUS_PORT:-$(free_port 59091)}"
export ATLAS_CLUSTER_SCRAPE_INTERVAL="${ATLAS_CLUSTER_SCRAPE_INTERVAL:-2s}"
export ATLAS_CLUSTER_INSTANCE_DOWN_FOR="${ATLAS_CLUSTER_INSTANCE_DOWN_FOR:-10s}"

load_clients="${CLUSTER_TEST_LOAD_CLIENTS:-1000}"
load_seconds="${CLUSTER_TEST_LOAD_SECONDS:-60}"
load_ramp="${CLUSTER_TEST_LOAD_RAMP:-20s}"
warmup_seconds="${CLUSTER_TEST_WARMUP_SECONDS:-20}"
failover_clients="${CLUSTER_TEST_FAILOVER_CLIENTS:-300}"
failover_seconds="${CLUSTER_TEST_FAILOVER_SECONDS:-90}"
kill_after="${CLUSTER_TEST_KILL_AFTER:-15}"
mix="${CLUSTER_TEST_MIX:-read=60,list=30,write=10}"
max_error_rate="${CLUSTER_TEST_MAX_ERROR_RATE:-0.001}"
results="${CLUSTER_TEST_RESULTS:-$repo/target/cluster-test}"

read -r -a gateway_ports <<< "$ATLAS_CLUSTER_GATEWAY_PORTS"
dir="$ATLAS_CLUSTER_DIR"
prom="http://127.0.0.1:$ATLAS_CLUSTER_PROMETHEUS_PORT"
base="https://127.0.0.1:$ATLAS_CLUSTER_HTTPS_PORT"
started="$(date +%s)"
failures=()
background=()

say() { echo "cluster-test: $*" >&2; }
pass() { say "PASS $*"; echo "PASS $*" >> "$results/summary.txt"; }
fail() { say "FAIL $*"; echo "FAIL $*" >> "$results/summary.txt"; failures+=("$*"); }
check() { # check DESCRIPTION COMMAND...: PASS when the command succeeds
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
note() { say "$*"; echo "     $*" >> "$results/summary.txt"; }

cleanup() {
  local status=$?
  local pid
  for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -d "$dir/logs" ]; then mkdir -p "$results/logs"; cp -r "$dir/logs/." "$results/logs/" 2>/dev/null || true; fi
  "$cluster" down >/dev/null 2>&1 || true
  case "$dir" in /tmp/atlas-gate-cluster-test.*) rm -rf "$dir" ;; esac
  say "done in $(( $(date +%s) - started )) s; results in $results"
  exit "$status"
}
trap cleanup EXIT

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...: polls twice a second
  local seconds="$1" what="$2" i
  shift 2
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  say "timed out after ${seconds}s waiting for $what"
  return 1
}

# --- set-up ----------------------------------------------------------------------------------

if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cli_jar="$repo/atlas-gate-cli/target/atlas-gate.jar"
bench_jar="$repo/atlas-gate-bench/target/atlas-gate-bench.jar"
# shellcheck source=bench/cpu.sh
source "$repo/bench/cpu.sh"
if [ ! -f "$cli_jar" ] || [ ! -f "$bench_jar" ]; then
  say "building the gateway and the load generator"
  (cd "$repo" && ./mvnw -B -q -DskipTests package -pl atlas-gate-cli,atlas-gate-bench -am) >&2
fi
command -v jq >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q jq >/dev/null; }

# A thousand TLS connections to nginx, as many from nginx to the instances, and the clients' own.
ulimit -n "$(ulimit -Hn)"
say "open files limit $(ulimit -n); cluster in $dir"

rm -rf "$results"
mkdir -p "$results"
: > "$results/summary.txt"
"$cluster" down >/dev/null 2>&1 || true
"$cluster" up
# shellcheck disable=SC1090 # the tokens the cluster generated
eval "$("$cluster" env | sed 's/^/export /')"
note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
check "cluster.sh status: every part running and healthy" "$cluster" status

psql_app() { psql -X -q -h 127.0.0.1 -p "$ATLAS_CLUSTER_PG_PORT" -U atlas_gate -d atlas_gate "$@"; }
psql_super() { psql -X -q -h 127.0.0.1 -p "$ATLAS_CLUSTER_PG_PORT" -U postgres -d atlas_gate "$@"; }

bench() { # bench NAME ARGS...: the load generator through nginx, reports under $results/NAME.*
  local name="$1"
  shift
  # Its CPU time (user, system) in $results/NAME-time when time(1) is there: it has exited by the
  # time the load's CPU is reported.
  local -a timed=()
  [ -x /usr/bin/time ] && timed=(/usr/bin/time -f '%U %S' -o "$results/$name-time")
  ATLAS_BENCH_TOKEN="$ATLAS_EXECUTOR_TOKEN" ATLAS_BENCH_PLANNER_TOKEN="$ATLAS_PLANNER_TOKEN" \
    ATLAS_BENCH_OPERATOR_TOKEN="$ATLAS_OPERATOR_TOKEN" \
    "${timed[@]}" "$java" -Xmx2g -jar "$bench_jar" --url "$ATLAS_CLUSTER_URL" \
      --workspace "$ATLAS_CLUSTER_WORKSPACE" --ca-cert "$dir/secrets/server.crt" --mix "$mix" \
      --run-id "$name-$(date +%H%M%S)" --json "$results/$name.json" --csv "$results/$name.csv" \
      --acked-writes "$results/$name-acked.txt" "$@"
}

jnum() { jq -r "$1" "$2"; }

# Every acknowledged write of FILE has an entry: write_file, ok. Prints the number missing.
missing_writes() {
  psql_app -tA <<SQL
CREATE TEMP TABLE acked (seq bigint);
\copy acked FROM '$1'
SELECT count(*) FROM acked a
 WHERE NOT EXISTS (SELECT 1 FROM audit_log l
                    WHERE l.seq = a.seq AND l.tool = 'write_file' AND audit_json(l.entry) ->> 'result' = 'ok');
SQL
}

# --- monitoring ------------------------------------------------------------------------------

targets_up() { # targets_up N: Prometheus has N atlas-gate targets with up == 1
  [ "$(curl -s "$prom/api/v1/query" --data-urlencode 'query=up{job="atlas-gate"} == 1' \
    | jq '.data.result | length')" = "$1" ]
}
say "monitoring: waiting for Prometheus to scrape both instances"
check "monitoring: Prometheus scrapes both instances, up == 1" wait_until 60 "two targets up" targets_up 2

# --- load ------------------------------------------------------------------------------------

# Fresh JVMs compile their hot code in the first seconds: warm them up, so that the load test
# measures the gateways rather than their JIT compilers.
if [ "$warmup_seconds" -gt 0 ]; then
  say "warm-up: 100 clients for ${warmup_seconds}s"
  bench warmup --clients 100 --duration "${warmup_seconds}s" --progress 0 \
    > "$results/warmup.txt" 2> "$results/warmup.err" || fail "warm-up: the load generator failed"
fi

say "load: $load_clients clients for ${load_seconds}s (ramp-up $load_ramp), mix $mix"
load_status=0
cpu_snapshot "$results/cpu-before"
bench load --clients "$load_clients" --duration "${load_seconds}s" --ramp-up "$load_ramp" \
  --max-error-rate "$max_error_rate" --progress 10s > "$results/load.txt" 2> "$results/load.err" \
  || load_status=$?
cpu_snapshot "$results/cpu-after"
cat "$results/load.txt" >&2
if [ -s "$results/load.json" ]; then
  # Where the machine's CPU went during the load (the ramp-up included): per process kind, per call.
  cpu_report "$results/cpu-before" "$results/cpu-after" "$(jnum .calls "$results/load.json")" \
    "load generator=$(awk '{print $1 + $2}' "$results/load-time" 2>/dev/null || echo 0)" \
    | tee "$results/load-cpu.txt" >&2
  note "load: $(jnum .clients_ready "$results/load.json") clients ready; $(jnum .calls "$results/load.json") calls, $(jnum .errors "$results/load.json") errors (rate $(jnum .error_rate "$results/load.json")); $(jnum .throughput_per_second "$results/load.json") calls/s; p50 $(jnum .latency_ms.p50 "$results/load.json") ms, p95 $(jnum .latency_ms.p95 "$results/load.json") ms, p99 $(jnum .latency_ms.p99 "$results/load.json") ms, max $(jnum .latency_ms.max "$results/load.json") ms"
  check "load: all $load_clients clients opened a session" \
    test "$(jnum .clients_ready "$results/load.json")" = "$load_clients"
  check "load: calls were measured" test "$(jnum .calls "$results/load.json")" -gt "$load_clients"
fi
check "load: error rate below $max_error_rate (load generator exit $load_status)" test "$load_status" = 0
load_acked="$(wc -l < "$results/load-acked.txt" 2>/dev/null || echo 0)"
check "load: writes were acknowledged ($load_acked)" test "$load_acked" -gt 0

# --- failover --------------------------------------------------------------------------------

alert_firing() {
  curl -s "$prom/api/v1/alerts" | jq -e --arg i "127.0.0.1:${gateway_ports[0]}" \
    '[.data.alerts[] | select(.labels.alertname == "AtlasGateInstanceDown"
       and .labels.instance == $i and .state == "firing")] | length > 0' >/dev/null
}
instance_up() {
  [ "$(curl -s "$prom/api/v1/query" \
    --data-urlencode "query=up{instance=\"127.0.0.1:${gateway_ports[0]}\"}" \
    | jq -r '.data.result[0].value[1]')" = 1 ]
}
served_tool_calls() { # the restarted instance answered tool calls (its counters start at 0)
  local calls
  calls="$(curl -s "http://127.0.0.1:${gateway_ports[0]}/metrics" \
    | awk '/^mcp_requests_total\{/ { sum += $NF } END { print sum + 0 }')"
  [ "${calls%.*}" -gt 0 ]
}
iso_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

say "failover: $failover_clients clients for ${failover_seconds}s; kill -9 of mcp-server-1 after ${kill_after}s"
bench failover --clients "$failover_clients" --duration "${failover_seconds}s" --ramp-up 5s \
  --retry-read-only --progress 5s > "$results/failover.txt" 2> "$results/failover.err" &
bench_pid=$!
background+=("$bench_pid")
wait_until 180 "the failover run's measured phase" grep -q "measuring for" "$results/failover.err"
measure_start="$(date +%s.%N)"
t_measure="$(iso_now)"
(
  while kill -0 "$bench_pid" 2>/dev/null; do
    echo "$(date +%s.%N) $(curl -sk -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 \
      "$base/health")"
    sleep 0.2
  done
) > "$results/failover-health.txt" &
poller_pid=$!
background+=("$poller_pid")

sleep "$kill_after"
killed_pid="$(cat "$dir/pids/gateway-1.pid")"
kill -9 "$killed_pid"
# Taken after the kill: an entry of mcp-server-1 stamped later than this cannot exist.
t_kill="$(iso_now)"
kill_second="$(awk -v now="$(date +%s.%N)" -v start="$measure_start" 'BEGIN { print int(now - start) }')"
say "failover: killed mcp-server-1 (pid $killed_pid) at ${kill_second}s of the measured phase"
alert_start="$(date +%s)"
check "monitoring: InstanceDown fires for the killed instance ($ATLAS_CLUSTER_INSTANCE_DOWN_FOR)" \
  wait_until 90 "the InstanceDown alert" alert_firing
note "monitoring: the alert fired $(( $(date +%s) - alert_start )) s after the kill"
t_restart="$(iso_now)"
"$cluster" up
check "failover: the restarted instance is up again for Prometheus" \
  wait_until 60 "up == 1 for mcp-server-1" instance_up
check "failover: nginx sends the restarted instance traffic again" \
  wait_until 60 "tool calls on mcp-server-1" served_tool_calls

failover_status=0
wait "$bench_pid" || failover_status=$?
wait "$poller_pid" || true
cat "$results/failover.txt" >&2
health_polls="$(wc -l < "$results/failover-health.txt")"
health_bad="$(awk '$2 != 200' "$results/failover-health.txt" | wc -l)"
health_slowest="$(sort -k3 -g "$results/failover-health.txt" | tail -1 | cut -d' ' -f3)"
note "failover: /health through nginx polled $health_polls times, $health_bad not 200, slowest ${health_slowest}s"
check "failover: /health through nginx stayed 200" test "$health_bad" = 0 -a "$health_polls" -gt 10

f="$results/failover.json"
if [ -s "$f" ]; then
  errors="$(jnum .errors "$f")"
  write_errors="$(jnum .operations.write_file.errors "$f")"
  note "failover: $(jnum .calls "$f") calls, $errors client-visible errors $(jq -c .errors_by_kind "$f"), $(jq -c .retries_by_kind "$f") read-only calls sent again; $(jnum .throughput_per_second "$f") calls/s, p99 $(jnum .latency_ms.p99 "$f") ms"
  check "failover: no session was lost (no 404, no session opened again)" \
    test "$(jnum .reconnects "$f")" = 0
  check "failover: every read and listing succeeded (read-only calls sent again after a 502)" \
    test "$(jq '.operations.read_file.errors + .operations.list_files.errors' "$f")" = 0
  check "failover: write errors ($write_errors) are no more than the clients that could be in flight" \
    test "$write_errors" -le "$failover_clients"
  # A write in flight on the killed instance fails when nginx gives up on it, which under this load
  # can take as long as the slowest calls (p99 of several seconds): the window allows ten.
  outside="$(jq --argjson k "$kill_second" \
    '[.timeline[] | select(.errors > 0 and (.second < $k - 1 or .second > $k + 10))] | length' "$f")"
  check "failover: errors only at the kill (seconds $((kill_second - 1))..$((kill_second + 10)))" \
    test "$outside" = 0
  check "failover: every client opened its session" \
    test "$(jnum .clients_ready "$f")" = "$failover_clients"
fi
check "failover: the load generator finished (exit $failover_status)" test "$failover_status" = 0

# A write that failed for its client may still have been done: the instance can die between the
# commit of the entry and the answer. Such writes are in the chain; the others never happened.
if [ -s "$f" ]; then
  run_id="$(jnum .run_id "$f")"
  done_writes="$(psql_app -tA -c "SELECT count(*) FROM audit_log WHERE tool = 'write_file'
    AND audit_json(entry) ->> 'result' = 'ok' AND audit_json(entry) -> 'args' ->> 'path' LIKE 'bench/$run_id/clients/%'")"
  acked_writes="$(wc -l < "$results/failover-acked.txt")"
  note "failover: $done_writes writes of the run are in the chain, $acked_writes acknowledged: $((done_writes - acked_writes)) done whose answer was lost, $((write_errors - (done_writes - acked_writes))) never done"
  check "failover: no write is in the chain twice or without a client (done - acknowledged <= failed)" \
    test "$((done_writes - acked_writes))" -ge 0 -a "$((done_writes - acked_writes))" -le "$write_errors"
fi

# Which instance wrote the entries, before the kill, while one was down, and after the restart.
psql_app -tA -F ' ' > "$results/failover-instances.txt" <<SQL
SELECT window_name, instance, count(*) FROM (
  SELECT CASE WHEN ts < '$t_kill' THEN '1-before-kill'
              WHEN ts < '$t_restart' THEN '2-one-instance'
              ELSE '3-after-restart' END AS window_name, instance
    FROM audit_log WHERE ts >= '$t_measure') w
 GROUP BY 1, 2 ORDER BY 1, 2;
SQL
while read -r line; do note "failover: entries by window and instance: $line"; done \
  < "$results/failover-instances.txt"
moved="$(psql_app -tA <<SQL
SELECT count(DISTINCT a.session_id) FROM audit_log a
 WHERE a.ts >= '$t_measure' AND a.ts < '$t_kill' AND a.instance = 'mcp-server-1'
   AND EXISTS (SELECT 1 FROM audit_log b WHERE b.session_id = a.session_id
                AND b.instance = 'mcp-server-2' AND b.ts >= '$t_kill' AND b.ts < '$t_restart');
SQL
)"
note "failover: $moved sessions served by mcp-server-1 before the kill went on through mcp-server-2"
check "failover: sessions went on through the other instance" test "$moved" -gt 0
check "failover: only mcp-server-2 wrote entries while mcp-server-1 was down" \
  test -z "$(grep '^2-one-instance mcp-server-1 ' "$results/failover-instances.txt" || true)"

# --- integrity -------------------------------------------------------------------------------

verify() { # the CLI's verification of the cluster's chain; prints its output, returns its status
  DATABASE_URL="$DATABASE_URL" AUDIT_BACKEND=postgres ATLAS_LOG_LEVEL=WARN \
    "$java" -jar "$cli_jar" audit verify 2>/dev/null
}
out="$(verify)" && status=0 || status=$?
note "integrity: atlas-gate audit verify: $out"
check "integrity: atlas-gate audit verify exits 0 after load and failover" test "$status" = 0
sql="$(psql_app -tA -c 'SELECT valid, entries_checked FROM audit_verify()')"
check "integrity: audit_verify() in SQL agrees ($sql)" test "${sql%%|*}" = t
for run in load failover; do
  if [ -s "$results/$run-acked.txt" ]; then
    missing="$(missing_writes "$results/$run-acked.txt")"
    check "integrity: all $(wc -l < "$results/$run-acked.txt") acknowledged writes of $run have their entry (missing: $missing)" \
      test "$missing" = 0
  else
    fail "integrity: no acknowledged writes recorded for $run"
  fi
done

# The restore drill of docs/operations.md: an export and a dump, restored into a new database,
# whose chain must verify and reach the head the export ended at.
say "backup: audit export, pg_dump, pg_restore into atlas_gate_restore"
gate() { # gate DATABASE ARGS...: the CLI on the cluster's PostgreSQL database DATABASE
  local database="$1"
  shift
  DATABASE_URL="${DATABASE_URL%/*}/$database" AUDIT_BACKEND=postgres ATLAS_LOG_LEVEL=WARN \
    "$java" -jar "$cli_jar" "$@" 2>/dev/null
}
gate atlas_gate audit export --format jsonl > "$dir/audit-export.jsonl"
export_verify="$(gate atlas_gate audit verify --file "$dir/audit-export.jsonl" --json)" || true
head_seq="$(jq -r .head_seq <<< "$export_verify")"
head_hash="$(jq -r .head_hash <<< "$export_verify")"
check "backup: the export verifies offline (head $head_seq)" test "$(jq -r .valid <<< "$export_verify")" = true
pg_dump -h 127.0.0.1 -p "$ATLAS_CLUSTER_PG_PORT" -U atlas_gate -Fc -f "$dir/atlas_gate.dump" atlas_gate
PGDATABASE_CLUSTER=postgres psql -X -q -h 127.0.0.1 -p "$ATLAS_CLUSTER_PG_PORT" -U postgres -d postgres \
  -c "CREATE DATABASE atlas_gate_restore OWNER atlas_gate"
restore_start="$(date +%s)"
restored=0
pg_restore -h 127.0.0.1 -p "$ATLAS_CLUSTER_PG_PORT" -U postgres -d atlas_gate_restore \
  --disable-triggers --exit-on-error "$dir/atlas_gate.dump" 2> "$results/restore.err" || restored=$?
note "backup: dump $(du -h "$dir/atlas_gate.dump" | cut -f1), restored in $(( $(date +%s) - restore_start )) s (exit $restored)"
check "backup: pg_restore of the dump succeeds" test "$restored" = 0
check "backup: the restored chain verifies and reaches the exported head" \
  gate atlas_gate_restore audit verify --head "$head_seq:$head_hash"

seq="$(psql_app -tA -c "SELECT seq FROM audit_log WHERE tool = 'read_file' ORDER BY seq
                         OFFSET (SELECT count(*) / 2 FROM audit_log WHERE tool = 'read_file') LIMIT 1")"
refused=0
psql_super -c "UPDATE audit_log SET entry = entry WHERE seq = $seq" >/dev/null 2>&1 || refused=1
check "integrity: an UPDATE of audit_log is refused while the triggers are on" test "$refused" = 1
changed="$(psql_super -tA <<SQL
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE audit_log SET entry = regexp_replace(entry, '"duration_ms":[0-9]+', '"duration_ms":987654')
 WHERE seq = $seq RETURNING seq;
COMMIT;
SQL
)"
check "integrity: entry $seq edited as the superuser with the triggers off" test "$changed" = "$seq"
out="$(verify)" && status=0 || status=$?
note "integrity: after the edit, atlas-gate audit verify (exit $status): $out"
check "integrity: atlas-gate audit verify exits 1 naming seq $seq" \
  test "$status" = 1 -a -n "$(grep -F "first_invalid_seq $seq," <<< "$out")"
sql="$(psql_app -tA -c 'SELECT valid, first_invalid_seq, reason FROM audit_verify()')"
note "integrity: audit_verify() after the edit: $sql"
check "integrity: audit_verify() names seq $seq, HASH_MISMATCH" test "$sql" = "f|$seq|HASH_MISMATCH"

# --- verdict ---------------------------------------------------------------------------------

note "took $(( $(date +%s) - started )) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${#failures[@]}" -gt 0 ]; then
  say "${#failures[@]} checks failed:"
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
say "all checks passed"
