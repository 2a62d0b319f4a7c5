// The browser conformance table: policies for cors-demo-server and, for each, the fetch() calls a
// page makes and what the policy means for them. Plain data, so that every suite that judges a
// server the way a browser does (headless Chromium, cors-doctor) reads the same rows.
//
// Flags and hosts may contain "{page_port}" and "{other_port}": the two ports the test page is
// served from, known only at run time. Page hosts are 127.0.0.1, localhost or names under
// .localhost, which Chromium resolves to loopback itself.
#ifndef CORS_TESTS_BROWSER_SCENARIOS_HPP
#define CORS_TESTS_BROWSER_SCENARIOS_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cors::conformance {

// The browser check that a blocked request failed, as named by its console message.
enum class failing_check { none, origin, method, header, credentials, status };

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
}  // namespace chromium_message

// Which check a Chromium CORS message names; nullopt for a message this table does not know.
inline std::optional<failing_check> check_named_by(std::string_view message) {
  const auto has = [&](std::string_view part) { return message.find(part) != message.npos; };
  if (has("Access-Control-Allow-Methods")) return failing_check::method;
  if (has("Access-Control-Allow-Headers")) return failing_check::header;
  if (has("credentials mode is 'include'")) return failing_check::credentials;
  if (has("does not have HTTP ok status")) return failing_check::status;
  if (has("'Access-Control-Allow-Origin'")) return failing_check::origin;
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

  // Expected outcome. A blocked fetch rejects with a TypeError and Chromium logs `message`.
  bool allowed = true;
  failing_check check = failing_check::none;
  std::string message;
  int status = 200;                                // of an allowed response, as the page reads it
  std::vector<std::string_view> readable_headers;  // response headers the page can read
  std::vector<std::string_view> hidden_headers;    // sent by the server, hidden from the page
  int preflights = -1;  // OPTIONS requests the browser sent over all repeats; -1: not checked
  // Non-empty when Chromium's verdict (the one expected above) is not the Fetch Standard's: what
  // the standard says instead.
  std::string_view spec_difference;

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
  scenario& expect_blocked(failing_check c, std::string chromium_message) {
    allowed = false;
    check = c;
    message = std::move(chromium_message);
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
  scenario& expect_preflights(int count) {
    preflights = count;
    return *this;
  }
  scenario& differs_from_spec(std::string_view what_the_spec_says) {
    spec_difference = what_the_spec_says;
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

// A server under test and the fetches made against it.
struct policy_case {
  std::string_view name;  // [a-z0-9_]: the test suite's name
  std::string_view description;
  std::vector<std::string_view> flags;              // cors-demo-server's, without --listen
  std::optional<hand_written_server> hand_written;  // instead of cors-demo-server
  std::vector<scenario> scenarios;
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

// The table.
inline const std::vector<policy_case>& policy_cases() {
  using namespace chromium_message;
  using fc = failing_check;
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
                  .expect_blocked(fc::origin, preflight(no_allow_origin))
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
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
              fetch("authorization_not_listed", "Authorization must be listed like any header")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
              fetch("origin_not_listed", "A simple GET from an unlisted origin gets no ACAO")
                  .from("evil.localhost")
                  .expect_blocked(fc::origin, std::string(no_allow_origin))
                  .expect_preflights(0),
              fetch("origin_not_listed_preflight", "A preflight from an unlisted origin gets 403")
                  .from("evil.localhost")
                  .with_method("PUT")
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
              fetch("sandboxed_frame", "A sandboxed frame's origin is 'null', not its page's")
                  .from("app.localhost")
                  .in_sandboxed_frame()
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("listed_host_other_port", "The port is part of the origin")
                  .from("app.localhost", page_port::other)
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("credentials_not_allowed", "Credentials need Access-Control-Allow-Credentials")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_blocked(fc::credentials, credentials_not_true()),
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
                  .expect_blocked(fc::method, method_not_allowed("DELETE")),
              fetch("patch_upper_case", "PATCH is listed")
                  .from("app.localhost")
                  .with_method("PATCH"),
              fetch("patch_lower_case", "fetch() sends 'patch' as written; it is not 'PATCH'")
                  .from("app.localhost")
                  .with_method("patch")
                  .expect_blocked(fc::method, method_not_allowed("patch")),
              fetch("header_named", "The console names the refused header, lower-cased")
                  .from("app.localhost")
                  .with_header("X-Custom-Header", "1")
                  .with_header("X-Other", "2")
                  .expect_blocked(fc::header, header_not_allowed("x-other")),
              fetch("authorization_named", "Authorization is refused by name")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_blocked(fc::header, header_not_allowed("authorization")),
              fetch("json_needs_content_type", "A JSON POST needs Content-Type listed")
                  .from("app.localhost")
                  .with_method("POST")
                  .with_body("application/json", "{}")
                  .expect_blocked(fc::header, header_not_allowed("content-type")),
              fetch("origin_not_revealed", "A foreign origin learns nothing, debug or not")
                  .from("evil.localhost")
                  .with_method("PUT")
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
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
                  .with_method("PURGE"),
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
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
              fetch("credentials_simple", "'*' cannot serve a credentialed request")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_blocked(fc::credentials, std::string(wildcard_with_credentials)),
              fetch("credentials_preflight", "Nor a credentialed preflight")
                  .from("app.localhost")
                  .with_method("PUT")
                  .with_credentials()
                  .expect_blocked(fc::credentials, preflight(wildcard_with_credentials)),
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
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("method_not_listed", "A credentialed DELETE is refused at the preflight")
                  .from("app.localhost")
                  .with_method("DELETE")
                  .with_credentials()
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
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
                  .expect_blocked(fc::origin, preflight(no_allow_origin)),
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
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("suffix_lookalike", "evilapp.localhost does not match")
                  .from("evilapp.localhost")
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("embedded_lookalike", "app.localhost.evil.localhost does not match")
                  .from("app.localhost.evil.localhost")
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("other_port", "A matching host on another port does not match")
                  .from("api.app.localhost", page_port::other)
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
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
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
              fetch("subdomain", "app.localhost is another host")
                  .from("app.localhost")
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
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
                  .expect_blocked(fc::origin, std::string(no_allow_origin)),
          }),

      // Hand-written answers: what Chromium makes of headers the library never sends.
      hand_written_policy(
          "hand_written_wildcards", "ACAO, ACAM and ACAH all '*'",
          {204,
           {{"Access-Control-Allow-Origin", "*"},
            {"Access-Control-Allow-Methods", "*"},
            {"Access-Control-Allow-Headers", "*"}}},
          {
              fetch("authorization_passes", "Chromium lets Authorization through under '*'")
                  .from("app.localhost")
                  .with_header("Authorization", "Bearer t0ken")
                  .expect_preflights(1)
                  .differs_from_spec("'*' in Access-Control-Allow-Headers never covers "
                                     "Authorization: the Fetch Standard blocks this request"),
              fetch("custom_header_passes", "Any other header passes under '*'")
                  .from("app.localhost")
                  .with_header("X-Custom-Header", "1"),
              fetch("credentials_blocked", "'*' cannot serve a credentialed request")
                  .from("app.localhost")
                  .with_credentials()
                  .expect_blocked(fc::credentials, std::string(wildcard_with_credentials)),
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
                  .expect_blocked(fc::status, preflight(preflight_not_ok)),
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
                  .expect_blocked(fc::method, method_not_allowed("PUT")),
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
                  .expect_blocked(fc::origin,
                                  origin_not_equal("http://other.localhost:{page_port}")),
              fetch("put_not_equal", "On the preflight too")
                  .from("app.localhost")
                  .with_method("PUT")
                  .expect_blocked(fc::origin, preflight(origin_not_equal(
                                                  "http://other.localhost:{page_port}"))),
              fetch("from_that_origin", "The named origin itself may read").from("other.localhost"),
              fetch("credentials_upper_case", "ACAC must be 'true', case-sensitively")
                  .from("other.localhost")
                  .with_credentials()
                  .expect_blocked(fc::credentials, credentials_not_true("TRUE")),
          }),
      hand_written_policy(
          "hand_written_two_origins", "Two ACAO values, as two stacked layers would send",
          {204,
           {{"Access-Control-Allow-Origin",
             "http://other.localhost:{page_port}, http://app.localhost:{page_port}"}}},
          {
              fetch("two_values", "ACAO takes exactly one value, even when one matches")
                  .from("app.localhost")
                  .expect_blocked(fc::origin,
                                  multiple_origins("http://other.localhost:{page_port}, "
                                                   "http://app.localhost:{page_port}")),
          }),
  };
  return cases;
}

}  // namespace cors::conformance

#endif  // CORS_TESTS_BROWSER_SCENARIOS_HPP
