// Problems found while validating a cors::config. Every problem is reported, not just the first.
#ifndef CORS_CONFIG_ERROR_HPP
#define CORS_CONFIG_ERROR_HPP

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

enum class config_issue_kind {
  no_allowed_origin,                   // nothing would ever be allowed
  invalid_origin,                      // not a serialized origin: path, upper case, default port...
  null_origin_listed,                  // "null" in allowed_origins; use allow_null_origin
  origin_pattern_too_broad,            // "https://*", or a wildcard over a public suffix
  wildcard_origin_with_credentials,    // "*" together with allow_credentials
  wildcard_origin_with_other_entries,  // "*" beside other origins or an origin_predicate
  insecure_origin_with_credentials,    // http:// (not loopback) together with allow_credentials
  invalid_method,                      // not an RFC 9110 token
  forbidden_method,                    // CONNECT, TRACE, TRACK
  invalid_header_name,                 // not an RFC 9110 token
  forbidden_header_name,               // a name browsers never let scripts set (or read)
  wildcard_exposed_headers_with_credentials,
  duplicate_entry,
  max_age_out_of_range,
  invalid_preflight_status,

  // Warnings from cors::lint(): the policy builds and works, but probably not as meant.
  redundant_entry,            // GET/HEAD/POST, safelisted request or response headers
  lowercase_method,           // "patch": fetch() sends it as written, so "PATCH" is not allowed
  max_age_above_browser_cap,  // Chromium caps at 7200 s
  legacy_private_network,     // Chromium replaced the PNA preflight with a permission prompt
};

// An error keeps the policy from being built (cors::validate reports these); a warning is
// advice from cors::lint about a configuration that builds.
enum class issue_severity { error, warning };

// The severity each kind always has. No default case: a new kind must be given one here.
[[nodiscard]] constexpr issue_severity severity_of(config_issue_kind kind) noexcept {
  switch (kind) {
    case config_issue_kind::redundant_entry:
    case config_issue_kind::lowercase_method:
    case config_issue_kind::max_age_above_browser_cap:
    case config_issue_kind::legacy_private_network:
      return issue_severity::warning;
    case config_issue_kind::no_allowed_origin:
    case config_issue_kind::invalid_origin:
    case config_issue_kind::null_origin_listed:
    case config_issue_kind::origin_pattern_too_broad:
    case config_issue_kind::wildcard_origin_with_credentials:
    case config_issue_kind::wildcard_origin_with_other_entries:
    case config_issue_kind::insecure_origin_with_credentials:
    case config_issue_kind::invalid_method:
    case config_issue_kind::forbidden_method:
    case config_issue_kind::invalid_header_name:
    case config_issue_kind::forbidden_header_name:
    case config_issue_kind::wildcard_exposed_headers_with_credentials:
    case config_issue_kind::duplicate_entry:
    case config_issue_kind::max_age_out_of_range:
    case config_issue_kind::invalid_preflight_status:
      break;
  }
  return issue_severity::error;
}

// One problem, naming the entry it is about, e.g. field "allowed_origins[2]",
// value "https://app.example.com/", message "an origin has no path; remove the trailing '/'".
struct config_issue {
  config_issue_kind kind;
  std::string field;
  std::string value;
  std::string message;

  [[nodiscard]] issue_severity severity() const noexcept { return severity_of(kind); }
};

// "allowed_origins[2] 'https://app.example.com/': an origin has no path ..."
[[nodiscard]] CORS_API std::string to_string(const config_issue& issue);

// Thrown by cors::policy's constructor. what() lists every issue, one per line.
class CORS_API config_error : public std::invalid_argument {
 public:
  explicit config_error(std::vector<config_issue> issues);
  [[nodiscard]] const std::vector<config_issue>& issues() const noexcept { return issues_; }

 private:
  std::vector<config_issue> issues_;
};

[[nodiscard]] CORS_API std::string_view to_string(config_issue_kind kind) noexcept;
[[nodiscard]] CORS_API std::string_view to_string(issue_severity severity) noexcept;

CORS_END_NAMESPACE

#endif  // CORS_CONFIG_ERROR_HPP
