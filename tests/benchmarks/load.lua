-- wrk script for run.sh: the same request over and over, from the allowed origin.
-- `wrk ... URL -- preflight` sends the browser's preflight for a PUT with two custom headers;
-- `-- actual` sends a GET with an Origin. done() prints one machine-readable line with the
-- throughput, p50/p99 latency, answers with status 400 or more, and socket errors.
local origin = "https://app.client.internal"

-- No request() or response() hook: wrk then builds the request once and never enters Lua per
-- request, so it is not the bottleneck. run.sh checks one answer per server with curl.
function init(args)
  wrk.headers["Origin"] = origin
  if args[1] == "preflight" then
    wrk.method = "OPTIONS"
    wrk.headers["Access-Control-Request-Method"] = "PUT"
    wrk.headers["Access-Control-Request-Headers"] = "content-type,x-custom-header"
  else
    wrk.method = "GET"
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk-result requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
