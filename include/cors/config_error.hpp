// Problems found while validating a cors::config. Every problem is reported, not just the first.
#ifndef CORS_CONFIG_ERROR_HPP
#define CORS_CONFIG_ERROR_HPP

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cors {

enum class config_issue_kind {
  no_allowed_origin,                 // nothing would ever be allowed
  invalid_origin,                    // not a serialized origin: path, upper case, default port...
  null_origin_listed,                // "null" in allowed_origins; use allow_null_origin
  origin_pattern_too_broad,          // "https://*", or a wildcard over a public suffix
  wildcard_origin_with_credentials,  // "*" together with allow_credentials
  insecure_origin_with_credentials,  // http:// (not loopback) together with allow_credentials
  invalid_method,                    // not an RFC 9110 token
  forbidden_method,                  // CONNECT, TRACE, TRACK
  invalid_header_name,               // not an RFC 9110 token
  forbidden_header_name,             // a name browsers never let scripts set (or read)
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

// One problem, naming the entry it is about, e.g. field "allowed_origins[2]",
// value "https://app.example.com/", message "an origin has no path; remove the trailing '/'".
struct config_issue {
  config_issue_kind kind;
  std::string field;
  std::string value;
  std::string message;
};

// "allowed_origins[2] 'https://app.example.com/': an origin has no path ..."
std::string to_string(const config_issue& issue);

// Thrown by cors::policy's constructor. what() lists every issue, one per line.
class config_error : public std::invalid_argument {
 public:
  explicit config_error(std::vector<config_issue> issues);
  const std::vector<config_issue>& issues() const noexcept { return issues_; }

 private:
  std::vector<config_issue> issues_;
};

std::string_view to_string(config_issue_kind kind) noexcept;

}  // namespace cors

#endif  // CORS_CONFIG_ERROR_HPP
