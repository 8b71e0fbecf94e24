#!/usr/bin/env bash
# The HTTP comparison in one run: same load generator, same clients, same machine.
#   1. atlas-gate serve, memory sessions + file audit: audited read_file calls
#   2. a bare Jetty JSON-RPC echo (the ceiling of this machine): echo calls
#   3. a minimal MCP server on the official TypeScript SDK (what a user would otherwise pick)
#   4. atlas-gate serve, Redis sessions + PostgreSQL audit (when DATABASE_URL and REDIS_URL are set)
# The servers are started once and kept up; the loads run in ROUNDS interleaved rounds (each
# server once per round, so that a noisy minute of the machine falls on all of them), each
# preceded by a warm-up. The gateway on PostgreSQL runs its rounds last, on its own: the
# database's checkpoints after its load would otherwise fall on the file-audited gateway's disk.
# The summary gives each server's median calls/s and p99, and the gateway's ratios.
#   bench/compare.sh [CLIENTS] [SECONDS]      ROUNDS=3 WARMUP=10s by default
# Results: bench/results/<time>/<server>-<round>.{txt,json} and summary.txt
set -euo pipefail
source "$(dirname "$0")/lib.sh"
clients="${1:-100}"; seconds="${2:-30}"; rounds="${ROUNDS:-3}"; warmup="${WARMUP:-10s}"

run_rounds() { # first-server-index
  for round in $(seq 1 "$rounds"); do
    for i in $(seq "$1" $((${#names[@]} - 1))); do
      load "$i" "${names[$i]}-$round" --clients "$clients" --warmup "$warmup" \
        --duration "${seconds}s"
    done
  done
}

start_gateway gateway-memory-file
start_jetty_echo
start_typescript_echo
run_rounds 0
if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
  start_gateway gateway-redis-postgres SESSION_BACKEND=redis AUDIT_BACKEND=postgres \
    DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL"
  run_rounds $((${#names[@]} - 1))
fi

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
{
  echo "clients $clients, $seconds s measured after $warmup warm-up, $rounds rounds; $(nproc) CPUs"
  printf '%-24s %12s %10s\n' server "calls/s" "p99 ms"
  for name in "${names[@]}"; do
    tput="$(awk '/^throughput/ {print $2}' "$out/$name"-*.txt | median)"
    p99="$(awk '/^measured/ {print $7}' "$out/$name"-*.txt | median)"
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
