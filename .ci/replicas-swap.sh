#!/usr/bin/env bash
# Three API replicas behind nginx under wrk, with a model swap half-way: every request must succeed, and afterwards
# every replica must serve the new model. Not run by CI (about a minute); docs/scale.md shows its output.
#
#   .ci/replicas-swap.sh [SECONDS]      default 20 s of load; the swap comes at half-time
#   BASE_PORT=5200                      nginx listens there, the replicas on the next three ports
#   NO_BUILD=1 .ci/replicas-swap.sh 8   runs the API the solution's Release build left in src/CustomerValue.Api/bin
#                                       (what the xunit test ReplicasBehindNginxTests does)
#
# Installs nginx with apt-get when it is missing (wrk too). Everything lives in a temporary folder; the processes it
# starts are stopped on exit, by their own ids. The per-caller rate limit is off: all requests come from one address.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}

for tool in nginx wrk; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "$tool" >&2
  fi
done
nginx_bin=$(command -v nginx)

work=$(mktemp -d /tmp/cvml-replicas-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${NO_BUILD:-}" ]; then
  api="$PWD/src/CustomerValue.Api/bin/Release/net10.0/CustomerValue.Api.dll"
  [ -f "$api" ] || { echo "no Release build of the API at $api: run dotnet build -c Release first" >&2; exit 1; }
else
  dotnet build src/CustomerValue.Api -c Release -o "$work/api" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  api="$work/api/CustomerValue.Api.dll"
fi

# Two versions of the shipped bundle under different names: the swap is the `current` pointer moving between them.
old=$(cat models/current)
new="$old-swapped"
mkdir -p "$work/models"
cp -r "models/$old" "$work/models/$old"
cp -r "models/$old" "$work/models/$new"
echo "$old" >"$work/models/current"

base=${BASE_PORT:-5200}
ports=($((base + 1)) $((base + 2)) $((base + 3)))
for port in "${ports[@]}"; do
  ASPNETCORE_ENVIRONMENT=Production \
  Models__Path="$work/models" \
  Models__DebounceMilliseconds=100 \
  Api__AllowAnonymousPredictions=true \
  Api__Limits__PermitsPerSecond=0 \
  Api__KeysFile="$work/api-keys.json" \
  Console__UsersFile="$work/console-users-$port.json" \
  Store__ConnectionString="Data Source=$work/store.db" \
  Store__SeedOnStart=false \
  Logging__LogLevel__Default=Warning \
    dotnet "$api" --urls "http://127.0.0.1:$port" >"$work/api-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "replica $port never became ready" >&2; cat "$work/api-$port.log" >&2; exit 1; }
done

mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream cvml { $(for p in "${ports[@]}"; do printf 'server 127.0.0.1:%s max_fails=0; ' "$p"; done) keepalive 32; }
  server {
    listen 127.0.0.1:$base;
    location / {
      proxy_pass http://cvml;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # A replica that is restarting or refuses a connection: the request goes to the next one (POST included).
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    }
  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
for _ in $(seq 1 40); do curl -sf http://127.0.0.1:$base/health/live >/dev/null && break; sleep 0.25; done

cat >"$work/predict.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"asOf":"2025-03-31","history":{"orders":[{"date":"2025-03-03","amount":84.90},{"date":"2024-11-20","amount":42.00}]}}'
EOF

( sleep $((seconds / 2)); echo "$new" >"$work/models/current.tmp"; mv "$work/models/current.tmp" "$work/models/current"; echo "swapped to $new at $((seconds / 2)) s" ) &
swap=$!
wrk -t2 -c32 -d"${seconds}s" --timeout 10s --latency -s "$work/predict.lua" http://127.0.0.1:$base/v1/predictions | tee "$work/wrk.txt"
wait "$swap"

status=0
if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$work/wrk.txt"; then
  echo "FAILED: some requests did not succeed" >&2
  status=1
fi
requests=$(grep -oE '^ +[0-9]+ requests' "$work/wrk.txt" | grep -oE '[0-9]+')
[ "${requests:-0}" -gt 0 ] || { echo "FAILED: no requests were made" >&2; status=1; }

sleep 1
body='{"asOf":"2025-03-31","history":{"orders":[{"date":"2025-03-03","amount":84.90}]}}'
for port in "${ports[@]}"; do
  served=$(curl -s "http://127.0.0.1:$port/v1/predictions" -H 'Content-Type: application/json' -d "$body" | grep -oE '"modelVersion":"[^"]+"' | cut -d'"' -f4)
  if [ "$served" != "$new" ]; then
    echo "FAILED: replica $port serves '$served', not $new" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "replicas: 3 behind nginx, $requests requests in ${seconds} s, 0 failed; model swapped from $old to $new, every replica serves it"
exit $status
