// cors-doctor scan: from the origins a site trusts, the hostile origins of every known CORS
// misconfiguration, the requests a browser would send for each, and what the answers let an
// attacker's page read, judged by cors::checker (the browsers' rules).
//
// Three steps, each pure but the second: derive_probes() (which origins, which requests),
// run_scan() (sends them, politely), find() (judges the answers and keeps the root causes).
#ifndef CORS_SRC_DOCTOR_SCAN_HPP
#define CORS_SRC_DOCTOR_SCAN_HPP

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cors/checker.hpp"
#include "http_client.hpp"
#include "report.hpp"

namespace cors::doctor::scan {

// The misconfiguration classes, each with its own hostile origin or request.
enum class finding_class {
  origin_reflected,           // any origin trusted
  null_origin,                // "null" trusted (sandboxed frames, data: URLs)
  http_origin,                // http:// trusted for an https:// origin
  any_subdomain,              // every subdomain of a trusted host
  prefix_match,               // trusted.example.com.attacker.example
  suffix_match,               // attackerexample.com
  unescaped_dot,              // appxexample.com for app.example.com
  substring_match,            // app.example.co: the origin is a part of a trusted string
  special_characters,         // app.example.com_.attacker.example, app.example.com`.attacker...
  third_party_hosting,        // a sibling under a public-suffix-list PRIVATE suffix (github.io)
  wildcard_with_credentials,  // Access-Control-Allow-Origin: * with -Credentials: true
  methods_headers_reflected,  // Access-Control-Allow-Methods / -Headers echo what was asked
  missing_vary,               // an origin-dependent answer without Vary: Origin
  origin_bytes_echoed,        // bytes no browser puts in an Origin come back (CR/LF...)
  error_response_cors,        // an error response loses or changes its CORS headers
};

std::string_view to_string(finding_class c) noexcept;  // "origin_reflected"...
constexpr int finding_class_count = 15;
std::string_view title_of(finding_class c);  // what the server trusts or does, one line

enum class severity { informational, low, medium, high, critical };

std::string_view to_string(severity s) noexcept;  // "informational"...
std::optional<severity> parse_severity(std::string_view text);

// What a probe asks, and of whom.
enum class probe_kind {
  baseline,    // a trusted origin, as the site's own pages call
  hostile,     // an origin derived from a trusted one; the preflight and actual request
  echo,        // an Origin no browser sends; its bytes must not come back
  reflection,  // a preflight asking for a made-up method and header (OPTIONS only)
  error_path,  // a trusted origin, a path that does not exist: the error response
};

struct probe {
  probe_kind kind = probe_kind::hostile;
  finding_class tests = finding_class::origin_reflected;  // hostile and echo probes
  std::string origin;                                     // the Origin header sent
  std::string trusted;  // the trusted origin it was derived from (or that it is)
};

// The names a probe uses: an attacker's registrable domain (".example" is reserved, RFC 2606),
// the method and header no policy lists, and the path appended to provoke an error.
inline constexpr std::string_view attacker_domain = "attacker.example";
inline constexpr std::string_view probe_label = "cors-doctor-probe";
inline constexpr std::string_view probe_method = "CORS-DOCTOR-PROBE";
inline constexpr std::string_view probe_header = "x-cors-doctor-probe";
inline constexpr std::string_view missing_path = "cors-doctor-probe-missing";

// Thrown for a trusted origin or hosting suffix the scan cannot use; what() says why.
class invalid_input : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The probes for one URL, in sending order. `hosting_suffixes` must each be a suffix of the
// public suffix list's PRIVATE section; the private suffix a trusted origin lives under is
// added by itself. Throws invalid_input.
std::vector<probe> derive_probes(const std::vector<std::string>& trusted_origins,
                                 const std::vector<std::string>& hosting_suffixes);

// The most requests derive_probes() can plan for one URL (each hostile probe: a preflight and
// the actual request).
int request_budget(std::size_t trusted_origins, std::size_t hosting_suffixes);

// What one probe got back.
struct probe_result {
  probe what;
  std::vector<exchange_record> exchanges;  // preflight (when sent), then the actual request
  // The browser's verdicts on these answers for the probe's origin (empty for reflection,
  // echo and error probes, or when the network failed).
  std::optional<checker::verdict> with_credentials;
  std::optional<checker::verdict> without_credentials;
};

struct finding {
  finding_class what = finding_class::origin_reflected;
  severity level = severity::informational;
  std::string url;
  std::string hostile_origin;  // the Origin that got the answer (or the trusted one)
  std::string title;           // one line
  std::string why;             // why a browser would, or would not, let an attacker's page read
  std::vector<exchange_record> exchanges;
  std::string fix_library;  // this library's cors::config
  std::string fix_nginx;
  std::string fix_apache;
};

enum class output_format { text, json, sarif };

// The scan's command line, as parsed.
struct options {
  std::vector<std::string> urls;
  std::vector<std::string> trusted_origins;
  std::vector<std::string> hosting_suffixes;
  std::string method = "GET";
  std::vector<checker::header_line> headers;
  bool credentials = false;  // the trusted pages' fetch() uses credentials: 'include'
  double rate = 10;          // requests per second, at most
  client_options client;
  severity fail_on = severity::low;
  output_format format = output_format::text;
};

struct url_report {
  std::string url;
  std::vector<finding> findings;
  std::vector<std::string> notes;            // e.g. a trusted origin the server does not allow
  std::optional<std::string> network_error;  // the scan of this URL stopped here
  int requests_sent = 0;
};

// Judges one URL's probe results: every finding, root causes only (a server that reflects any
// origin is not also reported for prefix, suffix or null trust).
std::vector<finding> find(const std::string& url, const std::vector<probe_result>& results,
                          std::vector<std::string>& notes);

// Sends each URL its probes (at most `rate` requests a second) and judges the answers. Throws
// checker::invalid_request when fetch() would refuse the request itself.
std::vector<url_report> run_scan(const options& o);

// 0: nothing at or above fail_on; 1: findings; 3: a network error.
int exit_status_of(const std::vector<url_report>& reports, severity fail_on);

std::string text_report(const options& o, const std::vector<url_report>& reports);
std::string json_report(const options& o, const std::vector<url_report>& reports);
std::string sarif_report(const options& o, const std::vector<url_report>& reports);

// `cors-doctor scan ...`: argv[0] is "scan". Returns the exit status.
int main(int argc, char** argv);

}  // namespace cors::doctor::scan

#endif  // CORS_SRC_DOCTOR_SCAN_HPP
