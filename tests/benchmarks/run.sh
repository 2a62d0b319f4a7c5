#!/usr/bin/env bash
# Every performance figure of the project in one run, written to docs/benchmarks.md:
#   1. the engine micro-benchmarks (Google Benchmark, Release build in build-bench/), median of 5,
#      and the instructions each request costs (callgrind), which the machine's load cannot skew;
#   2. the same scenarios through the expressjs `cors` middleware, in-process (node);
#   3. wrk on loopback: cors-demo-server with and without its CORS layer, then the same
#      preflight load against nginx (the classic `if ($request_method = 'OPTIONS')` snippet) and
#      against Express + `cors`.
# Missing tools are installed from Debian's packages (as root) and npm. Bounded: about 4 minutes
# on 2 cores; every server started here is stopped on exit. Loopback only.
# usage: bash tests/benchmarks/run.sh [--quick]   (--quick: a short smoke run whose report goes
#        to build-bench/benchmark-results/benchmarks.md, leaving docs/ alone)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build-bench"
results="$build/benchmark-results"
report="$root/docs/benchmarks.md"

quick=0
if [[ "${1:-}" == "--quick" ]]; then
  quick=1
  report="$results/benchmarks.md"
fi

# Durations: long enough for stable medians, short enough for the whole run to stay near 4 min.
engine_args=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true
  --benchmark_min_time=0.3)
express_args=(--batches 5 --batch-ms 100)
wrk_seconds=3
wrk_rounds=3
if ((quick)); then
  engine_args=(--benchmark_min_time=0.01)
  express_args=(--batches 1 --batch-ms 5)
  wrk_seconds=1
  wrk_rounds=1
fi
wrk_threads=2
wrk_connections=64

log() { printf '\n== %s\n' "$*"; }

# --- dependencies -------------------------------------------------------------------------------
missing=()
for p in cmake ninja-build g++ pkg-config libbenchmark-dev libfmt-dev libpsl-dev libboost-dev \
  libboost-program-options-dev nodejs npm wrk nginx-light curl valgrind; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian (nvm, nodesource): what matters is node and npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}")
  missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$results"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# --- build --------------------------------------------------------------------------------------
log "build (build-bench, Release)"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORS_BUILD_BENCHMARKS=ON \
  -DCORS_BUILD_TESTS=OFF >"$work/cmake.log" || { cat "$work/cmake.log"; exit 1; }
targets=(cors-engine-benchmark)
# The demo server of examples/beast/, once that folder defines it.
have_demo=0
if grep -qs 'cors-demo-server' "$root/examples/beast/CMakeLists.txt" &&
  ninja -C "$build" -t query cors-demo-server >/dev/null 2>&1; then
  have_demo=1
  targets+=(cors-demo-server)
fi
cmake --build "$build" -j2 --target "${targets[@]}"
demo=""
if ((have_demo)); then
  demo="$build/$(ninja -C "$build" -t query cors-demo-server | sed -n '/input:/{n;s/^ *//p;q}')"
fi

# --- machine ------------------------------------------------------------------------------------
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "compiler=$(${CXX:-c++} --version | head -n1)"
  echo "kernel=$(uname -sr)"
  echo "node=$(node --version)"
  echo "wrk=$(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
  echo "nginx=$(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //')"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$results/machine.txt"

# --- 1. engine ----------------------------------------------------------------------------------
log "engine micro-benchmarks"
"$build/tests/benchmarks/cors-engine-benchmark" "${engine_args[@]}" \
  --benchmark_out="$results/engine.json" --benchmark_out_format=json

# Instructions per evaluate(): callgrind counts them inside evaluate() only, and the calls into
# evaluate() give the divisor (counting the calls of the functions it calls would count each
# nested call again).
log "instructions per request (callgrind)"
: >"$results/instructions.txt"
for name in $("$build/tests/benchmarks/cors-engine-benchmark" --benchmark_list_tests=true); do
  [[ "$name" == build_policy/* ]] && continue
  valgrind --tool=callgrind --compress-strings=no --compress-pos=no --collect-atstart=no \
    --toggle-collect='cors::v1::policy::evaluate*' --callgrind-out-file="$work/callgrind.out" \
    "$build/tests/benchmarks/cors-engine-benchmark" --benchmark_filter="^$name\$" \
    --benchmark_min_time=0.002 >/dev/null 2>&1
  awk -v name="$name" '
    /^cfn=/ { in_evaluate = ($0 ~ /cors::v1::policy::evaluate\(/) }
    /^calls=/ { if (in_evaluate) { split($1, c, "="); calls += c[2] } in_evaluate = 0 }
    /^totals:/ { total = $2 }
    END {
      if (calls == 0) { print "no call of evaluate() counted in " name > "/dev/stderr"; exit 1 }
      printf "%s %.0f\n", name, total / calls
    }' "$work/callgrind.out" |
    tee -a "$results/instructions.txt"
done

# --- 2. expressjs/cors in-process ---------------------------------------------------------------
log "expressjs/cors in-process"
express="$here/express"
if [[ ! -d "$express/node_modules/cors" || "$express/package-lock.json" -nt "$express/node_modules" ]]; then
  (cd "$express" && npm ci --no-audit --no-fund --loglevel=error)
fi
node "$express/bench.js" "${express_args[@]}" --out "$results/express.json"

# --- 3. wrk -------------------------------------------------------------------------------------
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); });'
}

# start_server NAME COMMAND...: starts it in the background, waits for its "listening on URL"
# line (or, with URL preset in $fixed_url, for the port to answer) and sets $url and $server_pid.
fixed_url=""
start_server() {
  local name="$1"
  shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  local pid=$!
  server_pid=$pid
  url=""
  for _ in $(seq 100); do
    if [[ -n "$fixed_url" ]]; then
      curl -s -o /dev/null "$fixed_url/" && url="$fixed_url"
    else
      url="$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/$name.log" | head -n1)"
    fi
    [[ -n "$url" ]] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited:" >&2
      cat "$work/$name.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  fixed_url=""
  if [[ -z "$url" ]]; then
    echo "$name did not start within 10 s" >&2
    exit 1
  fi
}

# One preflight and one actual request with curl, so the report shows what each server answers.
record_answers() {
  local name="$1" base="$2" status acao
  for mode in preflight actual; do
    local args=(-s -o /dev/null -D "$work/headers" -H "Origin: https://app.client.internal")
    if [[ "$mode" == preflight ]]; then
      args+=(-X OPTIONS -H "Access-Control-Request-Method: PUT"
        -H "Access-Control-Request-Headers: content-type,x-custom-header")
    fi
    curl "${args[@]}" "$base/api/items"
    status="$(head -n1 "$work/headers" | cut -d' ' -f2)"
    acao="$(sed -n 's/^[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin: *\(.*\)\r$/\1/p' "$work/headers")"
    echo "$name $mode status=$status acao=${acao:-none}" >>"$results/answers.txt"
  done
}

# CPU time (user + system, in clock ticks) used so far by a process and its children (nginx's
# workers): unlike requests per second, CPU time per request barely moves when other work
# shares the machine.
cpu_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    [[ -r "/proc/$pid/stat" ]] || continue
    # Fields 14 and 15 of /proc/PID/stat, counted after the ")" closing the command name.
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
ticks_per_second="$(getconf CLK_TCK)"

# run_wrk NAME MODE URL PID: one bounded wrk run; appends "NAME MODE wrk-result ... cpu_us=N"
# to wrk.txt, cpu_us being the CPU time the server (PID) used during the run.
run_wrk() {
  local line before after
  before="$(cpu_ticks "$4")"
  line="$(timeout $((wrk_seconds + 30)) wrk -t"$wrk_threads" -c"$wrk_connections" \
    -d"${wrk_seconds}s" --timeout 5s -s "$here/load.lua" "$3/api/items" -- "$2" |
    grep '^wrk-result ')"
  after="$(cpu_ticks "$4")"
  echo "$1 $2 $line cpu_us=$(((after - before) * 1000000 / ticks_per_second))" |
    tee -a "$results/wrk.txt"
}

: >"$results/wrk.txt"
: >"$results/answers.txt"
seed_policy=(--allow-origin https://app.client.internal --allow-methods GET,POST,PUT,DELETE
  --allow-headers Content-Type,X-Custom-Header --max-age 600)
if ((have_demo)); then
  log "wrk: cors-demo-server with and without its CORS layer"
  start_server demo "$demo" --listen 127.0.0.1:0 "${seed_policy[@]}"
  demo_url="$url"
  demo_pid="$server_pid"
  record_answers cors-demo-server "$demo_url"
  # The same program without its CORS layer (--no-cors): what the layer costs.
  start_server demo-no-cors "$demo" --listen 127.0.0.1:0 --no-cors "${seed_policy[@]}"
  no_cors_url="$url"
  no_cors_pid="$server_pid"
  record_answers cors-demo-server--no-cors "$no_cors_url"
  # Interleaved rounds, the order swapped every round, so that a burst of load from elsewhere
  # hits both sides alike.
  for round in $(seq "$wrk_rounds"); do
    for mode in actual preflight; do
      if ((round % 2)); then
        run_wrk cors-demo-server "$mode" "$demo_url" "$demo_pid"
        run_wrk cors-demo-server--no-cors "$mode" "$no_cors_url" "$no_cors_pid"
      else
        run_wrk cors-demo-server--no-cors "$mode" "$no_cors_url" "$no_cors_pid"
        run_wrk cors-demo-server "$mode" "$demo_url" "$demo_pid"
      fi
    done
  done
else
  echo "cors-demo-server is not part of this tree yet: its load runs are skipped" |
    tee -a "$results/wrk.txt"
fi

log "wrk: nginx with the classic preflight snippet"
nginx_dir="$work/nginx"
mkdir -p "$nginx_dir"
nginx_port="$(free_port)"
sed -e "s|@DIR@|$nginx_dir|g" -e "s|@PORT@|$nginx_port|g" "$here/nginx.conf.in" >"$nginx_dir/nginx.conf"
fixed_url="http://127.0.0.1:$nginx_port"
start_server nginx /usr/sbin/nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/error.log"
record_answers nginx "$url"
for mode in actual preflight; do run_wrk nginx "$mode" "$url" "$server_pid"; done

log "wrk: Express + cors"
start_server express node "$express/server.js" 0
record_answers express "$url"
for mode in actual preflight; do run_wrk express "$mode" "$url" "$server_pid"; done

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"

# --- report -------------------------------------------------------------------------------------
log "report"
node "$here/report.js" --results "$results" --notes "$here/notes.md" --out "$report" \
  --command "bash tests/benchmarks/run.sh${1:+ $1}"
echo "wrote $report"
