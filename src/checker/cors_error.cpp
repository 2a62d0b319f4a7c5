// Chromium's console messages for each failing check (third_party/blink/.../cors_error_string.cc
// as Chromium 156 prints them for fetch()), and what the server should do instead, whatever the
// engine (Firefox's and WebKit's messages: engine_messages.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "checker_detail.hpp"
#include "config_fields.hpp"
#include "fetch_rules.hpp"
#include "tokens.hpp"

namespace cors::checker {

namespace {

// The config fields the library fixes name.
constexpr std::string_view allowed_origins = CORS_CONFIG_FIELD(allowed_origins);
constexpr std::string_view allowed_methods = CORS_CONFIG_FIELD(allowed_methods);
constexpr std::string_view allowed_headers = CORS_CONFIG_FIELD(allowed_headers);
constexpr std::string_view allow_null_origin = CORS_CONFIG_FIELD(allow_null_origin);
constexpr std::string_view allow_credentials = CORS_CONFIG_FIELD(allow_credentials);
constexpr std::string_view rejected_preflight_answer = CORS_CONFIG_FIELD(rejected_preflight_answer);
constexpr std::string_view preflight_passthrough = CORS_CONFIG_FIELD(preflight_passthrough);
constexpr std::string_view preflight_success_status = CORS_CONFIG_FIELD(preflight_success_status);

constexpr std::string_view preflight_prefix =
    "Response to preflight request doesn't pass access control check: ";
// Chromium appends this to the origin-value messages of fetch() requests.
constexpr std::string_view valid_value_hint =
    " Have the server send the header with a valid value.";

// The checks whose message carries the preflight prefix when the preflight failed them; the
// method and header messages name the preflight themselves.
bool takes_preflight_prefix(failing_check check) {
  return check != failing_check::allow_methods_invalid &&
         check != failing_check::allow_headers_invalid &&
         check != failing_check::method_not_allowed && check != failing_check::header_not_allowed;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  quoted.reserve(items.size());
  for (const std::string& i : items) quoted.push_back(fmt::format("\"{}\"", i));
  return detail::join_words(quoted);
}

std::string status_of(const http_response* r) {
  return r != nullptr ? std::to_string(r->status) : std::string("?");
}

std::string header_or_absent(const http_response* r, std::string_view name) {
  if (r == nullptr) return "absent";
  const std::optional<std::string> value = detail::combined_value(r->headers, name);
  return value ? fmt::format("'{}'", detail::console_quote(*value)) : "absent";
}

// What differs between an Access-Control-Allow-Origin value and the request's origin, when it
// is a near miss.
std::string near_miss(std::string_view value, std::string_view origin) {
  if (value.size() == origin.size() + 1 && value.back() == '/' &&
      value.substr(0, origin.size()) == origin)
    return " (only the trailing slash differs: an origin has none)";
  if (detail::lower_case(value) == detail::lower_case(origin))
    return " (only letter case differs: origins are lower case)";
  const std::optional<url> a = parse_url(value);
  const std::optional<url> b = parse_url(origin);
  if (a && b) {
    if (a->origin() == b->origin())
      return fmt::format(" (it serializes as '{}': no path, no default port)", b->origin());
    if (a->host == b->host && a->scheme != b->scheme &&
        (a->port == b->port || (a->default_port() && b->default_port())))
      return " (only the scheme differs)";
    if (a->host == b->host && a->scheme == b->scheme) return " (only the port differs)";
  }
  return {};
}

// The fix with this library for the request's origin.
std::string allow_origin_fix(const request_plan& plan) {
  return plan.origin == "null"
             ? fmt::format("set config.{} = true", allow_null_origin)
             : fmt::format("add \"{}\" to config.{}", plan.origin, allowed_origins);
}

// What the preflight must allow beyond the origin: the method, and the unsafe header names.
std::string preflight_lists_fix(const request_plan& plan) {
  std::string fix;
  if (!cors::detail::is_safelisted_method(plan.method))
    fix += fmt::format(", \"{}\" to config.{}", plan.method, allowed_methods);
  std::vector<std::string> names;
  for (const std::string& n : plan.unsafe_header_names) names.push_back(detail::spelled(plan, n));
  if (!names.empty()) fix += fmt::format(", {} to config.{}", quoted_list(names), allowed_headers);
  return fix;
}

void explain_origin(const request_plan& plan, const detail::finding& f, cors_error& e) {
  const bool preflight = f.response == response_kind::preflight;
  const std::string status = status_of(f.failed);
  switch (f.check) {
    case failing_check::allow_origin_missing:
      if (preflight && (f.failed->status < 200 || f.failed->status > 299)) {
        const bool refused = f.failed->status == 403;
        e.cause = fmt::format(
            "The preflight (OPTIONS {}) was answered {} without Access-Control-Allow-Origin: "
            "OPTIONS is not handled as a preflight at this URL. {}",
            plan.target.target, status,
            refused ? "A CORS layer refused the origin, the method or a header and said no "
                      "more, or a proxy, firewall or authentication layer in front refused the "
                      "request."
                    : "The server has no route for OPTIONS (a 404 or 405 from the router or the "
                      "static file handler), or a proxy, firewall or authentication layer in "
                      "front refused the request.");
        e.fix = fmt::format(
            "Answer OPTIONS {} with 204 and Access-Control-Allow-Origin: {}{}{}, before any "
            "authentication (a preflight never carries credentials).",
            plan.target.target, plan.origin,
            cors::detail::is_safelisted_method(plan.method)
                ? ""
                : fmt::format(", Access-Control-Allow-Methods listing {}", plan.method),
            plan.unsafe_header_names.empty()
                ? ""
                : fmt::format(", Access-Control-Allow-Headers listing {}",
                              detail::join_words(plan.unsafe_header_names)));
        e.library_fix = fmt::format(
            "Let OPTIONS reach the policy before routing and authentication; {}{}.{}",
            allow_origin_fix(plan), preflight_lists_fix(plan),
            refused ? fmt::format(" A 403 without CORS headers is the policy's own refusal: "
                                  "config.{} = "
                                  "cors::rejected_preflight_response::partial_headers makes the "
                                  "browser name the check that failed.",
                                  rejected_preflight_answer)
                    : "");
      } else {
        const bool preflight_had_it =
            !preflight && f.preflight != nullptr &&
            detail::combined_value(f.preflight->headers, "Access-Control-Allow-Origin");
        e.cause = fmt::format(
            "The {} response ({}) has no Access-Control-Allow-Origin{}.",
            preflight ? "preflight" : plan.method, status,
            preflight_had_it
                ? ", although the preflight's had one: the CORS headers are added to OPTIONS "
                  "answers only (as in the nginx snippet that adds them inside "
                  "if ($request_method = 'OPTIONS'))"
                : (f.failed->status >= 400
                       ? ": the origin is not allowed, or error responses skip the CORS headers "
                         "(nginx add_header without 'always')"
                       : ": the origin is not allowed, or nothing adds CORS headers to this "
                         "response"));
        const bool after_preflight = !preflight && f.preflight != nullptr;
        e.fix = fmt::format(
            "Send Access-Control-Allow-Origin: {} on the {} response{}.", plan.origin,
            preflight ? "preflight" : "actual",
            preflight ? ""
                      : fmt::format("{}, whatever its status (in nginx: add_header ... always{})",
                                    after_preflight ? " too" : "",
                                    after_preflight
                                        ? ", in the location itself, not only in the OPTIONS branch"
                                        : ""));
        e.library_fix = fmt::format(
            "{}{}.", allow_origin_fix(plan),
            preflight ? ""
                      : ", and pass every response through the policy, not only preflights "
                        "(cors::beast decorates them all)");
      }
      return;
    case failing_check::allow_origin_multiple: {
      e.cause = fmt::format(
          "Access-Control-Allow-Origin carries several values, '{}': two layers (a proxy and "
          "the application) each add one, or a list of allowed origins is sent as is.",
          detail::console_quote(f.hint));
      e.fix = fmt::format(
          "Send exactly one Access-Control-Allow-Origin with one value, the request's origin {} "
          "(or *), from one layer only.",
          plan.origin);
      e.library_fix = fmt::format(
          "Let the policy alone set Access-Control-Allow-Origin (remove it from the proxy in "
          "front, e.g. nginx add_header or Apache Header set, and from the application), and "
          "{}: the policy answers with the one origin that matched.",
          allow_origin_fix(plan));
      return;
    }
    case failing_check::allow_origin_invalid:
    case failing_check::allow_origin_mismatch:
      e.cause = fmt::format(
          "Access-Control-Allow-Origin is '{}', not the request's origin '{}'{}. The browser "
          "compares them byte for byte: scheme, host and port.",
          detail::console_quote(f.hint), plan.origin, near_miss(f.hint, plan.origin));
      e.fix = fmt::format(
          "Echo the request's origin when it is allowed: Access-Control-Allow-Origin: {}, with "
          "Vary: Origin.",
          plan.origin);
      e.library_fix = fmt::format(
          "{} (the policy echoes the origin that matched and adds "
          "Vary: Origin).",
          allow_origin_fix(plan));
      return;
    case failing_check::allow_origin_wildcard:
      e.cause = fmt::format(
          "Access-Control-Allow-Origin on the {} response is '*', but the request is "
          "credentialed (credentials: 'include'): '*' only serves requests without credentials.",
          to_string(f.response));
      e.fix = fmt::format(
          "Echo the request's origin instead of '*': Access-Control-Allow-Origin: {}, with "
          "Access-Control-Allow-Credentials: true and Vary: Origin. Or make the request without "
          "credentials.",
          plan.origin);
      e.library_fix =
          fmt::format("replace \"*\" in config.{} with \"{}\" and set config.{} = true.",
                      allowed_origins, plan.origin, allow_credentials);
      return;
    case failing_check::allow_credentials:
      e.cause = fmt::format(
          "The request is credentialed (credentials: 'include') and the {} response's "
          "Access-Control-Allow-Credentials is {}; it must be exactly 'true', in lower case.",
          to_string(f.response),
          f.hint.empty() ? std::string("absent or empty")
                         : fmt::format("'{}'", detail::console_quote(f.hint)));
      e.fix = fmt::format(
          "Send Access-Control-Allow-Credentials: true on the preflight and on the actual "
          "response (with Access-Control-Allow-Origin: {}, never '*'). Or make the request "
          "without credentials.",
          plan.origin);
      e.library_fix = fmt::format("set config.{} = true.", allow_credentials);
      return;
    default:
      return;
  }
}

void explain_preflight_lists(const request_plan& plan, const detail::finding& f, cors_error& e) {
  const bool credentials = plan.credentials == credentials_mode::include;
  switch (f.check) {
    case failing_check::preflight_redirect:
      e.cause = fmt::format(
          "The preflight (OPTIONS {}) was answered {} with Location: {}. A browser never "
          "follows a redirect on a preflight.",
          plan.target.target, status_of(f.failed), detail::console_quote(f.hint));
      e.fix = fmt::format(
          "Answer OPTIONS at {} itself instead of redirecting it (exempt OPTIONS from the "
          "http-to-https or trailing-slash redirect), or have the page fetch {} directly.",
          plan.target.serialized(), detail::console_quote(f.hint));
      e.library_fix = fmt::format(
          "Put the policy in front of the redirect, so that it answers the preflight itself "
          "(it does unless config.{} is set).",
          preflight_passthrough);
      return;
    case failing_check::preflight_status:
      if (f.headers_fail_too) {
        e.cause = fmt::format(
            "The preflight was answered {}, and WebKit checks a preflight's status before its "
            "headers, so its message does not say what else is wrong: the answer's CORS headers "
            "fail too ({}). A server that refuses a preflight (its origin, method or headers are "
            "not allowed) answers this way; `cors-doctor --browser chromium` names the check.",
            status_of(f.failed),
            header_or_absent(f.failed, "Access-Control-Allow-Origin") == "absent"
                ? std::string("there is no Access-Control-Allow-Origin")
                : fmt::format("Access-Control-Allow-Origin is {}",
                              header_or_absent(f.failed, "Access-Control-Allow-Origin")));
        e.fix = fmt::format(
            "Allow the page's request on the server: its origin {}, its method and its headers; "
            "then answer the preflight with 204 or 200.",
            plan.origin);
        e.library_fix = fmt::format("{}{}.", allow_origin_fix(plan), preflight_lists_fix(plan));
        return;
      }
      e.cause = fmt::format(
          "The preflight was answered {} with acceptable CORS headers, but a preflight needs an "
          "ok status (200-299): the headers were added (e.g. nginx add_header ... always) while "
          "the OPTIONS request itself was not handled{}.",
          status_of(f.failed),
          f.failed->status == 405 ? " (405: the handler does not know OPTIONS)" : "");
      e.fix =
          "Answer the preflight with 204 or 200 (in nginx: if ($request_method = 'OPTIONS') { "
          "return 204; } after the add_header lines).";
      e.library_fix = fmt::format(
          "Let the policy answer preflights itself (with config.{}, 204 by default); under "
          "config.{} the application must answer OPTIONS with a 2xx status.",
          preflight_success_status, preflight_passthrough);
      return;
    case failing_check::allow_methods_invalid:
    case failing_check::allow_headers_invalid: {
      const bool methods = f.check == failing_check::allow_methods_invalid;
      const std::string_view header =
          methods ? "Access-Control-Allow-Methods" : "Access-Control-Allow-Headers";
      e.cause = fmt::format(
          "{} is {}: '{}' is not a {} name (an HTTP token), so the browser cannot parse the "
          "list.",
          header, header_or_absent(f.failed, header), detail::console_quote(f.hint),
          methods ? "method" : "header");
      e.fix = fmt::format("Send a comma-separated list of names, e.g. {}: {}.", header,
                          methods ? "GET, POST, PUT" : "Content-Type, X-Custom-Header");
      e.library_fix = fmt::format("Let the policy send {} from config.{}.", header,
                                  methods ? allowed_methods : allowed_headers);
      return;
    }
    case failing_check::method_not_allowed: {
      const std::string listed = header_or_absent(f.failed, "Access-Control-Allow-Methods");
      std::string why;
      const std::string upper = [&] {
        std::string u = plan.method;
        for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return u;
      }();
      if (credentials && listed.find('*') != std::string::npos)
        why += "; '*' stands for any method only on requests without credentials";
      if (upper != plan.method)
        why += fmt::format(
            "; fetch() sends '{}' as written (it upper-cases only DELETE, GET, HEAD, OPTIONS, "
            "POST and PUT) and methods are compared byte for byte",
            plan.method);
      else if (listed.find(detail::lower_case(plan.method)) != std::string::npos)
        why += fmt::format("; methods are compared byte for byte: '{}' is not '{}'",
                           detail::lower_case(plan.method), plan.method);
      e.cause = fmt::format(
          "The preflight's Access-Control-Allow-Methods is {}, which does not "
          "list {}{}.",
          listed, plan.method, why);
      e.fix = fmt::format(
          "Add {} to Access-Control-Allow-Methods{}.", plan.method,
          upper != plan.method ? fmt::format(" (or have the page send '{}')", upper) : "");
      e.library_fix = fmt::format("add \"{}\" to config.{}.", plan.method, allowed_methods);
      return;
    }
    case failing_check::header_not_allowed: {
      const std::string name = detail::spelled(plan, f.hint);
      const std::string listed = header_or_absent(f.failed, "Access-Control-Allow-Headers");
      if (f.engines_allow) {
        e.cause = fmt::format(
            "The preflight's Access-Control-Allow-Headers is {}. In the Fetch Standard '*' never "
            "covers Authorization; Chromium 156, Firefox 153 (with a warning that it will stop) "
            "and WebKit still let it through, browsers that follow the standard block this "
            "request.",
            listed);
        e.fix = fmt::format("List {} by name in Access-Control-Allow-Headers (e.g. '*, {}').", name,
                            name);
      } else {
        e.cause = fmt::format(
            "The preflight's Access-Control-Allow-Headers is {}, which does not list {}{}.", listed,
            f.hint,
            credentials && listed.find('*') != std::string::npos
                ? "; '*' stands for any header only on requests without credentials"
                : "");
        e.fix = fmt::format("Add {} to Access-Control-Allow-Headers.", name);
      }
      e.library_fix = fmt::format("add \"{}\" to config.{}.", name, allowed_headers);
      return;
    }
    default:
      return;
  }
}

}  // namespace

namespace detail {

std::string chromium_message(const finding& f) {
  std::string m;
  if (f.response == response_kind::preflight && takes_preflight_prefix(f.check))
    m = preflight_prefix;
  const std::string hint = console_quote(f.hint);
  switch (f.check) {
    case failing_check::preflight_redirect:
      return m + "Redirect is not allowed for a preflight request.";
    case failing_check::allow_origin_missing:
      return m + "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case failing_check::allow_origin_multiple:
      return m + fmt::format(
                     "The 'Access-Control-Allow-Origin' header contains multiple values '{}', "
                     "but only one is allowed.{}",
                     hint, valid_value_hint);
    case failing_check::allow_origin_invalid:
      return m + fmt::format(
                     "The 'Access-Control-Allow-Origin' header contains the invalid value '{}'.{}",
                     hint, valid_value_hint);
    case failing_check::allow_origin_mismatch:
      return m + fmt::format(
                     "The 'Access-Control-Allow-Origin' header has a value '{}' that is not "
                     "equal to the supplied origin.{}",
                     hint, valid_value_hint);
    case failing_check::allow_origin_wildcard:
      return m +
             "The value of the 'Access-Control-Allow-Origin' header in the response must not be "
             "the wildcard '*' when the request's credentials mode is 'include'.";
    case failing_check::allow_credentials:
      return m + fmt::format(
                     "The value of the 'Access-Control-Allow-Credentials' header in the response "
                     "is '{}' which must be 'true' when the request's credentials mode is "
                     "'include'.",
                     hint);
    case failing_check::preflight_status:
      return m + "It does not have HTTP ok status.";
    case failing_check::allow_methods_invalid:
      return "Cannot parse Access-Control-Allow-Methods response header field in preflight "
             "response.";
    case failing_check::allow_headers_invalid:
      return "Cannot parse Access-Control-Allow-Headers response header field in preflight "
             "response.";
    case failing_check::method_not_allowed:
      return fmt::format(
          "Method {} is not allowed by Access-Control-Allow-Methods in preflight response.", hint);
    case failing_check::header_not_allowed:
      return fmt::format(
          "Request header field {} is not allowed by Access-Control-Allow-Headers in preflight "
          "response.",
          hint);
  }
  return m;
}

cors_error explain(const request_plan& plan, const finding& f) {
  cors_error e;
  e.check = f.check;
  e.response = f.response;
  switch (f.judged_as) {
    case engine::chromium:
      e.message = chromium_message(f);
      e.console_line = fmt::format(
          "Access to fetch at '{}' from origin '{}' has been blocked by CORS policy: {}",
          plan.target.serialized(), plan.origin, e.message);
      break;
    case engine::firefox:
      e.message = firefox_message(plan, f);
      e.console_line = firefox_console(plan, f, e.message);
      break;
    case engine::webkit:
      e.message = webkit_message(plan, f);
      e.console_line = webkit_console(plan, e.message);
      break;
  }
  explain_origin(plan, f, e);
  explain_preflight_lists(plan, f, e);
  // Fixes are built from fragments that may start a sentence.
  for (std::string* text : {&e.fix, &e.library_fix})
    if (!text->empty())
      text->front() = static_cast<char>(std::toupper(static_cast<unsigned char>(text->front())));
  return e;
}

}  // namespace detail

std::string_view to_string(failing_check check) noexcept {
  switch (check) {
    case failing_check::preflight_redirect:
      return "preflight_redirect";
    case failing_check::allow_origin_missing:
      return "allow_origin_missing";
    case failing_check::allow_origin_multiple:
      return "allow_origin_multiple";
    case failing_check::allow_origin_invalid:
      return "allow_origin_invalid";
    case failing_check::allow_origin_mismatch:
      return "allow_origin_mismatch";
    case failing_check::allow_origin_wildcard:
      return "allow_origin_wildcard";
    case failing_check::allow_credentials:
      return "allow_credentials";
    case failing_check::preflight_status:
      return "preflight_status";
    case failing_check::allow_methods_invalid:
      return "allow_methods_invalid";
    case failing_check::allow_headers_invalid:
      return "allow_headers_invalid";
    case failing_check::method_not_allowed:
      return "method_not_allowed";
    case failing_check::header_not_allowed:
      return "header_not_allowed";
  }
  return "?";
}

}  // namespace cors::checker
