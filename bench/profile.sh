#!/usr/bin/env bash
# Where the gateway's audited read_file spends its CPU and what it allocates: one gateway
# (memory sessions, file audit) under wrk, recorded by JDK Flight Recorder after the warm-up.
#
#   bench/profile.sh [CONNECTIONS] [SECONDS]   default 100 connections, 20 s; WARMUP=20 (seconds)
#   TOOL=write_file bench/profile.sh ...       governed writes instead, as compare.sh makes them
#
# Prints the hot methods and the allocation by class (jfr view), and the bytes allocated per call
# (the weights of the recording's allocation samples over the calls wrk counted). The recording
# stays in bench/results/<time>/gateway.jfr (open it in JDK Mission Control for the full picture).
# Extra gateway variables after --, e.g. `bench/profile.sh 100 20 -- SESSION_BACKEND=redis
# REDIS_URL=redis://127.0.0.1:6379`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
conns="${1:-100}"; seconds="${2:-20}"; warmup="${WARMUP:-20}"
extra=(); if [ "${3:-}" = "--" ]; then extra=("${@:4}"); fi
ensure_wrk
jfr_bin="$(dirname "$java_bin")/jfr"
recording="$out/gateway.jfr"
# The recording starts once the warm-up is over (the session is opened first, in about 1 s).
export GATEWAY_JAVA_OPTS="-XX:StartFlightRecording=filename=$recording,settings=profile,delay=$((warmup + 2))s,duration=$((seconds - 1))s"
case "${TOOL:-read_file}" in
  read_file) start_gateway gateway-profiled "${extra[@]}" ;;
  write_file) start_write_gateway "${extra[@]}" ;;
  *) echo "TOOL must be read_file or write_file, not $TOOL" >&2; exit 2 ;;
esac
load_wrk 0 "gateway-profiled-c$conns" "$conns" "$seconds" "$warmup"
stop_last
cat "$out/gateway-profiled-c$conns-cpu.txt"
calls="$(awk '/requests in/ {print $1}' "$out/gateway-profiled-c$conns.txt")"
"$jfr_bin" view --width 160 hot-methods "$recording" | tee "$out/hot-methods.txt"
"$jfr_bin" view --width 160 allocation-by-class "$recording" | tee "$out/allocation-by-class.txt"
bytes="$("$jfr_bin" print --events jdk.ObjectAllocationSample --json "$recording" \
  | jq '[.recording.events[].values.weight] | add')"
awk -v b="$bytes" -v c="$calls" -v s="$seconds" 'BEGIN {
  printf "allocated: %.0f MB in the recording, %d calls in %d s: %.0f bytes per call\n",
    b / 1e6, c, s, b / (c * (s - 1) / s) }' | tee "$out/allocation-per-call.txt"
