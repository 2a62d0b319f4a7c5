#!/usr/bin/env bash
# cors-demo-server under wrk on loopback while its 100,000-origin policy file (plus 10,000
# subdomain patterns) is reloaded every second by SIGHUP, against the same load without reloads.
# Two files alternate, so every reload replaces the policy with a different one (the second
# drops one tenant and adds another); the requests checked (reload.lua) get the same answer from
# both.
# The two kinds of run alternate in blocks (steady, reloading, steady, ...; 10 s each, 30 s of
# each kind by default): on the 2-core machine the same steady run varies by a third in
# throughput from one minute to the next, so the kinds are compared block by block, side by side.
# Both kinds swap the files every second (copying 4.2 MB on the same two cores costs requests
# about 4 % of p99); only the reloading blocks send SIGHUP.
# Passes when no answer fails or is wrong in any block and every SIGHUP was answered with a
# reload; prints every block's figures and the ratio of the mean p99 with reloads to the mean
# p99 without (target: at most 1.2).
# Not part of CI: it takes about 70 s and its latencies need a quiet machine.
# usage: tests/benchmarks/reload_under_load.sh [path/to/cors-demo-server] [seconds of each kind]
#        [seconds per block]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

server="${1:-$root/build/examples/beast/cors-demo-server}"
seconds="${2:-30}"
block="${3:-10}"
blocks=$(((seconds + block - 1) / block))
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
  timeout $((block + 30)) wrk -t"$threads" -c"$connections" -d"${block}s" --timeout 5s \
    --latency -s "$here/reload.lua" "$url/"
}
reloads() { grep -c "reloaded policy" "$work/server.log" || true; }

# Every second: the other file in place (renamed in, so a reload never reads half a file),
# then, in a reloading block, SIGHUP. The steady blocks swap the files too: the only difference
# between the two kinds is the server's reloading.
swap_files() {  # swap_files steady|reloading
  local next=b
  while :; do
    cp "$work/$next.json" "$work/next.json"
    mv "$work/next.json" "$work/policy.json"
    [[ $1 == reloading ]] && kill -HUP "$server_pid"
    next=$([[ $next == a ]] && echo b || echo a)
    sleep 1
  done
}
reloaded=0
run() {  # run NAME steady|reloading
  local before
  before="$(reloads)"
  swap_files "$2" &
  hangups_pid=$!
  load >"$work/$1.txt"
  kill "$hangups_pid"
  wait "$hangups_pid" 2>/dev/null || true
  hangups_pid=""
  if [[ $2 == steady ]]; then
    echo "== $1: without reloads"
  else
    sleep 1.5  # the last reload finishes
    local count=$(($(reloads) - before))
    reloaded=$((reloaded + count))
    echo "== $1: reloading every second ($count reloads)"
  fi
  grep -E '^(Requests/sec|reload-result)' "$work/$1.txt"
}

echo "server: $server at $url; $connections connections, $threads wrk threads;" \
  "$blocks blocks of ${block} s of each kind"
names=()
for ((i = 1; i <= blocks; ++i)); do
  run "steady$i" steady
  run "reloading$i" reloading
  names+=("steady$i" "reloading$i")
done
grep -m3 "reloaded policy" "$work/server.log" | cut -c1-160

failed=0
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }
result() { grep '^reload-result ' "$work/$1.txt"; }
for name in "${names[@]}"; do
  line="$(result "$name")"
  for counter in non_2xx wrong_cors connect_errors read_errors write_errors timeouts; do
    if [[ "$(field "$counter" "$line")" != 0 ]]; then
      echo "FAIL: $counter=$(field "$counter" "$line") in $name: $line" >&2
      failed=1
    fi
  done
done
if grep -q "not reloaded" "$work/server.log"; then
  echo "FAIL: a reload was refused:" >&2
  grep -m3 -A3 "not reloaded" "$work/server.log" >&2
  failed=1
fi
if ((reloaded < blocks * (block - 1))); then
  echo "FAIL: only $reloaded reloads in $blocks blocks of ${block} s" >&2
  failed=1
fi
p99() { field p99_us "$(result "$1")"; }
steady=0
reloading=0
for ((i = 1; i <= blocks; ++i)); do
  steady=$((steady + $(p99 "steady$i")))
  reloading=$((reloading + $(p99 "reloading$i")))
done
steady=$((steady / blocks))
reloading=$((reloading / blocks))
ratio="$(awk -v a="$reloading" -v b="$steady" 'BEGIN { printf "%.2f", a / b }')"
echo "p99: ${steady} us without reloads, ${reloading} us with (means of $blocks blocks each);" \
  "ratio ${ratio} (target <= 1.2)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
((failed == 0)) && echo "no failed or wrong answer"
exit $failed
