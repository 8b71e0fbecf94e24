#!/usr/bin/env bash
# Latency with many concurrent clients, on one gateway instance (memory sessions + file audit):
#   open loop: CLIENTS clients whose calls arrive at fixed total rates (RATES, calls/s), each
#     latency counted from the call's intended start, so a queue in the server cannot hide;
#   closed loop: every client calls again as soon as it is answered (the most load it can
#     make), for the gateway and, as the machine's ceiling, the bare Jetty echo.
#   bench/latency.sh [CLIENTS] [SECONDS]       RATES="1000 2000 5000" WARMUP=10s by default
# Results: bench/results/<time>/*.{txt,json}
set -euo pipefail
source "$(dirname "$0")/lib.sh"
clients="${1:-1000}"; seconds="${2:-20}"; warmup="${WARMUP:-10s}"

start_gateway gateway-memory-file
start_jetty_echo
for rate in ${RATES:-1000 2000 5000}; do
  load 0 "gateway-open-$rate" --clients "$clients" --rate "$rate" --warmup "$warmup" \
    --duration "${seconds}s" --ramp-up 5s
done
load 0 gateway-closed --clients "$clients" --warmup "$warmup" --duration "${seconds}s" --ramp-up 5s
load 1 jetty-echo-closed --clients "$clients" --warmup "$warmup" --duration "${seconds}s" \
  --ramp-up 5s
echo "results in $out"
