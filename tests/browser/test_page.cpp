#include "test_page.hpp"

#include <cstdio>

namespace cors::browser_tests {

namespace cc = conformance;

std::string js_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || c == '<') {  // '<': no "</script>" inside the page's script
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string test_page(const cc::policy_case& policy,
                      const std::vector<const cc::scenario*>& scenarios,
                      const std::string& server_origin, const std::string& next_page,
                      const std::string& warm_up_url) {
  std::string specs;
  for (const cc::scenario* s : scenarios) {
    std::string headers;
    for (const cc::request_header& h : s->headers)
      headers +=
          (headers.empty() ? "[" : ",[") + js_string(h.name) + "," + js_string(h.value) + "]";
    specs += "{id:" + js_string(std::string(policy.name) + "." + std::string(s->id)) +
             ",url:" + js_string(server_origin + cc::request_path(policy, *s)) +
             ",method:" + js_string(s->method) + ",headers:[" + headers +
             "],credentials:" + js_string(cc::to_string(s->credentials)) +
             ",body:" + (s->body ? js_string(*s->body) : std::string("null")) +
             ",repeat:" + std::to_string(s->repeat) +
             ",sandboxed:" + (s->sandboxed ? "true" : "false") + "},\n";
  }
  return R"(<!doctype html>
<meta charset="utf-8">
<title>cors browser conformance</title>
<body>
<script>
const scenarios = [
)" + specs +
         R"(];
const next = )" +
         (next_page.empty() ? std::string("null") : js_string(next_page)) + R"(;
const warmUp = )" +
         js_string(warm_up_url) +
         R"(;

async function attempt(s) {
  const init = {method: s.method, headers: s.headers, credentials: s.credentials};
  if (s.body !== null) init.body = s.body;
  try {
    const response = await fetch(s.url, init);
    const body = await response.text();
    return {ok: true, status: response.status, headers: [...response.headers.keys()], body};
  } catch (e) {
    return {ok: false, error: String(e)};
  }
}

// The same attempt from a sandboxed frame, whose origin is opaque ("null").
function attemptSandboxed(s) {
  return new Promise(resolve => {
    const frame = document.createElement('iframe');
    frame.sandbox = 'allow-scripts';
    const onMessage = e => {
      if (e.source !== frame.contentWindow) return;
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(e.data);
    };
    window.addEventListener('message', onMessage);
    frame.srcdoc = '<script>' + attempt.toString() + '; attempt(' + JSON.stringify(s) +
        ').then(r => parent.postMessage(r, "*"));</' + 'script>';
    document.body.appendChild(frame);
  });
}

(async () => {
  for (let i = 0; i < 3; ++i) {
    try { await fetch(warmUp, {method: 'PUT'}); } catch (e) {}
  }
  for (const s of scenarios) {
    const attempts = [];
    for (let i = 0; i < s.repeat; ++i)
      attempts.push(await (s.sandboxed ? attemptSandboxed(s) : attempt(s)));
    await fetch('/result', {method: 'POST', body: JSON.stringify({id: s.id, attempts})});
  }
  if (next !== null) {
    location.replace(next);
  } else {
    await fetch('/finished', {method: 'POST'});
    document.title = 'cors-finished';
  }
})();
</script>
)";
}

}  // namespace cors::browser_tests
