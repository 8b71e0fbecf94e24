# Sourced by conformance/run.sh and clients/run.sh: a scratch directory ($work) and one gateway
# server on a free loopback port, stopped and cleaned up when the script exits.
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# start_serve NAME COMMAND...: runs COMMAND (an `atlas-gate serve` with MCP_PORT=0) in the
# background, its log in $work/NAME.log; sets $url once it listens, or exits 1 with the log.
start_serve() {
  local name="$1"
  shift
  "$@" 2> "$work/$name.log" &
  server_pid=$!
  url=""
  for _ in $(seq 1 600); do
    url="$(grep -o 'listening on http://[^;]*/mcp' "$work/$name.log" | head -1 | cut -d' ' -f3 || true)"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  [ -n "$url" ] || { echo "$name: the server did not start" >&2; cat "$work/$name.log" >&2; exit 1; }
  echo "$name: atlas-gate serve at $url" >&2
}

# stop_serve: SIGTERM; fails when the server does not stop cleanly (exit status 0).
stop_serve() {
  local code=0
  kill -TERM "$server_pid"
  wait "$server_pid" || code=$?
  server_pid=""
  [ "$code" -eq 0 ] || echo "the server did not stop cleanly (exit $code)" >&2
  return "$code"
}
