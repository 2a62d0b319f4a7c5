#!/usr/bin/env bash
# cors-demo-server under wrk on loopback while its 100,000-origin policy file (plus 10,000
# subdomain patterns) is reloaded every second by SIGHUP, against the same load without reloads.
# Two files alternate, so every reload replaces the policy with a different one (the second
# drops one tenant and adds another); the requests checked (reload.lua) get the same answer from
# both. Passes when no answer fails or is wrong in either run and every SIGHUP was answered with
# a reload; prints p50/p90/p99 of both runs and the p99 ratio (target: at most 1.2).
# Not part of CI: it takes about 70 s and its latencies need a quiet machine.
# usage: tests/benchmarks/reload_under_load.sh [path/to/cors-demo-server] [seconds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

server="${1:-$root/build/examples/beast/cors-demo-server}"
seconds="${2:-30}"
threads=2
connections=64
if [[ ! -x "$server" ]]; then
  echo "cors-demo-server not found at $server: build it, or pass its path" >&2
  exit 1
fi
command -v wrk >/dev/null || { echo "wrk is missing (Debian package wrk)" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
hangups_pid=""
cleanup() {
  [[ -n "$hangups_pid" ]] && kill "$hangups_pid" 2>/dev/null || true
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# policy_file FIRST_TENANT: tenants FIRST_TENANT .. FIRST_TENANT+99999 and 10,000 patterns.
policy_file() {
  awk -v first="$1" 'BEGIN {
    print "{\n  \"allowed_origins\": ["
    for (i = first; i < first + 100000; ++i) printf "    \"https://tenant%d.example.com\",\n", i
    for (i = 0; i < 10000; ++i)
      printf "    \"https://*.customer%d.example.net\"%s\n", i, (i < 9999 ? "," : "")
    print "  ],\n  \"allowed_methods\": [\"PUT\", \"DELETE\"],"
    print "  \"allowed_headers\": [\"Content-Type\", \"X-Custom-Header\"],"
    print "  \"max_age_seconds\": 600\n}"
  }'
}
policy_file 0 >"$work/a.json"
policy_file 1 >"$work/b.json"
cp "$work/a.json" "$work/policy.json"

"$server" --listen 127.0.0.1:0 --config "$work/policy.json" >"$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 100); do
  url="$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/server.log" | head -n1)"
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "cors-demo-server did not say where it listens" >&2; exit 1; }

load() {
  timeout $((seconds + 30)) wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s \
    --latency -s "$here/reload.lua" "$url/"
}
reloads() { grep -c "reloaded policy" "$work/server.log" || true; }

echo "server: $server at $url; $connections connections, $threads wrk threads, ${seconds} s per run"
load >"$work/steady.txt"
echo "== without reloads"
cat "$work/steady.txt"

# Every second: the other file in place (renamed in, so a reload never reads half a file),
# then SIGHUP.
(
  next=b
  while :; do
    cp "$work/$next.json" "$work/next.json"
    mv "$work/next.json" "$work/policy.json"
    kill -HUP "$server_pid"
    next=$([[ $next == a ]] && echo b || echo a)
    sleep 1
  done
) &
hangups_pid=$!
before="$(reloads)"
load >"$work/reloading.txt"
kill "$hangups_pid"
wait "$hangups_pid" 2>/dev/null || true
hangups_pid=""
sleep 1.5  # the last reload finishes
after="$(reloads)"
echo "== reloading every second ($((after - before)) reloads)"
cat "$work/reloading.txt"
grep -m3 "reloaded policy" "$work/server.log" | cut -c1-160

failed=0
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }
steady="$(grep '^reload-result ' "$work/steady.txt")"
reloading="$(grep '^reload-result ' "$work/reloading.txt")"
for line in "$steady" "$reloading"; do
  for name in non_2xx wrong_cors connect_errors read_errors write_errors timeouts; do
    if [[ "$(field "$name" "$line")" != 0 ]]; then
      echo "FAIL: $name=$(field "$name" "$line") in: $line" >&2
      failed=1
    fi
  done
done
if grep -q "not reloaded" "$work/server.log"; then
  echo "FAIL: a reload was refused:" >&2
  grep -m3 -A3 "not reloaded" "$work/server.log" >&2
  failed=1
fi
if ((after - before < seconds - 2)); then
  echo "FAIL: only $((after - before)) reloads in ${seconds} s" >&2
  failed=1
fi
p99_steady="$(field p99_us "$steady")"
p99_reloading="$(field p99_us "$reloading")"
ratio="$(awk -v a="$p99_reloading" -v b="$p99_steady" 'BEGIN { printf "%.2f", a / b }')"
echo "p99: ${p99_steady} us without reloads, ${p99_reloading} us with; ratio ${ratio} (target <= 1.2)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
((failed == 0)) && echo "no failed or wrong answer"
exit $failed
