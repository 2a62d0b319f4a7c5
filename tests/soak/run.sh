#!/usr/bin/env bash
# Soak test of cors-demo-server on loopback: wrk with 256 connections for 60 s, mixing
# preflights and actual requests (mix.lua). Passes when there is no error at all (non-2xx,
# wrong CORS answer, socket error or timeout) and the server's resident memory grows by less
# than 1 MiB between the end of a 10 s warm-up and the end of the run. Prints the figures.
# Bounded in time (about 80 s), loopback only; it stops the server it started.
# usage: tests/soak/run.sh [path/to/cors-demo-server]   (default: build/, then build-asan/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

connections=256
threads=2
warmup_seconds=10
run_seconds=60
max_growth_kib=1024

server="${1:-}"
if [[ -z "$server" ]]; then
  for candidate in "$root"/build/examples/beast/cors-demo-server "$root"/build*/examples/beast/cors-demo-server; do
    if [[ -x "$candidate" ]]; then
      server="$candidate"
      break
    fi
  done
fi
if [[ -z "$server" || ! -x "$server" ]]; then
  echo "cors-demo-server not found: build it (bash .ci/build) or pass its path" >&2
  exit 1
fi
if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$server" --listen 127.0.0.1:0 \
  --allow-origin https://app.example.com \
  --allow-methods PUT,DELETE \
  --allow-headers content-type,x-custom-header \
  --max-age 600 >"$work/server.log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 100); do
  url="$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/server.log" | head -n1)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "cors-demo-server exited:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "cors-demo-server did not say where it listens within 10 s" >&2
  exit 1
fi

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

# wrk's own -d bounds each run; timeout(1) is the backstop should it hang.
load() {
  timeout $(($1 + 30)) wrk -t"$threads" -c"$connections" -d"$1s" --timeout 5s \
    -s "$here/mix.lua" "$url/"
}

echo "server: $server at $url"
echo "rss at start: $(rss_kib) KiB"
load "$warmup_seconds" >"$work/warmup.txt"
rss_before="$(rss_kib)"
load "$run_seconds" | tee "$work/run.txt"
rss_after="$(rss_kib)"
growth=$((rss_after - rss_before))
echo "rss after ${warmup_seconds} s warm-up: ${rss_before} KiB; after the ${run_seconds} s run: ${rss_after} KiB; growth: ${growth} KiB"

result="$(grep '^soak-result ' "$work/run.txt")"
warmup_result="$(grep '^soak-result ' "$work/warmup.txt")"
failed=0
for field in non_2xx wrong_cors connect_errors read_errors write_errors timeouts; do
  for line in "$warmup_result" "$result"; do
    value="$(sed -n "s/.* $field=\([0-9]*\).*/\1/p" <<<"$line")"
    if [[ "$value" != 0 ]]; then
      echo "FAIL: $field=$value in: $line" >&2
      failed=1
    fi
  done
done
if ((growth >= max_growth_kib)); then
  echo "FAIL: resident memory grew by $growth KiB (limit $max_growth_kib KiB)" >&2
  failed=1
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "FAIL: cors-demo-server is gone" >&2
  failed=1
fi
((failed == 0)) && echo "soak passed"
exit $failed
