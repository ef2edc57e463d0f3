#!/usr/bin/env bash
# API throughput with wrk (not run by CI). Starts the API on 127.0.0.1, then measures
#   POST /v1/predictions (with explanation), POST /v1/predictions?explain=false, GET /v1/ping
# at 64 connections: all three warmed first, then measured in alternating rounds; prints the medians of
# requests/s and p99 latency and the median ratios against /v1/ping.
#
# Usage: .ci/bench-api.sh [models-folder]   (default: the repository's models/ folder)
# Env:   DURATION per round (default 10s), ROUNDS (default 5), THREADS (default 2), CONNECTIONS (default 64), PORT (default 5199)
# Needs: wrk (Debian: apt-get install -y wrk), a models folder with a `current` pointer.
set -euo pipefail
cd "$(dirname "$0")/.."

models=${1:-$PWD/models}
duration=${DURATION:-10s}
rounds=${ROUNDS:-5}
threads=${THREADS:-2}
connections=${CONNECTIONS:-64}
port=${PORT:-5199}
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
[ -f "$models/current" ] || { echo "$models/current does not exist: give a models folder" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/CustomerValue.Api -c Release -v quiet -nologo >/dev/null
work=$(mktemp -d)
Models__Path="$models" Logging__LogLevel__Default=Warning ASPNETCORE_URLS="$base" \
  Api__AllowAnonymousPredictions=true Api__Limits__PermitsPerSecond=0 \
  dotnet src/CustomerValue.Api/bin/Release/net10.0/CustomerValue.Api.dll >"$work/api.log" 2>&1 &
api=$!
trap 'kill "$api" 2>/dev/null; wait "$api" 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 1 100); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$base/health/ready" >/dev/null || { echo "the API did not become ready:" >&2; cat "$work/api.log" >&2; exit 1; }

# A returning customer with a few orders: the body docs/api.md shows as "longHistory".
cat >"$work/predict.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"customerId":"C-0042","asOf":"2025-03-31","profile":{"postalCode":"10472","device":"android","channel":"organic","newsletter":false,"signupDate":"2023-10-01"},"history":{"orders":[{"date":"2023-10-02","amount":52.10},{"date":"2024-01-15","amount":61.00},{"date":"2024-05-20","amount":47.35},{"date":"2024-09-03","amount":75.00},{"date":"2025-01-28","amount":58.20}]}}]]
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000, summary.errors.status, summary.requests))
end
LUA
cat >"$work/get.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000, summary.errors.status, summary.requests))
end
LUA

# Check the body scores before measuring it.
curl -fs -H 'Content-Type: application/json' --data "$(sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' "$work/predict.lua")" \
  "$base/v1/predictions" >/dev/null || { echo "the benchmark body does not score" >&2; exit 1; }

measure() { # seconds url script -> "rps p99ms"
  local line
  line=$(wrk -t"$threads" -c"$connections" -d"$1" -s "$3" "$2" | grep '^RESULT')
  read -r _ rps p99 errors total <<<"$line"
  [ "$errors" = 0 ] || echo "warning: $2 had $errors non-2xx answers of $total" >&2
  echo "$rps $p99"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Warm every endpoint before timing any, so no endpoint is measured while the JIT still compiles its
# path; then alternate the endpoints for $rounds rounds so drifting machine load hits all of them alike.
for url in "$base/v1/predictions" "$base/v1/predictions?explain=false"; do measure 5s "$url" "$work/predict.lua" >/dev/null; done
measure 5s "$base/v1/ping" "$work/get.lua" >/dev/null
: >"$work/rounds"
for round in $(seq 1 "$rounds"); do
  read -r er ep <<<"$(measure "$duration" "$base/v1/predictions" "$work/predict.lua")"
  read -r pr pp <<<"$(measure "$duration" "$base/v1/predictions?explain=false" "$work/predict.lua")"
  read -r gr gp <<<"$(measure "$duration" "$base/v1/ping" "$work/get.lua")"
  echo "$round $er $ep $pr $pp $gr $gp" >>"$work/rounds"
done

column() { awk -v c="$1" '{ print $c }' "$work/rounds" | median; }
ratio() { awk -v a="$1" -v b="$2" '{ print $a / $b }' "$work/rounds" | median; }
echo "wrk: $threads threads, $connections connections, $rounds rounds of $duration per endpoint, $(nproc) cores, models $(cat "$models/current")"
printf '%-36s %12s %10s\n' endpoint 'requests/s' 'p99 ms'
printf '%-36s %12s %10s\n' 'POST /v1/predictions' "$(column 2)" "$(column 3)"
printf '%-36s %12s %10s\n' 'POST /v1/predictions?explain=false' "$(column 4)" "$(column 5)"
printf '%-36s %12s %10s\n' 'GET /v1/ping' "$(column 6)" "$(column 7)"
echo "(medians over the rounds; per round: $(awk '{ printf "%s%.0f/%.0f/%.0f", (NR > 1 ? ", " : ""), $2, $4, $6 }' "$work/rounds") rps)"
printf 'ratio to ping (median of rounds): explained %.2f (target >= 0.55), explain=false %.2f (target >= 0.65)\n' "$(ratio 2 6)" "$(ratio 4 6)"
