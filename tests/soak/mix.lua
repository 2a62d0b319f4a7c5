-- wrk script for tests/soak/run.sh: preflights and actual requests from an allowed origin, and
-- actual requests from a foreign origin and without one, in turn. Every response must be 2xx
-- and carry exactly the CORS answer its request deserves; done() prints the counts.
local allowed = "https://app.example.com"
local foreign = "https://evil.example"

-- Each actual request has its own path, which cors-demo-server echoes in its JSON body, so a
-- response tells which request it answers even though a wrk thread serves many connections.
-- Built in init(): wrk.format adds the Host line (HTTP/1.1 requires it) only once wrk.init has
-- set it, after the script is loaded.
local requests
local function make_requests()
  return {
    wrk.format("OPTIONS", "/soak/preflight", {
      ["Origin"] = allowed,
      ["Access-Control-Request-Method"] = "PUT",
      ["Access-Control-Request-Headers"] = "content-type,x-custom-header",
    }),
    wrk.format("GET", "/soak/allowed", { ["Origin"] = allowed }),
    wrk.format("OPTIONS", "/soak/preflight", {
      ["Origin"] = allowed,
      ["Access-Control-Request-Method"] = "DELETE",
    }),
    wrk.format("GET", "/soak/foreign", { ["Origin"] = foreign }),
    wrk.format("GET", "/soak/no-origin", {}),
  }
end

-- What Access-Control-Allow-Origin must say (false: absent), by path; preflights answer 204
-- with no body and must allow the origin.
local expected_by_path = {
  ["/soak/allowed"] = allowed,
  ["/soak/foreign"] = false,
  ["/soak/no-origin"] = false,
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent, non_2xx, wrong_cors = 0, 0, 0
  requests = make_requests()
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    return
  end
  local acao = headers["Access-Control-Allow-Origin"] or headers["access-control-allow-origin"]
  local vary = headers["Vary"] or headers["vary"] or ""
  local expected
  if status == 204 then
    expected = allowed
  else
    expected = expected_by_path[string.match(body or "", '"path":"([^"]*)"')]
  end
  -- Every answer of this origin-dependent policy varies on Origin.
  if expected == nil or (acao or false) ~= expected or not string.find(vary, "Origin", 1, true) then
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
