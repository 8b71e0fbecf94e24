#!/usr/bin/env bash
# Static checks of the deployment files that need external tools: `nginx -t` on nginx.conf
# (rendered with a throw-away certificate and resolvable upstreams), `promtool check config`,
# `promtool check rules` and `promtool test rules`. The structure of the compose file, the
# manifests, the image and the dashboard is checked by DeploymentFilesTest in the build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
promtool_bin="$(command -v promtool || echo /usr/bin/promtool)"

mkdir -p "$work/certs" "$work/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=atlas-gate.test" \
  -keyout "$work/certs/server.key" -out "$work/certs/server.crt" 2>/dev/null
sed -e "s|/etc/nginx/certs/|$work/certs/|g" \
    -e "s|mcp-server-1:3000|127.0.0.1:39001|; s|mcp-server-2:3000|127.0.0.1:39002|" \
    "$here/nginx/nginx.conf" > "$work/nginx.conf"
"$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf" -g "error_log $work/logs/error.log;"
echo "deploy: nginx -t passed"

"$promtool_bin" check config "$here/prometheus/prometheus.yml"
"$promtool_bin" check rules "$here/prometheus/alerts.yml"
(cd "$here/prometheus" && "$promtool_bin" test rules alerts_test.yml)
echo "deploy: promtool checks passed"
