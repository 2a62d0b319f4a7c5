// What fetch() sends: method normalization, the headers it keeps, the CORS-safelisted request
// headers and their value rules, and the preflight (Fetch Standard, "CORS-safelisted
// request-header", "CORS-unsafe request-header names", "CORS-preflight fetch").
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "checker_detail.hpp"
#include "fetch_rules.hpp"
#include "tokens.hpp"

namespace cors::checker {

namespace {

using cors::detail::iequals;
using cors::detail::is_forbidden_method;
using cors::detail::is_listed;
using cors::detail::is_safelisted_method;
using cors::detail::is_token;

constexpr std::size_t max_safelisted_value = 128;   // per header
constexpr std::size_t max_safelisted_total = 1024;  // all safelisted values together

// Fetch, "normalize a method": only six are upper-cased; 'patch' stays 'patch'.
std::string normalize_method(std::string_view method) {
  const std::string_view normalized = cors::detail::normalized_method(method);
  return std::string(normalized.empty() ? method : normalized);
}

// Fetch, "forbidden request-header": the Headers object of a request silently drops these.
bool is_forbidden_header(std::string_view name, std::string_view value) {
  if (cors::detail::is_forbidden_request_header_name(name)) return true;
  // Method-override headers are forbidden when they name a forbidden method.
  if (is_listed(name, cors::detail::method_override_header_names)) {
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      if (is_forbidden_method(detail::trim_http_whitespace(rest.substr(0, comma)))) return true;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return false;
}

// Fetch, "CORS-unsafe request-header byte".
bool is_cors_unsafe_byte(unsigned char c) {
  return (c < 0x20 && c != 0x09) || c == '"' || c == '(' || c == ')' || c == ':' || c == '<' ||
         c == '>' || c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' || c == '{' ||
         c == '}' || c == 0x7f;
}

std::optional<unsigned char> first_unsafe_byte(std::string_view value) {
  for (const char c : value)
    if (is_cors_unsafe_byte(static_cast<unsigned char>(c))) return static_cast<unsigned char>(c);
  return std::nullopt;
}

// The bytes Accept-Language and Content-Language may carry: 0-9 A-Z a-z space * , - . ; =
std::optional<unsigned char> first_non_language_byte(std::string_view value) {
  for (const char c : value) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == ' ' || c == '*' || c == ',' || c == '-' || c == '.' || c == ';' ||
                    c == '=';
    if (!ok) return static_cast<unsigned char>(c);
  }
  return std::nullopt;
}

// The essence of a MIME type (MIME Sniffing, "parse a MIME type"), lower case; nullopt when it
// does not parse.
std::optional<std::string> mime_essence(std::string_view value) {
  value = detail::trim_http_whitespace(value);
  const std::size_t slash = value.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view type = value.substr(0, slash);
  std::string_view subtype = value.substr(slash + 1);
  subtype = subtype.substr(0, subtype.find(';'));
  while (!subtype.empty() && (subtype.back() == ' ' || subtype.back() == '\t' ||
                              subtype.back() == '\n' || subtype.back() == '\r'))
    subtype.remove_suffix(1);
  if (!is_token(type) || !is_token(subtype)) return std::nullopt;
  return detail::lower_case(type) + "/" + detail::lower_case(subtype);
}

// Fetch, "simple range header value": bytes=N- or bytes=N-M with N <= M, no whitespace.
bool is_simple_range(std::string_view value) {
  if (value.substr(0, 6) != "bytes=") return false;
  value.remove_prefix(6);
  const std::size_t dash = value.find('-');
  if (dash == std::string_view::npos) return false;
  const std::string_view start = value.substr(0, dash);
  const std::string_view end = value.substr(dash + 1);
  const auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  // A suffix range (bytes=-500) is not safelisted: the start must be there.
  if (!digits(start) || (!end.empty() && !digits(end))) return false;
  if (end.empty()) return true;
  const auto value_of = [](std::string_view s) {
    s.remove_prefix(std::min(s.find_first_not_of('0'), s.size()));
    return s;
  };
  const std::string_view a = value_of(start);
  const std::string_view b = value_of(end);
  return a.size() != b.size() ? a.size() < b.size() : a <= b;
}

std::string describe_byte(unsigned char c) {
  if (c >= 0x21 && c <= 0x7e) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02X}", c);
}

// Why `h` is not a CORS-safelisted request-header (Fetch, "CORS-safelisted request-header");
// empty when it is one.
std::string unsafe_because(const header_line& h) {
  const std::string name = detail::lower_case(h.name);
  const std::string_view value = h.value;
  if (!is_listed(name, cors::detail::safelisted_request_header_names))
    return fmt::format("{} is not a CORS-safelisted request header", h.name);
  if (value.size() > max_safelisted_value)
    return fmt::format("{} is {} bytes long, more than the {} a safelisted value may have", h.name,
                       value.size(), max_safelisted_value);
  if (name == "accept") {
    if (const auto c = first_unsafe_byte(value))
      return fmt::format("{} contains {}, a CORS-unsafe byte", h.name, describe_byte(*c));
  } else if (name == "accept-language" || name == "content-language") {
    if (const auto c = first_non_language_byte(value))
      return fmt::format("{} contains {}, which a safelisted language value may not", h.name,
                         describe_byte(*c));
  } else if (name == "content-type") {
    if (const auto c = first_unsafe_byte(value))
      return fmt::format("{} contains {}, a CORS-unsafe byte", h.name, describe_byte(*c));
    const std::optional<std::string> essence = mime_essence(value);
    if (!essence)
      return fmt::format("{} '{}' is not a MIME type", h.name, detail::console_quote(value));
    if (!is_listed(*essence, cors::detail::safelisted_content_types))
      return fmt::format(
          "{} {} is not application/x-www-form-urlencoded, multipart/form-data or text/plain",
          h.name, *essence);
  } else if (!is_simple_range(value)) {
    return fmt::format("{} '{}' is not a simple range (bytes=N- or bytes=N-M)", h.name,
                       detail::console_quote(value));
  }
  return {};
}

// The header list as the Headers object keeps it: one entry per header given, validated and
// trimmed, forbidden ones dropped with a note.
std::vector<header_line> header_list(const std::vector<header_line>& given,
                                     std::vector<std::string>& notes) {
  std::vector<header_line> kept;
  for (const header_line& h : given) {
    if (!is_token(h.name))
      throw invalid_request(
          fmt::format("fetch() refuses the header name '{}': it is not an HTTP token",
                      detail::console_quote(h.name)));
    const std::string_view value = detail::trim_http_whitespace(h.value);
    if (value.find_first_of(std::string_view("\0\r\n", 3)) != std::string_view::npos)
      throw invalid_request(
          fmt::format("fetch() refuses the value of {}: it contains NUL, CR or LF", h.name));
    if (is_forbidden_header(h.name, value)) {
      notes.push_back(fmt::format(
          "{} is a forbidden request header: fetch() drops it, the browser sets it itself",
          h.name));
      continue;
    }
    kept.push_back({h.name, std::string(value)});
  }
  return kept;
}

// The list as it goes on the wire: repeated names combined with ", " (Fetch, "combine").
std::vector<header_line> combined(const std::vector<header_line>& list) {
  std::vector<header_line> out;
  for (const header_line& h : list) {
    const auto same = std::find_if(out.begin(), out.end(),
                                   [&](const header_line& o) { return iequals(o.name, h.name); });
    if (same == out.end())
      out.push_back(h);
    else
      same->value += fmt::format(", {}", h.value);
  }
  return out;
}

// The headers of every request: Origin, Sec-Fetch-*, and the Referer of a page at the origin's
// root (strict-origin-when-cross-origin: no Referer from https to http).
void add_browser_headers(std::vector<header_line>& headers, const request_plan& plan,
                         bool with_origin) {
  if (with_origin) headers.push_back({"Origin", plan.origin});
  headers.push_back({"Sec-Fetch-Mode", "cors"});
  headers.push_back({"Sec-Fetch-Site", std::string(detail::fetch_site(plan.origin, plan.target))});
  headers.push_back({"Sec-Fetch-Dest", "empty"});
  if (plan.origin != "null" && !(plan.origin.rfind("https:", 0) == 0 && !plan.target.secure()))
    headers.push_back({"Referer", plan.origin + "/"});
}

}  // namespace

std::string access_control_request_headers(const std::vector<std::string>& names) {
  std::vector<std::string> lower;
  lower.reserve(names.size());
  for (const std::string& n : names) lower.push_back(detail::lower_case(n));
  std::sort(lower.begin(), lower.end());
  lower.erase(std::unique(lower.begin(), lower.end()), lower.end());
  return fmt::format("{}", fmt::join(lower, ","));
}

request_plan plan_request(const page_request& request) {
  std::optional<url> target = parse_url(request.url);
  if (!target)
    throw invalid_request(
        fmt::format("'{}' is not an absolute http: or https: URL without user name or password",
                    detail::console_quote(request.url)));
  if (!detail::is_serialized_origin(request.origin)) {
    const std::optional<url> as_url = parse_url(request.origin);
    throw invalid_request(
        as_url ? fmt::format("'{}' is not a serialized origin; a browser sends '{}'",
                             detail::console_quote(request.origin), as_url->origin())
               : fmt::format("'{}' is not an origin: give scheme://host[:port], or null",
                             detail::console_quote(request.origin)));
  }
  if (!is_token(request.method))
    throw invalid_request(fmt::format("fetch() refuses the method '{}': it is not an HTTP token",
                                      detail::console_quote(request.method)));
  if (is_forbidden_method(request.method))
    throw invalid_request(
        fmt::format("fetch() refuses the method {}: it is a forbidden method", request.method));

  request_plan plan;
  plan.target = std::move(*target);
  plan.origin = request.origin;
  plan.method = normalize_method(request.method);
  plan.credentials = request.credentials;
  plan.cross_origin = plan.origin != plan.target.origin();
  const std::vector<header_line> list = header_list(request.headers, plan.notes);
  plan.headers = combined(list);

  // Fetch, "CORS-unsafe request-header names", entry by entry: unsafe headers, plus every
  // safelisted one when the safelisted values add up to more than 1024 bytes.
  std::vector<std::string> unsafe;
  std::vector<std::string> potentially_unsafe;
  std::size_t safelisted_size = 0;
  for (const header_line& h : list) {
    if (std::string reason = unsafe_because(h); !reason.empty()) {
      unsafe.push_back(detail::lower_case(h.name));
      if (std::find(plan.preflight_reasons.begin(), plan.preflight_reasons.end(), reason) ==
          plan.preflight_reasons.end())
        plan.preflight_reasons.push_back(std::move(reason));
    } else {
      potentially_unsafe.push_back(detail::lower_case(h.name));
      safelisted_size += h.value.size();
    }
  }
  if (safelisted_size > max_safelisted_total) {
    std::sort(potentially_unsafe.begin(), potentially_unsafe.end());
    potentially_unsafe.erase(std::unique(potentially_unsafe.begin(), potentially_unsafe.end()),
                             potentially_unsafe.end());
    unsafe.insert(unsafe.end(), potentially_unsafe.begin(), potentially_unsafe.end());
    plan.preflight_reasons.push_back(fmt::format(
        "the safelisted header values add up to {} bytes, more than {}: {} are preflighted too",
        safelisted_size, max_safelisted_total, fmt::join(potentially_unsafe, ", ")));
  }
  std::sort(unsafe.begin(), unsafe.end());
  unsafe.erase(std::unique(unsafe.begin(), unsafe.end()), unsafe.end());
  plan.unsafe_header_names = std::move(unsafe);
  if (!is_safelisted_method(plan.method)) {
    plan.preflight_reasons.insert(
        plan.preflight_reasons.begin(),
        fmt::format("{} is not a CORS-safelisted method (GET, HEAD, POST, byte for byte)",
                    plan.method));
  }

  if (!plan.cross_origin) {
    plan.preflight_reasons.clear();
    plan.notes.emplace_back("the request is same-origin: CORS does not apply");
  }

  if (!plan.preflight_reasons.empty()) {
    // Fetch, "CORS-preflight fetch": OPTIONS, Accept: */*, the method, and the unsafe names.
    wire_request preflight{"OPTIONS", plan.target, {{"Accept", "*/*"}}};
    preflight.headers.push_back({"Access-Control-Request-Method", plan.method});
    if (!plan.unsafe_header_names.empty())
      preflight.headers.push_back({"Access-Control-Request-Headers",
                                   access_control_request_headers(plan.unsafe_header_names)});
    add_browser_headers(preflight.headers, plan, true);
    plan.preflight = std::move(preflight);
  }

  plan.actual = {plan.method, plan.target, plan.headers};
  std::vector<header_line>& headers = plan.actual.headers;
  if (std::none_of(headers.begin(), headers.end(),
                   [](const header_line& h) { return iequals(h.name, "Accept"); }))
    headers.insert(headers.begin(), {"Accept", "*/*"});
  // A request without a body still says so when its method expects one (Fetch, "HTTP-network-or-
  // cache fetch").
  if (plan.method == "POST" || plan.method == "PUT") headers.push_back({"Content-Length", "0"});
  // Origin goes on every cross-origin request, and on same-origin ones but GET and HEAD.
  const bool with_origin = plan.cross_origin || (plan.method != "GET" && plan.method != "HEAD");
  add_browser_headers(headers, plan, with_origin);
  return plan;
}

}  // namespace cors::checker
