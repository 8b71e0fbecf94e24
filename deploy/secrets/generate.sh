#!/usr/bin/env bash
# Creates the secret files docker-compose.yml mounts, with fresh random values, and prints the
# tokens once (only their SHA-256 digests are stored). Existing files are kept.
set -euo pipefail
cd "$(dirname "$0")"
umask 077
rand() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
digest() { printf %s "$1" | sha256sum | cut -d' ' -f1; }

[ -f postgres_password ] || rand > postgres_password
[ -f grafana_admin_password ] || rand > grafana_admin_password
[ -f database_url ] || printf 'postgresql://atlas_gate:%s@postgres:5432/atlas_gate\n' \
  "$(cat postgres_password)" > database_url
[ -f redis_url ] || echo 'redis://redis:6379/0' > redis_url
if [ ! -f tokens.json ]; then
  planner="$(rand)"; executor="$(rand)"; operator="$(rand)"; auditor="$(rand)"
  cat > tokens.json <<JSON
{"tokens": [
  {"sha256": "$(digest "$planner")", "principal": "planner", "roles": ["ANTIGRAVITY"]},
  {"sha256": "$(digest "$executor")", "principal": "executor", "roles": ["WINDSURF"]},
  {"sha256": "$(digest "$operator")", "principal": "operator", "roles": ["OPERATOR"]},
  {"sha256": "$(digest "$auditor")", "principal": "auditor", "roles": ["AUDITOR"]}
]}
JSON
  echo "Tokens (shown once; keep them in your secret manager):"
  echo "  planner  (ANTIGRAVITY): $planner"
  echo "  executor (WINDSURF):    $executor"
  echo "  operator (OPERATOR):    $operator"
  echo "  auditor  (AUDITOR):     $auditor"
fi
