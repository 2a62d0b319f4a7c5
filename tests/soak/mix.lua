-- wrk script for tests/soak/run.sh: preflights and actual requests from an allowed origin, and
-- actual requests from a foreign one, in turn on every connection. Every response must be 2xx
-- and carry exactly the CORS answer its request deserves; done() prints the counts.
local allowed = "https://app.example.com"
local foreign = "https://evil.example"

local requests = {
  wrk.format("OPTIONS", "/api/items", {
    ["Origin"] = allowed,
    ["Access-Control-Request-Method"] = "PUT",
    ["Access-Control-Request-Headers"] = "content-type,x-custom-header",
  }),
  wrk.format("GET", "/api/items", { ["Origin"] = allowed }),
  wrk.format("OPTIONS", "/api/items", {
    ["Origin"] = allowed,
    ["Access-Control-Request-Method"] = "DELETE",
  }),
  wrk.format("GET", "/api/items", { ["Origin"] = foreign }),
  wrk.format("GET", "/api/items", {}),
}
-- What each request must get back in Access-Control-Allow-Origin (false: none).
local expected_origin = { allowed, allowed, allowed, false, false }

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent, received, non_2xx, wrong_cors = 0, 0, 0, 0
  pending = {}
end

function request()
  sent = sent + 1
  local i = (sent - 1) % #requests + 1
  table.insert(pending, i)
  return requests[i]
end

function response(status, headers, body)
  received = received + 1
  -- HTTP/1.1 answers in order, so the oldest pending request is the one answered.
  local i = table.remove(pending, 1)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
  local acao = headers["Access-Control-Allow-Origin"] or headers["access-control-allow-origin"]
  if i ~= nil and (acao or false) ~= expected_origin[i] then
    wrong_cors = wrong_cors + 1
  end
end

function done(summary, latency, requests)
  local non, wrong = 0, 0
  for _, thread in ipairs(threads) do
    non = non + thread:get("non_2xx")
    wrong = wrong + thread:get("wrong_cors")
  end
  local e = summary.errors
  io.write(string.format(
    "soak-result requests=%d duration_us=%d non_2xx=%d wrong_cors=%d connect_errors=%d " ..
    "read_errors=%d write_errors=%d timeouts=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, non, wrong, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
