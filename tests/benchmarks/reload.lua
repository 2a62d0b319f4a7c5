-- wrk script for reload_under_load.sh: requests whose answers both policy files give alike,
-- checked one by one while the server reloads its 100,000-origin file. A preflight and an actual
-- request from a listed origin, an actual request from an origin matched by a pattern, one from
-- a foreign origin and one without Origin, in turn. Every response must be 2xx and carry exactly
-- the Access-Control-Allow-Origin its request deserves; done() prints the counts and latencies.
local listed = "https://tenant54321.example.com"
local by_pattern = "https://eu.customer5000.example.net"
local foreign = "https://tenant54321.example.com.evil.example"

-- Each actual request has its own path, which cors-demo-server echoes in its JSON body, so a
-- response tells which request it answers. Built in init(), once wrk has set the Host header.
local requests
local function make_requests()
  return {
    wrk.format("OPTIONS", "/reload/preflight", {
      ["Origin"] = listed,
      ["Access-Control-Request-Method"] = "PUT",
      ["Access-Control-Request-Headers"] = "content-type,x-custom-header",
    }),
    wrk.format("GET", "/reload/listed", { ["Origin"] = listed }),
    wrk.format("GET", "/reload/pattern", { ["Origin"] = by_pattern }),
    wrk.format("GET", "/reload/foreign", { ["Origin"] = foreign }),
    wrk.format("GET", "/reload/no-origin", {}),
  }
end

-- What Access-Control-Allow-Origin must say (false: absent), by path; a preflight answers 204
-- with no body and must allow its origin, for the request method and headers it asks for.
local expected_by_path = {
  ["/reload/listed"] = listed,
  ["/reload/pattern"] = by_pattern,
  ["/reload/foreign"] = false,
  ["/reload/no-origin"] = false,
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

local function header(headers, name)
  return headers[name] or headers[string.lower(name)]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    return
  end
  local acao = header(headers, "Access-Control-Allow-Origin")
  local ok
  if status == 204 then
    ok = acao == listed and header(headers, "Access-Control-Allow-Methods") == "PUT,DELETE" and
        header(headers, "Access-Control-Allow-Headers") == "content-type,x-custom-header" and
        header(headers, "Access-Control-Max-Age") == "600"
  else
    local expected = expected_by_path[string.match(body or "", '"path":"([^"]*)"')]
    ok = expected ~= nil and (acao or false) == expected
  end
  if not ok then
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
    "reload-result requests=%d duration_us=%d non_2xx=%d wrong_cors=%d connect_errors=%d " ..
    "read_errors=%d write_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, non, wrong, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
