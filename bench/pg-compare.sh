#!/usr/bin/env bash
# PostgreSQL audit appends against what the same server does with plain single-row inserts.
#   bench/pg-compare.sh [HOST] [PORT] [THREADS] [SECONDS]
# Needs a PostgreSQL superuser reachable as postgres@HOST:PORT without a password (trust or
# ~/.pgpass), pgbench and psql on the PATH (Debian: postgresql-client), and the micro-benchmark jar
# (./mvnw -B -q -DskipTests package -pl atlas-gate-microbench -am). Prints one JSON line per run and
# a last line with the ratio.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
host="${1:-127.0.0.1}"; port="${2:-5432}"; threads="${3:-64}"; seconds="${4:-20}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java   # needs Java 21 or newer
fi
jar="$repo/atlas-gate-microbench/target/microbench.jar"
[ -f "$jar" ] || { echo "build it first: ./mvnw -B -q -DskipTests package -pl atlas-gate-microbench -am" >&2; exit 2; }
psql_() { psql -X -q -h "$host" -p "$port" -U postgres "$@"; }

db="atlas_bench_$$"
psql_ -d postgres -c "CREATE DATABASE $db" >/dev/null
trap 'psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT

# The gateway's audit log: concurrent callers, each answered once its entry is committed.
audit="$("$java_bin" -cp "$jar" dev.atlasgate.microbench.AuditAppendRate postgres \
  "postgresql://postgres@$host:$port/$db" "$threads" "$seconds" | tail -1)"
echo "$audit"

# The same server's plain rate: one row of the size of an audit entry per transaction, as many
# clients as the server has cores times four, no chain, no triggers.
psql_ -d "$db" -c "CREATE TABLE plain_insert (id bigserial PRIMARY KEY, entry text NOT NULL)" >/dev/null
payload="$(printf '{\\"seq\\":1,\\"ts\\":\\"2026-11-30T10:00:00.000Z\\",\\"instance\\":\\"bench\\",%s}' \
  "$(head -c 420 /dev/zero | tr '\0' 'x' | sed 's/.*/\\"args\\":\\"&\\"/')")"
printf 'INSERT INTO plain_insert (entry) VALUES (%s);\n' "'$payload'" > "/tmp/pgbench-insert-$$.sql"
clients=$(( $(nproc) * 4 ))
tps="$(pgbench -n -h "$host" -p "$port" -U postgres -c "$clients" -j "$(nproc)" -T "$seconds" \
  -f "/tmp/pgbench-insert-$$.sql" "$db" 2>/dev/null | awk '/^tps/ {print int($3); exit}')"
rm -f "/tmp/pgbench-insert-$$.sql"
echo "{\"backend\":\"pgbench single-row insert\",\"clients\":$clients,\"seconds\":$seconds,\"tps\":$tps}"

rate="$(echo "$audit" | sed -E 's/.*"appends_per_second":([0-9]+).*/\1/')"
awk -v a="$rate" -v p="$tps" 'BEGIN { printf "{\"audit_appends_per_second\":%d,\"pgbench_tps\":%d,\"ratio\":%.2f}\n", a, p, a / p }'
