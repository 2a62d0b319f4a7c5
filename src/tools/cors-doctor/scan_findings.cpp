// What a scan's answers mean: each class's finding, its severity by the browsers' rules, why,
// and the fix; root causes only.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "config_fields.hpp"
#include "cors/detail/ascii.hpp"
#include "scan.hpp"

namespace cors::doctor::scan {

namespace {

using cors::detail::iequals;

// Every value of header `name`, one per header line.
std::vector<std::string> values(const received_response& r, std::string_view name) {
  std::vector<std::string> found;
  for (const checker::header_line& h : r.headers)
    if (iequals(h.name, name)) found.push_back(h.value);
  return found;
}

std::optional<std::string> single(const received_response& r, std::string_view name) {
  const std::vector<std::string> all = values(r, name);
  if (all.size() != 1) return std::nullopt;
  return all.front();
}

// The comma-separated list items of every `name` line, trimmed.
std::vector<std::string> list_items(const received_response& r, std::string_view name) {
  std::vector<std::string> items;
  for (const std::string& line : values(r, name)) {
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t end = line.find(',', start);
      if (end == std::string::npos) end = line.size();
      std::string item = line.substr(start, end - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) items.push_back(item);
      start = end + 1;
    }
  }
  return items;
}

// The last answer a probe got: the actual response, or the preflight's when it stopped there.
const received_response* last_response(const probe_result& r) {
  for (auto e = r.exchanges.rbegin(); e != r.exchanges.rend(); ++e)
    if (e->response) return &*e->response;
  return nullptr;
}

// Whether any answer names `origin` in Access-Control-Allow-Origin: the server trusts it.
bool names_origin(const probe_result& r, const std::string& origin) {
  return std::any_of(r.exchanges.begin(), r.exchanges.end(), [&](const exchange_record& e) {
    return e.response && single(*e.response, "Access-Control-Allow-Origin") == origin;
  });
}

bool readable(const std::optional<checker::verdict>& v) {
  return v && v->complete && v->allowed();
}

// Chromium's message, without its final period.
std::string blocked_reason(const probe_result& r) {
  for (const auto* v : {&r.with_credentials, &r.without_credentials}) {
    if (*v && (*v)->error) {
      std::string message = (*v)->error->message;
      if (!message.empty() && message.back() == '.') message.pop_back();
      return message;
    }
  }
  return "the answer is incomplete";
}

struct class_text {
  std::string_view title;        // what the server trusts
  std::string_view exploit;      // who can send that origin, and how
  severity with_credentials;     // readable with credentials: 'include'
  severity without_credentials;  // readable without credentials only
};

// Severity by exploitability: who can put a page at the hostile origin, and what it can read.
class_text text_of(finding_class c) {
  switch (c) {
    case finding_class::origin_reflected:
      return {"any origin is trusted (Access-Control-Allow-Origin echoes the request's Origin)",
              "any website can send it", severity::critical, severity::medium};
    case finding_class::null_origin:
      return {
          "the origin 'null' is trusted",
          "any website can send it from a sandboxed iframe (<iframe sandbox=\"allow-scripts\">) "
          "or a data: URL, in Chromium, Firefox and WebKit alike",
          severity::critical, severity::medium};
    case finding_class::http_origin:
      return {"an http:// origin is trusted for an https:// site",
              "a network attacker (public Wi-Fi, a rogue proxy) can inject a script into any "
              "http:// page of that host",
              severity::medium, severity::low};
    case finding_class::any_subdomain:
      return {"every subdomain of a trusted host is trusted",
              "whoever takes over a forgotten subdomain, or finds an XSS on any of them, can send "
              "it",
              severity::low, severity::informational};
    case finding_class::prefix_match:
      return {
          "an origin that starts with a trusted host is trusted (the check is anchored at "
          "the start only)",
          "the attacker registers a domain and names a subdomain after the trusted host",
          severity::critical, severity::medium};
    case finding_class::suffix_match:
      return {
          "an origin that ends with a trusted domain is trusted (the check is anchored at "
          "the end only)",
          "the attacker registers a domain that ends with the trusted one", severity::critical,
          severity::medium};
    case finding_class::unescaped_dot:
      return {"an unescaped '.' in a regular expression lets any character stand for a dot",
              "the attacker registers the name with a letter in place of the dot",
              severity::critical, severity::medium};
    case finding_class::substring_match:
      return {"an origin that is a part of a trusted string is trusted",
              "the attacker registers the shorter name under another public suffix",
              severity::critical, severity::medium};
    case finding_class::special_characters:
      return {"a trusted host followed by '_' or '`' is trusted",
              "the attacker names a subdomain of a domain of its own so; the URL parsers of "
              "Chromium 156, Firefox 153 and WebKitGTK 2.50 accept such a host and send it "
              "unchanged in Origin (whether every DNS resolver on the way resolves it was not "
              "measured, hence high rather than critical)",
              severity::high, severity::medium};
    case finding_class::third_party_hosting:
      return {"every site under a third-party hosting suffix is trusted",
              "anyone can publish a site there (the suffix is in the public suffix list's private "
              "section: each name under it belongs to a different customer)",
              severity::critical, severity::medium};
    case finding_class::wildcard_with_credentials:
      return {"Access-Control-Allow-Origin: * is sent with Access-Control-Allow-Credentials: true",
              "no browser lets a page read a credentialed response to '*'; without credentials "
              "'*' makes the response public, as meant",
              severity::informational, severity::informational};
    case finding_class::methods_headers_reflected:
      return {"the preflight answer echoes whatever method and headers were asked",
              "every method and header is allowed to the origins the server trusts, so a "
              "defence that relies on a custom header or method being refused does not hold",
              severity::low, severity::low};
    case finding_class::missing_vary:
      return {"an origin-dependent answer has no Vary: Origin",
              "a shared or browser cache may serve one origin's answer to another: pages of "
              "trusted origins break, or a cache keeps an answer meant for one origin",
              severity::low, severity::low};
    case finding_class::origin_bytes_echoed:
      return {"bytes no browser puts in an Origin header come back in the response",
              "no browser sends such an Origin, so no attacker's page can make it; a non-browser "
              "client can, and a server that decodes them splits its response",
              severity::informational, severity::informational};
    case finding_class::error_response_cors:
      return {"an error response loses or changes its CORS headers",
              "the page cannot read the error (it sees a network error instead); nothing is "
              "exposed",
              severity::informational, severity::low};
  }
  return {};
}

struct fixes {
  std::string library, nginx, apache;
};

fixes fixes_for(finding_class c, const std::string& trusted) {
  const std::string escaped = [&] {
    std::string r;
    for (const char ch : trusted) {
      if (ch == '.') r += '\\';
      r += ch;
    }
    return r;
  }();
  const std::string exact_library = fmt::format(
      "List the exact origins in config.{} (\"{}\"): the engine compares whole "
      "serialized origins, so no prefix, suffix or look-alike gets in.",
      CORS_CONFIG_FIELD(allowed_origins), trusted);
  const std::string exact_nginx = fmt::format(
      "map $http_origin $cors_origin {{ default \"\"; \"~^{}$\" $http_origin; }} "
      "then add_header Access-Control-Allow-Origin $cors_origin always; add_header Vary Origin "
      "always; (anchor with ^ and $, escape every dot)",
      escaped);
  const std::string exact_apache = fmt::format(
      "SetEnvIf Origin \"^{}$\" CORS_ORIGIN=$0 then Header always set "
      "Access-Control-Allow-Origin \"%{{CORS_ORIGIN}}e\" env=CORS_ORIGIN and Header always merge "
      "Vary Origin (anchor with ^ and $, escape every dot)",
      escaped);
  switch (c) {
    case finding_class::null_origin:
      return {
          fmt::format("Leave config.{} false (the default).", CORS_CONFIG_FIELD(allow_null_origin)),
          "Never map \"null\" to an allowed origin; compare against a list of exact origins.",
          "Never let SetEnvIf match \"null\"; compare against a list of exact origins."};
    case finding_class::http_origin:
      return {
          fmt::format("List only https:// origins; leave config.{} false. {}",
                      CORS_CONFIG_FIELD(allow_insecure_origins_with_credentials), exact_library),
          exact_nginx, exact_apache};
    case finding_class::any_subdomain:
    case finding_class::third_party_hosting:
      return {fmt::format("List the subdomains that serve your pages by name; keep "
                          "\"https://*.domain\" patterns for domains whose every subdomain you "
                          "control, without config.{}.",
                          CORS_CONFIG_FIELD(allow_credentials)),
              exact_nginx, exact_apache};
    case finding_class::wildcard_with_credentials:
      return {fmt::format("Choose: \"*\" without config.{} for public data, or exact origins "
                          "with it (the engine refuses both at once).",
                          CORS_CONFIG_FIELD(allow_credentials)),
              "Drop add_header Access-Control-Allow-Credentials, or replace '*' by a map of exact "
              "origins.",
              "Drop Header set Access-Control-Allow-Credentials, or replace '*' by SetEnvIf with "
              "exact origins."};
    case finding_class::methods_headers_reflected:
      return {fmt::format("List the methods and headers in config.{} and config.{}; the engine "
                          "answers with the configured lists.",
                          CORS_CONFIG_FIELD(allowed_methods), CORS_CONFIG_FIELD(allowed_headers)),
              "add_header Access-Control-Allow-Methods 'GET, POST, PUT' always; add_header "
              "Access-Control-Allow-Headers 'Content-Type' always; never "
              "$http_access_control_request_method or $http_access_control_request_headers.",
              "Header always set Access-Control-Allow-Methods \"GET, POST, PUT\" and a fixed "
              "Access-Control-Allow-Headers list; never echo %{Access-Control-Request-Headers}i."};
    case finding_class::missing_vary:
      return {
          "cors::policy adds Vary: Origin to every answer that depends on the origin; pass "
          "every response through it.",
          "add_header Vary Origin always; in every location (and in each if block that has "
          "add_header lines of its own).",
          "Header always merge Vary Origin"};
    case finding_class::origin_bytes_echoed:
      return {
          "The engine validates Origin against the serialized-origin grammar before "
          "echoing it; compare exact origins.",
          exact_nginx, exact_apache};
    case finding_class::error_response_cors:
      return {
          "Pass error responses through the policy too (cors::beast decorates every "
          "response the handler sends).",
          "Add 'always' to every add_header line, or error responses (4xx, 5xx) go without "
          "them.",
          "Use Header always set, not Header set: the latter skips error responses."};
    default:
      return {exact_library, exact_nginx, exact_apache};
  }
}

finding make_finding(finding_class c, severity level, const std::string& url, const probe_result& r,
                     std::string why) {
  const class_text text = text_of(c);
  const fixes f = fixes_for(c, r.what.trusted);
  return {c,           level,     url,     r.what.origin, std::string(text.title), std::move(why),
          r.exchanges, f.library, f.nginx, f.apache};
}

// A hostile origin the server named: what a page there can read, by the browsers' rules.
std::optional<finding> judge_hostile(const std::string& url, const probe_result& r) {
  if (!names_origin(r, r.what.origin)) return std::nullopt;
  const class_text text = text_of(r.what.tests);
  const bool with = readable(r.with_credentials);
  const bool without = readable(r.without_credentials);
  if (with)
    return make_finding(
        r.what.tests, text.with_credentials, url, r,
        fmt::format("A page at {} can read the response with credentials: 'include' (the user's "
                    "cookies go along): {}.",
                    r.what.origin, text.exploit));
  if (without)
    return make_finding(
        r.what.tests, text.without_credentials, url, r,
        fmt::format("A page at {} can read the response, but only without credentials (no "
                    "Access-Control-Allow-Credentials: true): it matters for data readable "
                    "without cookies, such as intranet or IP-restricted content; {}.",
                    r.what.origin, text.exploit));
  return make_finding(r.what.tests, severity::informational, url, r,
                      fmt::format("The server names {} in Access-Control-Allow-Origin, but no "
                                  "browser lets a page read this answer: {}.",
                                  r.what.origin, blocked_reason(r)));
}

std::optional<finding> judge_echo(const std::string& url, const probe_result& r) {
  for (const exchange_record& e : r.exchanges) {
    if (!e.response) continue;
    const bool injected = !values(*e.response, probe_header).empty();
    const std::vector<std::string> allowed = values(*e.response, "Access-Control-Allow-Origin");
    const bool echoed = std::any_of(allowed.begin(), allowed.end(), [](const std::string& v) {
      return v.find("%0d%0a") != std::string::npos || v.find_first_of("\r\n") != std::string::npos;
    });
    if (injected)
      return make_finding(r.what.tests, severity::informational, url, r,
                          fmt::format("The server decoded %0d%0a in Origin into a line break: "
                                      "the response carries a header line ({}) taken from the "
                                      "request. {}.",
                                      probe_header, text_of(r.what.tests).exploit));
    if (echoed)
      return make_finding(r.what.tests, severity::informational, url, r,
                          fmt::format("The server echoes an Origin that is not an origin. {}.",
                                      text_of(r.what.tests).exploit));
  }
  return std::nullopt;
}

std::optional<finding> judge_reflection(const std::string& url, const probe_result& r) {
  const received_response* answer = last_response(r);
  if (answer == nullptr) return std::nullopt;
  const std::vector<std::string> methods = list_items(*answer, "Access-Control-Allow-Methods");
  const std::vector<std::string> headers = list_items(*answer, "Access-Control-Allow-Headers");
  const bool method = std::find(methods.begin(), methods.end(), probe_method) != methods.end();
  const bool header = std::any_of(headers.begin(), headers.end(),
                                  [](const std::string& h) { return iequals(h, probe_header); });
  if (!method && !header) return std::nullopt;
  return make_finding(
      r.what.tests, text_of(r.what.tests).with_credentials, url, r,
      fmt::format("Asked for the method {} and the header {}, which no policy lists, the "
                  "preflight answer allowed {}: {}.",
                  probe_method, probe_header,
                  method && header ? "both" : (method ? "the method" : "the header"),
                  text_of(r.what.tests).exploit));
}

std::optional<finding> judge_missing_vary(const std::string& url, const probe_result& baseline,
                                          const probe_result* other) {
  const received_response* answer = last_response(baseline);
  if (answer == nullptr || other == nullptr) return std::nullopt;
  const std::optional<std::string> allowed = single(*answer, "Access-Control-Allow-Origin");
  if (allowed != baseline.what.origin) return std::nullopt;
  const std::vector<std::string> vary = list_items(*answer, "Vary");
  if (std::any_of(vary.begin(), vary.end(),
                  [](const std::string& v) { return v == "*" || iequals(v, "origin"); }))
    return std::nullopt;
  const received_response* other_answer = last_response(*other);
  if (other_answer == nullptr || single(*other_answer, "Access-Control-Allow-Origin") == allowed)
    return std::nullopt;  // the same for every origin: nothing to vary on
  return make_finding(finding_class::missing_vary, severity::low, url, baseline,
                      fmt::format("Access-Control-Allow-Origin is {} for {} and differs for {}, "
                                  "but the answer has no Vary: Origin: {}.",
                                  *allowed, baseline.what.origin, other->what.origin,
                                  text_of(finding_class::missing_vary).exploit));
}

std::optional<finding> judge_error(const std::string& url, const probe_result& error,
                                   const probe_result* baseline) {
  const received_response* answer = last_response(error);
  const received_response* normal = baseline ? last_response(*baseline) : nullptr;
  if (answer == nullptr || normal == nullptr || answer->status < 400) return std::nullopt;
  const std::vector<std::string> got = values(*answer, "Access-Control-Allow-Origin");
  const std::vector<std::string> usual = values(*normal, "Access-Control-Allow-Origin");
  if (got == usual || usual.empty()) return std::nullopt;
  const bool lost = got.empty();
  return make_finding(
      finding_class::error_response_cors, lost ? severity::informational : severity::low, url,
      error,
      lost ? fmt::format("The {} answer has no Access-Control-Allow-Origin, while the regular "
                         "answer has '{}': {}.",
                         answer->status, usual.front(),
                         text_of(finding_class::error_response_cors).exploit)
           : fmt::format("The {} answer has Access-Control-Allow-Origin '{}', the regular answer "
                         "'{}': the error response follows another policy.",
                         answer->status, got.front(), usual.front()));
}

std::optional<finding> judge_wildcard_credentials(const std::string& url,
                                                  const std::vector<probe_result>& results) {
  for (const probe_result& r : results)
    for (const exchange_record& e : r.exchanges)
      if (e.response && single(*e.response, "Access-Control-Allow-Origin") == "*" &&
          single(*e.response, "Access-Control-Allow-Credentials") == "true")
        return make_finding(finding_class::wildcard_with_credentials, severity::informational, url,
                            r,
                            fmt::format("The server tried to share with credentials and every "
                                        "origin: {}.",
                                        text_of(finding_class::wildcard_with_credentials).exploit));
  return std::nullopt;
}

// A class found makes these others redundant: the same bug, seen through another probe.
std::vector<finding_class> explained_by(finding_class c) {
  using fc = finding_class;
  switch (c) {
    case fc::origin_reflected:
      return {fc::null_origin,        fc::http_origin,        fc::any_subdomain,
              fc::prefix_match,       fc::suffix_match,       fc::unescaped_dot,
              fc::substring_match,    fc::special_characters, fc::third_party_hosting,
              fc::origin_bytes_echoed};
    case fc::suffix_match:
    case fc::third_party_hosting:
      return {fc::unescaped_dot, fc::any_subdomain, fc::suffix_match};
    case fc::prefix_match:
      return {fc::special_characters, fc::origin_bytes_echoed};
    case fc::special_characters:
      return {fc::origin_bytes_echoed};
    default:
      return {};
  }
}

}  // namespace

std::vector<finding> find(const std::string& url, const std::vector<probe_result>& results,
                          std::vector<std::string>& notes) {
  std::vector<finding> found;
  const probe_result* first_baseline = nullptr;
  const probe_result* any_origin = nullptr;
  for (const probe_result& r : results) {
    if (r.what.kind == probe_kind::baseline && first_baseline == nullptr) first_baseline = &r;
    if (r.what.kind == probe_kind::hostile && r.what.tests == finding_class::origin_reflected)
      any_origin = &r;
  }
  const auto keep = [&](std::optional<finding> f) {
    if (f) found.push_back(std::move(*f));
  };
  for (const probe_result& r : results) {
    switch (r.what.kind) {
      case probe_kind::baseline:
        if (!readable(r.with_credentials) && !readable(r.without_credentials))
          notes.push_back(fmt::format(
              "The trusted origin {} cannot read the response itself: {}. Check --origin, "
              "--method and --header.",
              r.what.origin, blocked_reason(r)));
        if (&r == first_baseline) keep(judge_missing_vary(url, r, any_origin));
        break;
      case probe_kind::hostile:
        keep(judge_hostile(url, r));
        break;
      case probe_kind::echo:
        keep(judge_echo(url, r));
        break;
      case probe_kind::reflection:
        keep(judge_reflection(url, r));
        break;
      case probe_kind::error_path:
        keep(judge_error(url, r, first_baseline));
        break;
    }
  }
  keep(judge_wildcard_credentials(url, results));

  // Root causes only: a class that another class found explains goes, unless it is that class.
  std::set<finding_class> present;
  for (const finding& f : found) present.insert(f.what);
  std::set<finding_class> redundant;
  for (const finding_class c : present)
    for (const finding_class e : explained_by(c))
      if (e != c) redundant.insert(e);
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&](const finding& f) { return redundant.count(f.what) != 0; }),
              found.end());
  // One finding per class and URL: the most severe.
  std::stable_sort(found.begin(), found.end(),
                   [](const finding& a, const finding& b) { return a.level > b.level; });
  std::set<finding_class> seen;
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&](const finding& f) { return !seen.insert(f.what).second; }),
              found.end());
  return found;
}

std::string_view title_of(finding_class c) {
  return text_of(c).title;
}

std::string_view to_string(finding_class c) noexcept {
  static constexpr std::array<std::string_view, finding_class_count> names = {
      "origin_reflected",
      "null_origin",
      "http_origin",
      "any_subdomain",
      "prefix_match",
      "suffix_match",
      "unescaped_dot",
      "substring_match",
      "special_characters",
      "third_party_hosting",
      "wildcard_with_credentials",
      "methods_headers_reflected",
      "missing_vary",
      "origin_bytes_echoed",
      "error_response_cors"};
  return names[static_cast<std::size_t>(c)];
}

std::string_view to_string(severity s) noexcept {
  static constexpr std::array<std::string_view, 5> names = {"informational", "low", "medium",
                                                            "high", "critical"};
  return names[static_cast<std::size_t>(s)];
}

std::optional<severity> parse_severity(std::string_view text) {
  for (int i = 0; i < 5; ++i)
    if (to_string(static_cast<severity>(i)) == text) return static_cast<severity>(i);
  return std::nullopt;
}

}  // namespace cors::doctor::scan
