// The checks a browser makes on the responses, in Chromium's order (Fetch Standard, "CORS-
// preflight fetch", "CORS check", "CORS-exposed header-name list"; Chromium's cors.cc and
// preflight_result.cc for the order and the diagnostics), with Firefox's and WebKit's
// departures, each marked where it applies.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "checker_detail.hpp"
#include "fetch_rules.hpp"
#include "tokens.hpp"

namespace cors::checker {

namespace {

using cors::detail::is_token;

constexpr int default_cache_seconds = 5;  // no Access-Control-Max-Age (Fetch)

// The longest each engine keeps a preflight's result: Chromium's preflight_result.cc,
// Firefox's nsCORSListenerProxy.cpp, WebKit's CrossOriginPreflightResultCache.cpp.
int max_cache_seconds(engine e) {
  switch (e) {
    case engine::chromium:
      return 7200;
    case engine::firefox:
      return 86400;
    case engine::webkit:
      return 600;
  }
  return 0;
}

std::string engine_name(engine e) {
  switch (e) {
    case engine::chromium:
      return "Chromium";
    case engine::firefox:
      return "Firefox";
    case engine::webkit:
      return "WebKit";
  }
  return "?";
}

bool credentialed(const request_plan& plan) {
  return plan.credentials == credentials_mode::include;
}

// A status a browser follows as a redirect: one of the redirect statuses, with a Location.
std::optional<std::string> redirect_location(const http_response& r) {
  const bool redirect_status =
      r.status == 301 || r.status == 302 || r.status == 303 || r.status == 307 || r.status == 308;
  if (!redirect_status) return std::nullopt;
  return detail::combined_value(r.headers, "Location");
}

// Whether Chromium's URL parser would take `value` for a URL: a scheme, and a host after it
// for the schemes that need one. Only decides between two messages, both failures.
bool parses_as_url(std::string_view value) {
  const std::size_t colon = value.find(':');
  if (colon == 0 || colon == std::string_view::npos ||
      !std::isalpha(static_cast<unsigned char>(value[0])))
    return false;
  const std::string scheme = detail::lower_case(value.substr(0, colon));
  for (const char c : scheme)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  static constexpr std::array<std::string_view, 5> with_host = {"http", "https", "ws", "wss",
                                                                "ftp"};
  if (std::find(with_host.begin(), with_host.end(), scheme) == with_host.end()) return true;
  std::string_view rest = value.substr(colon + 1);
  while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) rest.remove_prefix(1);
  return !rest.empty() && rest.find_first_of("/?#") != 0;
}

// Fetch, "CORS check", with the diagnostics of Chromium's CheckAccess(): which of its messages
// a failing Access-Control-Allow-Origin or -Credentials gets.
std::optional<detail::finding> cors_check(const request_plan& plan, const http_response& r,
                                          response_kind kind, engine e) {
  detail::finding f;
  f.response = kind;
  f.judged_as = e;
  f.failed = &r;
  const std::optional<std::string> allow_origin =
      detail::combined_value(r.headers, "Access-Control-Allow-Origin");
  if (allow_origin == "*") {
    if (credentialed(plan)) {
      f.check = failing_check::allow_origin_wildcard;
      return f;
    }
    return std::nullopt;  // Access-Control-Allow-Credentials plays no part without credentials
  }
  if (!allow_origin) {
    f.check = failing_check::allow_origin_missing;
    return f;
  }
  if (*allow_origin != plan.origin) {
    f.hint = *allow_origin;
    // Several values: Chromium splits on spaces and commas, the others on commas (Firefox
    // counts header lines, and compares one line as one value).
    if (allow_origin->find_first_of(e == engine::chromium ? " ," : ",") != std::string::npos)
      f.check = failing_check::allow_origin_multiple;
    else if (*allow_origin != "null" && !parses_as_url(*allow_origin))
      f.check = failing_check::allow_origin_invalid;
    else
      f.check = failing_check::allow_origin_mismatch;
    return f;
  }
  if (credentialed(plan)) {
    // Byte for byte: "TRUE" is not "true" (Fetch, "Access-Control-Allow-Credentials").
    const std::optional<std::string> allow_credentials =
        detail::combined_value(r.headers, "Access-Control-Allow-Credentials");
    if (allow_credentials != "true") {
      f.check = failing_check::allow_credentials;
      f.hint = allow_credentials.value_or("");
      return f;
    }
  }
  return std::nullopt;
}

// Access-Control-Allow-Methods and -Headers: comma-separated tokens, whitespace around them and
// empty elements ignored (Chromium's ParseAccessControlAllowList). nullopt with `bad` set to
// the offending element when an element is not a token.
std::optional<std::vector<std::string>> parse_allow_list(const std::optional<std::string>& value,
                                                         bool lower, std::string& bad) {
  std::vector<std::string> items;
  if (!value) return items;
  std::string_view rest = *value;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = cors::detail::trim_ows(rest.substr(0, comma));
    if (!item.empty()) {
      if (!is_token(item)) {
        bad = std::string(item);
        return std::nullopt;
      }
      items.push_back(lower ? detail::lower_case(item) : std::string(item));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// How long the engine keeps the preflight's result: Access-Control-Max-Age as an integer, 5 s
// when absent, 0 when negative, at most the engine's cap. One that does not parse means 5 s in
// Chromium and WebKit (as in the Fetch Standard) and no caching in Firefox.
int cache_seconds(const http_response& r, engine e, std::vector<std::string>& notes) {
  const std::optional<std::string> max_age =
      detail::combined_value(r.headers, "Access-Control-Max-Age");
  if (!max_age) {
    notes.push_back(
        fmt::format("no Access-Control-Max-Age: browsers cache this preflight for {} s only",
                    default_cache_seconds));
    return default_cache_seconds;
  }
  std::string_view digits = *max_age;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 18 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    const int seconds = e == engine::firefox ? 0 : default_cache_seconds;
    notes.push_back(fmt::format(
        "Access-Control-Max-Age '{}' is not a number of seconds: {} caches this preflight for {} "
        "s (Chromium and WebKit for {} s, Firefox not at all)",
        detail::console_quote(*max_age), engine_name(e), seconds, default_cache_seconds));
    return seconds;
  }
  const std::int64_t seconds = std::stoll(std::string(digits));
  if (negative) return 0;
  const int cap = max_cache_seconds(e);
  if (seconds > cap)
    notes.push_back(fmt::format(
        "Access-Control-Max-Age {} is more than {} keeps: it caches this preflight for {} s "
        "(Chromium at most 7200 s, Firefox 86400 s, WebKit 600 s)",
        seconds, engine_name(e), cap));
  return static_cast<int>(std::min<std::int64_t>(seconds, cap));
}

void block(verdict& v, const request_plan& plan, const detail::finding& f) {
  if (!f.engines_allow && !v.error) v.error = detail::explain(plan, f);
  if (!v.standard_error) v.standard_error = detail::explain(plan, f);
}

// Fetch, "CORS-preflight fetch", steps after the response arrives, in Chromium's order; WebKit
// checks the status first (CrossOriginPreflightChecker), a redirect included.
void check_preflight(const request_plan& plan, const http_response& r, engine e, verdict& v) {
  detail::finding f;
  f.response = response_kind::preflight;
  f.judged_as = e;
  f.failed = &r;
  f.preflight = &r;
  const bool ok_status = r.status >= 200 && r.status <= 299;
  if (e == engine::webkit && !ok_status) {
    f.check = failing_check::preflight_status;
    f.headers_fail_too = cors_check(plan, r, response_kind::preflight, e).has_value();
    return block(v, plan, f);
  }
  if (const std::optional<std::string> location = redirect_location(r)) {
    f.check = failing_check::preflight_redirect;
    f.hint = *location;
    return block(v, plan, f);
  }
  if (std::optional<detail::finding> failed = cors_check(plan, r, response_kind::preflight, e)) {
    failed->preflight = &r;
    return block(v, plan, *failed);
  }
  if (!ok_status) {
    f.check = failing_check::preflight_status;
    return block(v, plan, f);
  }
  std::string bad;
  const std::optional<std::vector<std::string>> methods = parse_allow_list(
      detail::combined_value(r.headers, "Access-Control-Allow-Methods"), false, bad);
  if (!methods) {
    f.check = failing_check::allow_methods_invalid;
    f.hint = bad;
    return block(v, plan, f);
  }
  const std::optional<std::vector<std::string>> headers = parse_allow_list(
      detail::combined_value(r.headers, "Access-Control-Allow-Headers"), true, bad);
  if (!headers) {
    f.check = failing_check::allow_headers_invalid;
    f.hint = bad;
    return block(v, plan, f);
  }
  // A method is listed byte for byte ('put' is not 'PUT'); '*' only without credentials.
  const bool any_method = !credentialed(plan) && contains(*methods, "*");
  if (!contains(*methods, plan.method) && !any_method &&
      !cors::detail::is_safelisted_method(plan.method)) {
    f.check = failing_check::method_not_allowed;
    f.hint = plan.method;
    return block(v, plan, f);
  }
  // Header names case-insensitively; '*' only without credentials, and in the Fetch Standard
  // never for Authorization ("CORS non-wildcard request-header name"). All three engines let
  // Authorization through under '*'; Firefox warns that it will stop.
  const bool any_header = !credentialed(plan) && contains(*headers, "*");
  for (const std::string& name : plan.unsafe_header_names) {
    if (contains(*headers, name)) continue;
    if (any_header && name != "authorization") continue;
    f.check = failing_check::header_not_allowed;
    f.hint = name;
    f.engines_allow = any_header;
    block(v, plan, f);
    if (!f.engines_allow) return;
    if (e == engine::firefox)
      v.notes.push_back(
          "Firefox warns: \"Cross-Origin Request Warning: The Same Origin Policy will disallow "
          "reading the remote resource at " +
          plan.target.serialized() +
          " soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` "
          "header is not covered. To include the `Authorization` header, it must be explicitly "
          "listed in CORS header `Access-Control-Allow-Headers`).\"");
  }
  v.preflight_cache_seconds = cache_seconds(r, e, v.notes);
}

// Fetch, "CORS-safelisted response-header name" and "CORS-exposed header-name list".
void sort_out_exposure(const request_plan& plan, const http_response& r, verdict& v) {
  std::vector<std::string> exposed;
  std::string bad;
  if (auto list = parse_allow_list(
          detail::combined_value(r.headers, "Access-Control-Expose-Headers"), true, bad))
    exposed = std::move(*list);
  const bool any = plan.cross_origin && !credentialed(plan) && contains(exposed, "*");
  for (const header_line& h : r.headers) {
    const std::string name = detail::lower_case(h.name);
    if (contains(v.readable_headers, name) || contains(v.hidden_headers, name)) continue;
    // Set-Cookie is never readable by script, same-origin or not.
    const bool readable =
        !cors::detail::is_listed(name, cors::detail::forbidden_response_header_names) &&
        (!plan.cross_origin || any || contains(exposed, name) ||
         cors::detail::is_listed(name, cors::detail::safelisted_response_header_names));
    (readable ? v.readable_headers : v.hidden_headers).push_back(name);
  }
}

// An answer that names the origin must say it varies with it (Fetch, "CORS protocol and HTTP
// caches"), or a shared cache may hand it to another origin.
void check_vary(const request_plan& plan, const http_response& r, verdict& v) {
  if (detail::combined_value(r.headers, "Access-Control-Allow-Origin") != plan.origin) return;
  const std::optional<std::string> vary = detail::combined_value(r.headers, "Vary");
  std::string bad;
  const auto tokens = parse_allow_list(vary, true, bad);
  if (tokens && (contains(*tokens, "origin") || contains(*tokens, "*"))) return;
  v.notes.push_back(fmt::format(
      "the response names the origin in Access-Control-Allow-Origin without Vary: Origin: a "
      "shared cache may serve it to another origin, which then fails now and then; add "
      "Vary: Origin"));
}

}  // namespace

verdict judge(const request_plan& plan, const std::optional<http_response>& preflight_response,
              const std::optional<http_response>& actual_response, engine e) {
  verdict v;
  v.judged_as = e;
  if (plan.cross_origin && plan.preflight) {
    if (!preflight_response)
      throw std::invalid_argument("the request is preflighted: the preflight's response is needed");
    check_preflight(plan, *preflight_response, e, v);
    if (v.error) return v;
  }
  if (!actual_response) {
    v.complete = false;
    return v;
  }
  if (plan.cross_origin) {
    if (std::optional<detail::finding> f =
            cors_check(plan, *actual_response, response_kind::actual, e)) {
      f->preflight = preflight_response ? &*preflight_response : nullptr;
      block(v, plan, *f);
      return v;
    }
    check_vary(plan, *actual_response, v);
    if (const std::optional<std::string> location = redirect_location(*actual_response))
      v.notes.push_back(fmt::format(
          "the response is a redirect to {}: the browser follows it and checks that response "
          "the same way (with Origin: null if it leads to another origin)",
          detail::console_quote(*location)));
  }
  sort_out_exposure(plan, *actual_response, v);
  return v;
}

verdict judge(const page_request& request, const std::optional<http_response>& preflight_response,
              const std::optional<http_response>& actual_response, engine e) {
  return judge(plan_request(request), preflight_response, actual_response, e);
}

std::string_view to_string(engine e) noexcept {
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

std::optional<engine> parse_engine(std::string_view name) noexcept {
  if (name == "chromium") return engine::chromium;
  if (name == "firefox") return engine::firefox;
  if (name == "webkit" || name == "safari") return engine::webkit;
  return std::nullopt;
}

std::string_view to_string(credentials_mode mode) noexcept {
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

std::string_view to_string(response_kind kind) noexcept {
  return kind == response_kind::preflight ? "preflight" : "actual";
}

}  // namespace cors::checker
