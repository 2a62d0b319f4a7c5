// The browser conformance table: policies for cors-demo-server and, for each, the fetch() calls a
// page makes and what the policy means for them. Plain data, so that every suite that judges a
// server the way a browser does (headless Chromium, cors-doctor) reads the same rows.
//
// Flags and hosts may contain "{page_port}" and "{other_port}": the two ports the test page is
// served from, known only at run time. Page hosts are 127.0.0.1, localhost or names under
// .localhost, which Chromium resolves to loopback itself.
#ifndef CORS_TESTS_BROWSER_SCENARIOS_HPP
#define CORS_TESTS_BROWSER_SCENARIOS_HPP

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cors::conformance {

// The browser check that a blocked request failed, as named by its console message.
enum class failing_check { none, origin, method, header, credentials, status, redirect };

inline std::string_view to_string(failing_check check) noexcept {
  switch (check) {
    case failing_check::none:
      return "none";
    case failing_check::origin:
      return "origin";
    case failing_check::method:
      return "method";
    case failing_check::header:
      return "header";
    case failing_check::credentials:
      return "credentials";
    case failing_check::status:
      return "status";
    case failing_check::redirect:
      return "redirect";
  }
  return "?";
}

// The browser engines that judge every scenario.
enum class engine { chromium, firefox, webkit };

inline constexpr std::array<engine, 3> all_engines = {engine::chromium, engine::firefox,
                                                      engine::webkit};

inline std::string_view to_string(engine e) noexcept {
  switch (e) {
    case engine::chromium:
      return "chromium";
    case engine::firefox:
      return "firefox";
    case engine::webkit:
      return "webkit";
  }
  return "?";
}

// fetch()'s `credentials` option.
enum class credentials_mode { omit, same_origin, include };

inline std::string_view to_string(credentials_mode mode) noexcept {
  switch (mode) {
    case credentials_mode::omit:
      return "omit";
    case credentials_mode::same_origin:
      return "same-origin";
    case credentials_mode::include:
      return "include";
  }
  return "?";
}

// Why a browser blocks a fetch, whatever words its engine uses for it.
enum class refusal_kind {
  allow_origin_missing,
  allow_origin_not_equal,
  allow_origin_multiple,  // two origins on one header line
  allow_origin_lines,     // two Access-Control-Allow-Origin header lines
  allow_origin_invalid,   // a value that is not an origin
  wildcard_with_credentials,
  credentials_not_true,
  preflight_not_ok,    // a preflight answered outside 200-299
  preflight_redirect,  // a preflight answered with a redirect
  allow_methods_invalid,
  method_not_allowed,
  header_not_allowed,
};

inline failing_check check_of(refusal_kind kind) noexcept {
  switch (kind) {
    case refusal_kind::allow_origin_missing:
    case refusal_kind::allow_origin_not_equal:
    case refusal_kind::allow_origin_multiple:
    case refusal_kind::allow_origin_lines:
    case refusal_kind::allow_origin_invalid:
      return failing_check::origin;
    case refusal_kind::wildcard_with_credentials:
    case refusal_kind::credentials_not_true:
      return failing_check::credentials;
    case refusal_kind::preflight_not_ok:
      return failing_check::status;
    case refusal_kind::preflight_redirect:
      return failing_check::redirect;
    case refusal_kind::allow_methods_invalid:
      return failing_check::method;
    case refusal_kind::method_not_allowed:
      return failing_check::method;
    case refusal_kind::header_not_allowed:
      return failing_check::header;
  }
  return failing_check::none;
}

struct refusal {
  refusal_kind kind = refusal_kind::allow_origin_missing;
  bool on_preflight = false;
  int status = 200;   // of the response that failed (Firefox and WebKit print it)
  std::string value;  // the Allow-Origin or Allow-Credentials value, the method, or the header
                      // name as the page wrote it
  std::string token;  // for an unparsable allow list: the element that is not a token
};

// Builders for the table's refusals; values may contain "{page_port}".
namespace refused {
inline refusal no_allow_origin(int status = 200) {
  return {refusal_kind::allow_origin_missing, false, status, "", ""};
}
inline refusal allow_origin_not_equal(std::string_view value, int status = 200) {
  return {refusal_kind::allow_origin_not_equal, false, status, std::string(value), ""};
}
inline refusal allow_origin_multiple(std::string_view values, int status = 200) {
  return {refusal_kind::allow_origin_multiple, false, status, std::string(values), ""};
}
// `values`: the lines' values joined by ", ", as Chromium prints them.
inline refusal allow_origin_lines(std::string_view values, int status = 200) {
  return {refusal_kind::allow_origin_lines, false, status, std::string(values), ""};
}
inline refusal allow_origin_invalid(std::string_view value, int status = 200) {
  return {refusal_kind::allow_origin_invalid, false, status, std::string(value), ""};
}
inline refusal preflight_redirect(int status) {
  return {refusal_kind::preflight_redirect, true, status, "", ""};
}
inline refusal allow_methods_invalid(std::string_view value, std::string_view token,
                                     int status = 204) {
  return {refusal_kind::allow_methods_invalid, true, status, std::string(value),
          std::string(token)};
}
inline refusal wildcard_with_credentials(int status = 200) {
  return {refusal_kind::wildcard_with_credentials, false, status, "", ""};
}
inline refusal credentials_not_true(std::string_view value = "", int status = 200) {
  return {refusal_kind::credentials_not_true, false, status, std::string(value), ""};
}
// Method and header refusals always come from a preflight, answered `status`.
inline refusal method_not_allowed(std::string_view method, int status = 204) {
  return {refusal_kind::method_not_allowed, true, status, std::string(method), ""};
}
inline refusal header_not_allowed(std::string_view name_as_written, int status = 204) {
  return {refusal_kind::header_not_allowed, true, status, std::string(name_as_written), ""};
}
inline refusal preflight_not_ok(int status) {
  return {refusal_kind::preflight_not_ok, true, status, "", ""};
}
// The same check, failed by the preflight, which was answered `status`.
inline refusal preflight(refusal r, int status) {
  r.on_preflight = true;
  r.status = status;
  return r;
}
}  // namespace refused

// The refusal an engine reports. WebKit checks a preflight's status before its headers
// (CrossOriginPreflightChecker: "Preflight response is not successful"); Chromium and Firefox
// check Access-Control-Allow-Origin and -Credentials first, as the Fetch Standard's order does.
inline refusal reported_by(engine e, refusal r) {
  const bool ok_status = r.status >= 200 && r.status <= 299;
  if (e == engine::webkit && r.on_preflight && !ok_status) {
    r.kind = refusal_kind::preflight_not_ok;
    r.value.clear();
  }
  return r;
}

inline std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Chromium's console messages, verbatim: the text after "has been blocked by CORS policy: ".
namespace chromium_message {
inline constexpr std::string_view no_allow_origin =
    "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
inline constexpr std::string_view wildcard_with_credentials =
    "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
    "wildcard '*' when the request's credentials mode is 'include'.";
inline constexpr std::string_view preflight_not_ok = "It does not have HTTP ok status.";

inline std::string credentials_not_true(std::string_view value = "") {
  return "The value of the 'Access-Control-Allow-Credentials' header in the response is '" +
         std::string(value) +
         "' which must be 'true' when the request's credentials mode is 'include'.";
}
inline std::string origin_not_equal(std::string_view value) {
  return "The 'Access-Control-Allow-Origin' header has a value '" + std::string(value) +
         "' that is not equal to the supplied origin. Have the server send the header with a "
         "valid value.";
}
inline std::string multiple_origins(std::string_view values) {
  return "The 'Access-Control-Allow-Origin' header contains multiple values '" +
         std::string(values) +
         "', but only one is allowed. Have the server send the header with a valid value.";
}

// A check that failed on the preflight response rather than on the actual one.
inline std::string preflight(std::string_view message) {
  return "Response to preflight request doesn't pass access control check: " + std::string(message);
}
inline std::string method_not_allowed(std::string_view method) {
  return "Method " + std::string(method) +
         " is not allowed by Access-Control-Allow-Methods in preflight response.";
}
inline std::string header_not_allowed(std::string_view lower_case_name) {
  return "Request header field " + std::string(lower_case_name) +
         " is not allowed by Access-Control-Allow-Headers in preflight response.";
}

inline std::string of(const refusal& r) {
  std::string text;
  switch (r.kind) {
    case refusal_kind::allow_origin_missing:
      text = no_allow_origin;
      break;
    case refusal_kind::allow_origin_not_equal:
      text = origin_not_equal(r.value);
      break;
    case refusal_kind::allow_origin_multiple:
    case refusal_kind::allow_origin_lines:  // joined by ", "
      text = multiple_origins(r.value);
      break;
    case refusal_kind::allow_origin_invalid:
      text = "The 'Access-Control-Allow-Origin' header contains the invalid value '" + r.value +
             "'. Have the server send the header with a valid value.";
      break;
    case refusal_kind::preflight_redirect:
      text = "Redirect is not allowed for a preflight request.";
      break;
    case refusal_kind::allow_methods_invalid:
      return "Cannot parse Access-Control-Allow-Methods response header field in preflight "
             "response.";
    case refusal_kind::wildcard_with_credentials:
      text = wildcard_with_credentials;
      break;
    case refusal_kind::credentials_not_true:
      text = credentials_not_true(r.value);
      break;
    case refusal_kind::preflight_not_ok:
      text = preflight_not_ok;
      break;
    case refusal_kind::method_not_allowed:
      return method_not_allowed(r.value);
    case refusal_kind::header_not_allowed:
      return header_not_allowed(lower_case(r.value));
  }
  return r.on_preflight ? preflight(text) : text;
}
}  // namespace chromium_message

// Firefox's console messages (security.properties, with its curly quotes), from "(Reason: " on:
// the line before it is "Cross-Origin Request Blocked: The Same Origin Policy disallows reading
// the remote resource at URL. ".
namespace firefox_message {
inline std::string of(const refusal& r) {
  const std::string status = std::to_string(r.status);
  switch (r.kind) {
    case refusal_kind::allow_origin_missing:
      return "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status "
             "code: " +
             status + ".";
    case refusal_kind::allow_origin_not_equal:
    case refusal_kind::allow_origin_invalid:
    case refusal_kind::allow_origin_multiple:  // one line: compared as one value
      return "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018" +
             r.value + "\u2019).";
    case refusal_kind::allow_origin_lines:
      return "(Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed).";
    case refusal_kind::preflight_redirect:
      return "(Reason: CORS request external redirect not allowed).";
    case refusal_kind::allow_methods_invalid:
      return "(Reason: invalid token \u2018" + r.token +
             "\u2019 in CORS header \u2018Access-Control-Allow-Methods\u2019).";
    case refusal_kind::wildcard_with_credentials:
      return "(Reason: Credential is not supported if the CORS header "
             "\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019).";
    case refusal_kind::credentials_not_true:
      return "(Reason: expected \u2018true\u2019 in CORS header "
             "\u2018Access-Control-Allow-Credentials\u2019).";
    case refusal_kind::preflight_not_ok:
      return "(Reason: CORS preflight response did not succeed). Status code: " + status + ".";
    case refusal_kind::method_not_allowed:
      return "(Reason: Did not find method in CORS header "
             "\u2018Access-Control-Allow-Methods\u2019).";
    case refusal_kind::header_not_allowed:
      return "(Reason: header \u2018" + lower_case(r.value) +
             "\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 "
             "from CORS preflight response).";
  }
  return "";
}
}  // namespace firefox_message

// WebKit's console messages (the CONSOLE SECURITY ERROR line; a second line follows, "Fetch API
// cannot load URL due to access control checks."). `origin` is the request's Origin.
namespace webkit_message {
inline std::string of(const refusal& r, std::string_view origin) {
  const std::string status = std::to_string(r.status);
  switch (r.kind) {
    case refusal_kind::allow_origin_missing:
    case refusal_kind::allow_origin_not_equal:
    case refusal_kind::allow_origin_invalid:
      return "Origin " + std::string(origin) +
             " is not allowed by Access-Control-Allow-Origin. Status code: " + status;
    case refusal_kind::allow_origin_multiple:
    case refusal_kind::allow_origin_lines:
      return "Access-Control-Allow-Origin cannot contain more than one origin.";
    case refusal_kind::preflight_redirect:  // reported_by() makes it preflight_not_ok
      return "Preflight response is not successful. Status code: " + status;
    case refusal_kind::allow_methods_invalid:
      return "Header Access-Control-Allow-Methods has an invalid value: " + r.value;
    case refusal_kind::wildcard_with_credentials:
      return "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.";
    case refusal_kind::credentials_not_true:
      return "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".";
    case refusal_kind::preflight_not_ok:
      return "Preflight response is not successful. Status code: " + status;
    case refusal_kind::method_not_allowed:
      return "Method " + r.value + " is not allowed by Access-Control-Allow-Methods.";
    case refusal_kind::header_not_allowed:
      return "Request header field " + r.value + " is not allowed by Access-Control-Allow-Headers.";
  }
  return "";
}
}  // namespace webkit_message

// The console message `e` prints for the refusal (ports still as "{page_port}").
inline std::string expected_message(engine e, const refusal& stated, std::string_view origin) {
  const refusal r = reported_by(e, stated);
  switch (e) {
    case engine::chromium:
      return chromium_message::of(r);
    case engine::firefox:
      return firefox_message::of(r);
    case engine::webkit:
      return webkit_message::of(r, origin);
  }
  return "";
}

// Which check an engine's CORS message names; nullopt for a message this table does not know.
inline std::optional<failing_check> check_named_by(engine e, std::string_view message) {
  const auto has = [&](std::string_view part) { return message.find(part) != message.npos; };
  if (has("Access-Control-Allow-Methods")) return failing_check::method;
  if (has("Access-Control-Allow-Headers")) return failing_check::header;
  switch (e) {
    case engine::chromium:
      if (has("Redirect is not allowed")) return failing_check::redirect;
      if (has("credentials mode is 'include'")) return failing_check::credentials;
      if (has("does not have HTTP ok status")) return failing_check::status;
      if (has("'Access-Control-Allow-Origin'")) return failing_check::origin;
      break;
    case engine::firefox:
      if (has("external redirect not allowed")) return failing_check::redirect;
      if (has("Access-Control-Allow-Credentials") || has("Credential is not supported"))
        return failing_check::credentials;
      if (has("preflight response did not succeed")) return failing_check::status;
      if (has("\u2018Access-Control-Allow-Origin\u2019")) return failing_check::origin;
      break;
    case engine::webkit:
      if (has("credentials flag is true") || has("Credentials flag is true"))
        return failing_check::credentials;
      if (has("Preflight response is not successful")) return failing_check::status;
      if (has("Access-Control-Allow-Origin")) return failing_check::origin;
      break;
  }
  return std::nullopt;
}

struct request_header {
  std::string_view name;
  std::string_view value;
};

enum class page_port { main, other };

// One fetch() from a page, and what the browser must make of it.
struct scenario {
  // [a-z0-9_], unique within its policy: the test's name and part of the request's path.
  std::string_view id;
  std::string_view description;

  // The page's origin is http://<page_host>:<port>. In a sandboxed frame (an iframe with
  // sandbox="allow-scripts" inside that page) the fetch's origin is opaque: "null".
  std::string_view page_host = "127.0.0.1";
  page_port port = page_port::main;
  bool sandboxed = false;

  // fetch(url, {method, headers, credentials, body}); url is the demo server's plus `path`.
  std::string_view method = "GET";
  std::vector<request_header> headers;
  credentials_mode credentials = credentials_mode::same_origin;
  std::optional<std::string_view> body;
  std::string_view path;  // empty: /s/<policy>/<id>, unique to the scenario
  int repeat = 1;         // the same fetch, sequentially, to observe preflight caching

  // Expected outcome, stated once for every engine. A blocked fetch rejects with a TypeError
  // and the engine logs its message for `refused` (see expected_message()).
  bool allowed = true;
  std::optional<refusal> refused;
  int status = 200;                                // of an allowed response, as the page reads it
  std::vector<std::string_view> readable_headers;  // response headers the page can read
  std::vector<std::string_view> hidden_headers;    // sent by the server, hidden from the page
  int preflights = -1;  // OPTIONS requests the browser sent over all repeats; -1: not checked
  // Non-empty when the engines' verdict (the one expected above) is not the Fetch Standard's:
  // what the standard says instead.
  std::string_view spec_difference;

  // Where one engine legitimately differs from the others, and why.
  struct engine_difference {
    engine which = engine::chromium;
    int preflights = -1;               // instead of `preflights`
    std::string_view warning;          // a console warning the engine logs for an allowed fetch
    std::string_view reason;           // why this engine differs
    std::string_view spec_difference;  // the standard's verdict, when only this engine departs
  };
  std::vector<engine_difference> differences;

  // Where cpp-httplib, not the policy, answers otherwise than the application would: the status
  // the page reads through cors-httplib-demo-server instead of `status` (0: the same), and why.
  // The verdict, allowed or blocked, is the same through both adapters.
  int status_on_httplib = 0;
  std::string_view why_on_httplib;

  const engine_difference* difference_in(engine e) const {
    for (const engine_difference& d : differences)
      if (d.which == e) return &d;
    return nullptr;
  }
  int preflights_in(engine e) const {
    const engine_difference* d = difference_in(e);
    return d != nullptr && d->preflights >= 0 ? d->preflights : preflights;
  }
  std::string_view spec_difference_in(engine e) const {
    const engine_difference* d = difference_in(e);
    return d != nullptr && !d->spec_difference.empty() ? d->spec_difference : spec_difference;
  }
  std::string_view warning_in(engine e) const {
    const engine_difference* d = difference_in(e);
    return d != nullptr ? d->warning : std::string_view();
  }
  // The check the engine's message names.
  failing_check check_in(engine e) const {
    return refused ? check_of(reported_by(e, *refused).kind) : failing_check::none;
  }

  scenario& from(std::string_view host, page_port which = page_port::main) {
    page_host = host;
    port = which;
    return *this;
  }
  scenario& in_sandboxed_frame() {
    sandboxed = true;
    return *this;
  }
  scenario& with_method(std::string_view m) {
    method = m;
    return *this;
  }
  scenario& with_header(std::string_view name, std::string_view value) {
    headers.push_back({name, value});
    return *this;
  }
  scenario& with_credentials(credentials_mode mode = credentials_mode::include) {
    credentials = mode;
    return *this;
  }
  scenario& with_body(std::string_view content_type, std::string_view text) {
    headers.push_back({"Content-Type", content_type});
    body = text;
    return *this;
  }
  scenario& on_path(std::string_view p) {
    path = p;
    return *this;
  }
  scenario& repeated(int times) {
    repeat = times;
    return *this;
  }
  scenario& expect_blocked(refusal why) {
    allowed = false;
    refused = std::move(why);
    return *this;
  }
  scenario& expect_status(int s) {
    status = s;
    return *this;
  }
  scenario& expect_readable(std::vector<std::string_view> names) {
    readable_headers = std::move(names);
    return *this;
  }
  scenario& expect_hidden(std::vector<std::string_view> names) {
    hidden_headers = std::move(names);
    return *this;
  }
  scenario& expect_status_on_httplib(int s, std::string_view why) {
    status_on_httplib = s;
    why_on_httplib = why;
    return *this;
  }
  scenario& expect_preflights(int count) {
    preflights = count;
    return *this;
  }
  scenario& differs_from_spec(std::string_view what_the_spec_says) {
    spec_difference = what_the_spec_says;
    return *this;
  }
  // In engine `e` only: `count` preflights, because `reason`; `spec` when only `e` departs from
  // the standard there.
  scenario& expect_preflights_in(engine e, int count, std::string_view reason,
                                 std::string_view spec = {}) {
    differences.push_back({e, count, {}, reason, spec});
    return *this;
  }
  // In engine `e` only, an allowed fetch logs `warning` (the text after "(Reason: " for Firefox).
  scenario& expect_warning_in(engine e, std::string_view warning, std::string_view reason) {
    differences.push_back({e, -1, warning, reason, {}});
    return *this;
  }
};

inline scenario fetch(std::string_view id, std::string_view description) {
  scenario s;
  s.id = id;
  s.description = description;
  return s;
}

// Instead of cors-demo-server, a hand-written server that answers every request with the same
// headers: it pins what Chromium does with answers the library never gives (the server mistakes
// that cors-doctor must recognise). Header values may contain "{page_port}".
struct hand_written_server {
  int options_status = 204;  // for every OPTIONS request; every other request gets 200
  std::vector<request_header> headers;
};

// The adapter that serves a policy given as flags: cors-demo-server (Boost.Beast), or
// cors-httplib-demo-server (cpp-httplib), the same application behind the same flags.
enum class adapter { beast, httplib };

// A server under test and the fetches made against it.
struct policy_case {
  std::string_view name;  // [a-z0-9_]: the test suite's name
  std::string_view description;
  std::vector<std::string_view> flags;              // cors-demo-server's, without --listen
  std::optional<hand_written_server> hand_written;  // instead of cors-demo-server
  std::vector<scenario> scenarios;
  adapter served_by = adapter::beast;
};

inline policy_case demo_policy(std::string_view name, std::string_view description,
                               std::vector<std::string_view> flags,
                               std::vector<scenario> scenarios) {
  return {name, description, std::move(flags), std::nullopt, std::move(scenarios)};
}

inline policy_case hand_written_policy(std::string_view name, std::string_view description,
                                       hand_written_server server,
                                       std::vector<scenario> scenarios) {
  return {name, description, {}, std::move(server), std::move(scenarios)};
}

// "{page_port}" and "{other_port}" replaced by the page server's ports.
inline std::string expand_ports(std::string_view text, int main_port, int other_port) {
  std::string out(text);
  const auto replace = [&out](std::string_view token, int port) {
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at))
      out.replace(at, token.size(), std::to_string(port));
  };
  replace("{page_port}", main_port);
  replace("{other_port}", other_port);
  return out;
}

// Where the scenario's page is served from.
inline std::string page_origin(const scenario& s, int main_port, int other_port) {
  return "http://" + std::string(s.page_host) + ":" +
         std::to_string(s.port == page_port::main ? main_port : other_port);
}

// The Origin the fetch carries.
inline std::string request_origin(const scenario& s, int main_port, int other_port) {
  return s.sandboxed ? "null" : page_origin(s, main_port, other_port);
}

inline std::string request_path(const policy_case& p, const scenario& s) {
  if (!s.path.empty()) return std::string(s.path);
  return "/s/" + std::string(p.name) + "/" + std::string(s.id);
}

// Where cpp-httplib 0.11 answers 400 itself, before any handler runs. The adapter still adds
// the policy's headers, so the browser's verdict is the same as through Beast; only the status
// (and the missing body) differ.
namespace httplib_answers_400 {
inline constexpr std::string_view unknown_method =
    "cpp-httplib 0.11 refuses a method outside its own set (GET, HEAD, POST, PUT, DELETE, "
    "CONNECT, OPTIONS, TRACE, PATCH, PRI)";
}  // namespace httplib_answers_400

// The table.
inline const std::vector<policy_case>& policy_cases() {
  using namespace refused;
  static const std::vector<policy_case> cases = {
      demo_policy(
          "listed",
          "Two exact origins, listed methods and headers, X-Request-Id exposed, max-age 600",
          {"--allow-origin", "http://app.localhost:{page_port}", "--allow-origin",
           "http://127.0.0.1:{page_port}", "--allow-methods", "GET,POST,PUT,DELETE",
           "--allow-headers", "Content-Type,X-Custom-Header", "--expose-headers", "X-Request-Id",
           "--max-age", "600"},
          {
              fetch("simple_get", "A GET without custom headers is not preflighted")
                  .from("app.localhost")
                  .expect_readable({"content-type", "x-request-id"})
                  .expect_preflights(0),
              fetch("second_listed_origin", "Every listed origin is allowed").from("127.0.0.1"),
              fetch("form_post", "A form-encoded POST is simple: no preflight")
                  .from("app.localhost")
                  .with_method("POST")
                  .with_body("application/x-www-form-urlencoded", "a=1&b=2")
                  .expect_preflights(0),
              fetch("text_post", "A text/plain POST is simple: no preflight")
                  .from("app.localhost")
                  .with_method("POST")
                  .with_body("text/plain", "hello")
                  .expect_preflights(0),
              fetch("json_post", "application/json is not a safelisted type: preflighted")
                  .from("app.localhost")
                  .with_method("POST")
                  .with_body("application/json", R"({"a":1})")
                  .expect_preflights(1),
              fetch("put_listed", "PUT is listed")
                  .from("app.localhost")
                  .with_method("PUT")
                  .expect_preflights(1),
              fetch("delete_listed", "DELETE is listed")
                  .from("app.localhost")
                  .with_method("DELETE"),
              fetch("patch_not_listed", "PATCH is not listed: the preflight gets 403")
                  .from("app.localhost")
                  .with_method("PATCH")
                  .expect_blocked(preflight(no_allow_origin(), 403))
                  .expect_preflights(1),
              fetch("custom_header_listed", "X-Custom-Header is listed")
                  .from("app.localhost")
                  .with_header("X-Custom-Header", "1")
                  .expect_preflights(1),
              fetch("custom_header_any_case", "Header names match case-insensitively")
                  .from("app.localhost")
                  .with_header("x-CUSTOM-hEaDeR", "1"),
              fetch("custom_header_not_listed", "X-Other is not listed: the preflight gets 403")
                  .from("app.localhost")
                  .with_header("X-Other", "1")
                  .expect_blocked(preflight(no_allow_origin(), 403)),
              fetch("authorization_not_listed", "Authorization must be listed like any header")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_blocked(preflight(no_allow_origin(), 403)),
              fetch("origin_not_listed", "A simple GET from an unlisted origin gets no ACAO")
                  .from("evil.localhost")
                  .expect_blocked(no_allow_origin())
                  .expect_preflights(0),
              fetch("origin_not_listed_preflight", "A preflight from an unlisted origin gets 403")
                  .from("evil.localhost")
                  .with_method("PUT")
                  .expect_blocked(preflight(no_allow_origin(), 403)),
              fetch("sandboxed_frame", "A sandboxed frame's origin is 'null', not its page's")
                  .from("app.localhost")
                  .in_sandboxed_frame()
                  .expect_blocked(no_allow_origin()),
              fetch("listed_host_other_port", "The port is part of the origin")
                  .from("app.localhost", page_port::other)
                  .expect_blocked(no_allow_origin()),
              fetch("credentials_not_allowed", "Credentials need Access-Control-Allow-Credentials")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_blocked(credentials_not_true()),
              fetch("max_age_600_caches", "Max-age 600: one preflight for three PUTs")
                  .from("app.localhost")
                  .with_method("PUT")
                  .repeated(3)
                  .expect_preflights(1),
              fetch("not_found_readable", "The application's 404 keeps its CORS headers")
                  .from("app.localhost")
                  .on_path("/status/404")
                  .expect_status(404)
                  .expect_readable({"x-request-id"}),
              fetch("server_error_readable", "The application's 500 keeps its CORS headers")
                  .from("app.localhost")
                  .on_path("/status/500")
                  .expect_status(500)
                  .expect_readable({"x-request-id"}),
              fetch("server_error_preflighted", "A 500 after a successful preflight is readable")
                  .from("app.localhost")
                  .with_method("PUT")
                  .with_header("X-Custom-Header", "1")
                  .on_path("/status/503")
                  .expect_status(503),
          }),

      demo_policy(
          "debug", "Debug mode: rejected preflights carry partial headers; preflight status 200",
          {"--allow-origin", "http://app.localhost:{page_port}", "--allow-methods", "PUT,PATCH",
           "--allow-headers", "X-Custom-Header", "--debug-preflight", "--preflight-status", "200"},
          {
              fetch("allowed_put", "An allowed preflight answered 200 passes")
                  .from("app.localhost")
                  .with_method("PUT")
                  .with_header("X-Custom-Header", "1")
                  .expect_preflights(1),
              fetch("method_named", "The console names the refused method")
                  .from("app.localhost")
                  .with_method("DELETE")
                  .expect_blocked(method_not_allowed("DELETE", 200)),
              fetch("patch_upper_case", "PATCH is listed")
                  .from("app.localhost")
                  .with_method("PATCH"),
              fetch("patch_lower_case", "fetch() sends 'patch' as written; it is not 'PATCH'")
                  .from("app.localhost")
                  .with_method("patch")
                  .expect_blocked(method_not_allowed("patch", 200)),
              fetch("header_named", "The console names the refused header, lower-cased")
                  .from("app.localhost")
                  .with_header("X-Custom-Header", "1")
                  .with_header("X-Other", "2")
                  .expect_blocked(header_not_allowed("X-Other", 200)),
              fetch("authorization_named", "Authorization is refused by name")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_blocked(header_not_allowed("Authorization", 200)),
              fetch("json_needs_content_type", "A JSON POST needs Content-Type listed")
                  .from("app.localhost")
                  .with_method("POST")
                  .with_body("application/json", "{}")
                  .expect_blocked(header_not_allowed("Content-Type", 200)),
              fetch("origin_not_revealed", "A foreign origin learns nothing, debug or not")
                  .from("evil.localhost")
                  .with_method("PUT")
                  .expect_blocked(preflight(no_allow_origin(), 403)),
          }),

      demo_policy(
          "wildcard", "Any origin, method, header; every header exposed; max-age 0",
          {"--allow-origin", "*", "--allow-methods", "*", "--allow-headers", "*",
           "--expose-headers", "*", "--max-age", "0"},
          {
              fetch("any_origin", "Any origin may read, exposed headers included")
                  .from("evil.localhost")
                  .expect_readable({"content-type", "x-request-id"}),
              fetch("any_method", "Methods '*' covers PATCH")
                  .from("evil.localhost")
                  .with_method("PATCH")
                  .expect_preflights(1),
              fetch("extension_method", "Methods '*' covers an extension method")
                  .from("127.0.0.1")
                  .with_method("PURGE")
                  .expect_status_on_httplib(400, httplib_answers_400::unknown_method),
              fetch("any_header", "Headers '*' covers any name")
                  .from("app.localhost")
                  .with_header("X-Anything", "1")
                  .with_header("X-Custom-Header", "2"),
              fetch("json_post", "Headers '*' covers Content-Type")
                  .from("app.localhost")
                  .with_method("POST")
                  .with_body("application/json", "[]"),
              fetch("authorization_not_covered", "Headers '*' never covers Authorization (Fetch)")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_blocked(preflight(no_allow_origin(), 403)),
              fetch("credentials_simple", "'*' cannot serve a credentialed request")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_blocked(wildcard_with_credentials()),
              fetch("credentials_preflight", "Nor a credentialed preflight")
                  .from("app.localhost")
                  .with_method("PUT")
                  .with_credentials()
                  .expect_blocked(preflight(wildcard_with_credentials(), 204)),
              fetch("max_age_0", "Max-age 0: one preflight per request")
                  .from("app.localhost")
                  .with_method("PUT")
                  .repeated(3)
                  .expect_preflights(3),
              fetch("plain_options", "fetch(OPTIONS) is preflighted, then reaches the application")
                  .from("app.localhost")
                  .with_method("OPTIONS")
                  .expect_preflights(1),
              fetch("not_found_readable", "A 404 is readable under '*' too")
                  .from("evil.localhost")
                  .on_path("/status/404")
                  .expect_status(404),
          }),

      demo_policy(
          "credentials",
          "One origin with credentials; PUT and X-Custom-Header; X-Request-Id exposed",
          {"--allow-origin", "http://app.localhost:{page_port}", "--allow-credentials",
           "--allow-methods", "PUT", "--allow-headers", "X-Custom-Header", "--expose-headers",
           "X-Request-Id"},
          {
              fetch("credentialed_get", "The origin is reflected with ACAC: true")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_readable({"x-request-id"}),
              fetch("credentialed_preflight", "A credentialed PUT with a custom header")
                  .from("app.localhost")
                  .with_method("PUT")
                  .with_header("X-Custom-Header", "1")
                  .with_credentials()
                  .expect_preflights(1),
              fetch("uncredentialed_get", "Requests without credentials still pass")
                  .from("app.localhost")
                  .with_credentials(credentials_mode::omit),
              fetch("foreign_origin", "A credentialed GET from an unlisted origin")
                  .from("evil.localhost")
                  .with_credentials()
                  .expect_blocked(no_allow_origin()),
              fetch("method_not_listed", "A credentialed DELETE is refused at the preflight")
                  .from("app.localhost")
                  .with_method("DELETE")
                  .with_credentials()
                  .expect_blocked(preflight(no_allow_origin(), 403)),
          }),

      demo_policy(
          "credentials_wildcards",
          "Credentials with methods and headers '*': the requested ones are reflected",
          {"--allow-origin", "http://app.localhost:{page_port}", "--allow-credentials",
           "--allow-methods", "*", "--allow-headers", "*"},
          {
              fetch("method_reflected", "A credentialed PATCH passes: the method is reflected")
                  .from("app.localhost")
                  .with_method("PATCH")
                  .with_credentials(),
              fetch("headers_reflected", "Credentialed custom headers pass: names are reflected")
                  .from("app.localhost")
                  .with_header("X-One", "1")
                  .with_header("X-Two", "2")
                  .with_credentials(),
              fetch("authorization_not_covered", "'*' still does not cover Authorization")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .with_credentials()
                  .expect_blocked(preflight(no_allow_origin(), 403)),
              fetch("uncredentialed_patch", "Without credentials too")
                  .from("app.localhost")
                  .with_method("PATCH"),
              fetch("unexposed_hidden", "X-Request-Id is not exposed: the page cannot read it")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_readable({"content-type"})
                  .expect_hidden({"x-request-id"}),
          }),

      demo_policy(
          "subdomains", "Subdomains of app.localhost on the page port; PUT; default max-age (5 s)",
          {"--allow-origin", "http://*.app.localhost:{page_port}", "--allow-methods", "PUT"},
          {
              fetch("one_label", "api.app.localhost matches; X-Request-Id is not exposed")
                  .from("api.app.localhost")
                  .expect_readable({"content-type"})
                  .expect_hidden({"x-request-id"}),
              fetch("two_labels", "a.b.app.localhost matches").from("a.b.app.localhost"),
              fetch("apex_excluded", "app.localhost itself does not match")
                  .from("app.localhost")
                  .expect_blocked(no_allow_origin()),
              fetch("suffix_lookalike", "evilapp.localhost does not match")
                  .from("evilapp.localhost")
                  .expect_blocked(no_allow_origin()),
              fetch("embedded_lookalike", "app.localhost.evil.localhost does not match")
                  .from("app.localhost.evil.localhost")
                  .expect_blocked(no_allow_origin()),
              fetch("other_port", "A matching host on another port does not match")
                  .from("api.app.localhost", page_port::other)
                  .expect_blocked(no_allow_origin()),
              fetch("preflight_from_subdomain", "A subdomain's PUT passes its preflight")
                  .from("api.app.localhost")
                  .with_method("PUT"),
              fetch("default_max_age", "No max-age: Chromium caches the preflight for 5 s")
                  .from("api.app.localhost")
                  .with_method("PUT")
                  .repeated(3)
                  .expect_preflights(1),
          }),

      demo_policy(
          "ports", "Any port of localhost", {"--allow-origin", "http://localhost:*"},
          {
              fetch("page_port", "localhost on the page port").from("localhost"),
              fetch("other_port", "localhost on another port").from("localhost", page_port::other),
              fetch("loopback_ip", "127.0.0.1 is another origin than localhost")
                  .from("127.0.0.1")
                  .expect_blocked(no_allow_origin()),
              fetch("subdomain", "app.localhost is another host")
                  .from("app.localhost")
                  .expect_blocked(no_allow_origin()),
          }),

      demo_policy(
          "null_origin", "One origin, and the 'null' origin of sandboxed frames, PUT",
          {"--allow-origin", "http://app.localhost:{page_port}", "--allow-null-origin",
           "--allow-methods", "PUT"},
          {
              fetch("sandboxed_get", "A sandboxed frame may read")
                  .from("app.localhost")
                  .in_sandboxed_frame()
                  .expect_readable({"content-type"})
                  .expect_hidden({"x-request-id"}),
              fetch("sandboxed_put", "A sandboxed frame's PUT passes its preflight")
                  .from("evil.localhost")
                  .in_sandboxed_frame()
                  .with_method("PUT")
                  .expect_preflights(1),
              fetch("listed_origin", "The listed origin still passes").from("app.localhost"),
              fetch("other_origin", "Any other origin does not")
                  .from("evil.localhost")
                  .expect_blocked(no_allow_origin()),
          }),

      // Hand-written answers: what Chromium makes of headers the library never sends.
      hand_written_policy(
          "hand_written_wildcards", "ACAO, ACAM and ACAH all '*'",
          {204,
           {{"Access-Control-Allow-Origin", "*"},
            {"Access-Control-Allow-Methods", "*"},
            {"Access-Control-Allow-Headers", "*"}}},
          {
              fetch("authorization_passes", "Every engine lets Authorization through under '*'")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_preflights(1)
                  .differs_from_spec("'*' in Access-Control-Allow-Headers never covers "
                                     "Authorization: the Fetch Standard blocks this request")
                  .expect_warning_in(
                      engine::firefox,
                      "(Reason: When the `Access-Control-Allow-Headers` is `*`, the "
                      "`Authorization` header is not covered. To include the `Authorization` "
                      "header, it must be explicitly listed in CORS header "
                      "`Access-Control-Allow-Headers`).",
                      "Firefox announces that it will follow the standard "
                      "(network.cors_preflight.authorization_covered_by_wildcard)"),
              fetch("custom_header_passes", "Any other header passes under '*'")
                  .from("app.localhost")
                  .with_header("X-Custom-Header", "1"),
              fetch("credentials_blocked", "'*' cannot serve a credentialed request")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_blocked(wildcard_with_credentials()),
          }),
      hand_written_policy(
          "hand_written_options_405", "OPTIONS answered 405, with CORS headers",
          {405,
           {{"Access-Control-Allow-Origin", "*"},
            {"Access-Control-Allow-Methods", "*"},
            {"Access-Control-Allow-Headers", "*"}}},
          {
              fetch("put_blocked", "A preflight must get an ok status")
                  .from("app.localhost")
                  .with_method("PUT")
                  .expect_blocked(preflight_not_ok(405)),
              fetch("get_unaffected", "A simple GET sends no preflight").from("app.localhost"),
          }),
      hand_written_policy(
          "hand_written_lower_case_methods", "ACAM in lower case: 'put, patch'",
          {204,
           {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "put, patch"}}},
          {
              fetch("upper_case_put_blocked", "Methods match byte for byte: 'put' is not PUT")
                  .from("app.localhost")
                  .with_method("PUT")
                  .expect_blocked(method_not_allowed("PUT")),
              fetch("lower_case_patch_passes", "fetch() keeps 'patch' as written, which matches")
                  .from("app.localhost")
                  .with_method("patch")
                  .expect_preflights(1),
          }),
      hand_written_policy(
          "hand_written_other_origin",
          "ACAO hard-coded to another origin; ACAC 'TRUE' in upper case",
          {204,
           {{"Access-Control-Allow-Origin", "http://other.localhost:{page_port}"},
            {"Access-Control-Allow-Methods", "PUT"},
            {"Access-Control-Allow-Credentials", "TRUE"}}},
          {
              fetch("get_not_equal", "The value must equal the page's origin")
                  .from("app.localhost")
                  .expect_blocked(allow_origin_not_equal("http://other.localhost:{page_port}")),
              fetch("put_not_equal", "On the preflight too")
                  .from("app.localhost")
                  .with_method("PUT")
                  .expect_blocked(
                      preflight(allow_origin_not_equal("http://other.localhost:{page_port}"), 204)),
              fetch("from_that_origin", "The named origin itself may read").from("other.localhost"),
              fetch("credentials_upper_case", "ACAC must be 'true', case-sensitively")
                  .from("other.localhost")
                  .with_credentials()
                  .expect_blocked(credentials_not_true("TRUE")),
          }),
      hand_written_policy(
          "hand_written_max_age_unparsable", "Access-Control-Max-Age 'soon', not a number",
          {204,
           {{"Access-Control-Allow-Origin", "*"},
            {"Access-Control-Allow-Methods", "PUT"},
            {"Access-Control-Max-Age", "soon"}}},
          {
              fetch("put_twice", "An unparsable max-age means the default 5 s")
                  .from("app.localhost")
                  .with_method("PUT")
                  .repeated(2)
                  .expect_preflights(1)
                  .expect_preflights_in(engine::firefox, 2,
                                        "Firefox caches nothing when the max-age does not parse",
                                        "a max-age that does not parse means the default 5 s: "
                                        "one preflight for both PUTs"),
          }),
      hand_written_policy(
          "hand_written_max_age_negative", "Access-Control-Max-Age -1",
          {204,
           {{"Access-Control-Allow-Origin", "*"},
            {"Access-Control-Allow-Methods", "PUT"},
            {"Access-Control-Max-Age", "-1"}}},
          {
              fetch("put_twice", "Every engine takes a negative max-age for 0: no caching")
                  .from("app.localhost")
                  .with_method("PUT")
                  .repeated(2)
                  .expect_preflights(2)
                  .differs_from_spec("'-1' is not a number of seconds, so the Fetch Standard "
                                     "uses the default 5 s: one preflight for both PUTs"),
          }),
      hand_written_policy("hand_written_preflight_redirect", "OPTIONS answered 307 to another URL",
                          {307,
                           {{"Location", "http://127.0.0.1:9/elsewhere"},
                            {"Access-Control-Allow-Origin", "*"},
                            {"Access-Control-Allow-Methods", "PUT"}}},
                          {
                              fetch("put_redirected", "A preflight is never redirected")
                                  .from("app.localhost")
                                  .with_method("PUT")
                                  .expect_blocked(preflight_redirect(307))
                                  .expect_preflights(1),
                          }),
      hand_written_policy(
          "hand_written_unparsable_methods", "ACAM 'PUT, GET;': not a list of tokens",
          {204,
           {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "PUT, GET;"}}},
          {
              fetch("put_refused", "A list that does not parse allows nothing")
                  .from("app.localhost")
                  .with_method("PUT")
                  .expect_blocked(allow_methods_invalid("PUT, GET;", "GET;")),
          }),
      hand_written_policy(
          "hand_written_origin_lines", "The page's origin in two ACAO lines",
          {204,
           {{"Access-Control-Allow-Origin", "http://app.localhost:{page_port}"},
            {"Access-Control-Allow-Origin", "http://app.localhost:{page_port}"}}},
          {
              fetch("same_origin_twice", "One value, even when both lines are right")
                  .from("app.localhost")
                  .expect_blocked(allow_origin_lines("http://app.localhost:{page_port}, "
                                                     "http://app.localhost:{page_port}")),
          }),
      hand_written_policy("hand_written_invalid_origin", "ACAO 'app.localhost', without a scheme",
                          {204, {{"Access-Control-Allow-Origin", "app.localhost"}}},
                          {
                              fetch("host_only", "A host is not an origin")
                                  .from("app.localhost")
                                  .expect_blocked(allow_origin_invalid("app.localhost")),
                          }),
      hand_written_policy(
          "hand_written_two_origins", "Two ACAO values, as two stacked layers would send",
          {204,
           {{"Access-Control-Allow-Origin",
             "http://other.localhost:{page_port}, http://app.localhost:{page_port}"}}},
          {
              fetch("two_values", "ACAO takes exactly one value, even when one matches")
                  .from("app.localhost")
                  .expect_blocked(allow_origin_multiple("http://other.localhost:{page_port}, "
                                                        "http://app.localhost:{page_port}")),
          }),
  };
  return cases;
}

// The table's policies given as flags again, each served through cpp-httplib: "<name>_httplib",
// with the same flags and scenarios, so each must get the same verdicts as through Beast.
inline const std::vector<policy_case>& httplib_policy_cases() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const policy_case& p : policy_cases())
      if (!p.hand_written) out.push_back(std::string(p.name) + "_httplib");
    return out;
  }();
  static const std::vector<policy_case> cases = [] {
    std::vector<policy_case> out;
    std::size_t named = 0;
    for (const policy_case& p : policy_cases()) {
      if (p.hand_written) continue;
      policy_case& through_httplib = out.emplace_back(p);
      through_httplib.name = names[named++];
      through_httplib.served_by = adapter::httplib;
    }
    return out;
  }();
  return cases;
}

}  // namespace cors::conformance

#endif  // CORS_TESTS_BROWSER_SCENARIOS_HPP
