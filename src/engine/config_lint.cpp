// Advice about configurations that build but probably do not do what was meant.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "cors/policy.hpp"
#include "fetch_rules.hpp"

CORS_BEGIN_NAMESPACE
namespace {

// Content-Type and Range are safelisted for a few values only (the form types, one byte range):
// listing them is how pages send the others, JSON among them.
bool is_safelisted_whatever_the_value(std::string_view name) {
  return detail::is_listed(name, detail::safelisted_request_header_names) &&
         !detail::iequals(name, "content-type") && !detail::iequals(name, "range");
}

bool has_lower_case_letter(std::string_view s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}

}  // namespace

std::vector<config_issue> lint(const config& cfg) {
  std::vector<config_issue> warnings;
  auto warn = [&warnings](config_issue_kind kind, std::string field, std::string_view value,
                          std::string message) {
    warnings.push_back(
        config_issue{kind, std::move(field), std::string(value), std::move(message)});
  };

  for (std::size_t i = 0; i < cfg.allowed_methods.size(); ++i) {
    const std::string& method = cfg.allowed_methods[i];
    const std::string field = fmt::format("allowed_methods[{}]", i);
    const std::string_view sent = detail::normalized_method(method);
    if (detail::is_safelisted_method(sent)) {
      warn(config_issue_kind::redundant_entry, field, method,
           "GET, HEAD and POST are always allowed (CORS-safelisted); listing them changes nothing");
    } else if (method != "*" && has_lower_case_letter(method) && sent.empty()) {
      warn(config_issue_kind::lowercase_method, field, method,
           fmt::format("fetch() sends '{}' exactly as written, so a page sending the usual "
                       "upper-case form is refused; list the method as pages send it",
                       method));
    }
  }
  for (std::size_t i = 0; i < cfg.allowed_headers.size(); ++i) {
    const std::string& name = cfg.allowed_headers[i];
    if (is_safelisted_whatever_the_value(name))
      warn(config_issue_kind::redundant_entry, fmt::format("allowed_headers[{}]", i), name,
           "a CORS-safelisted request header needs no listing unless pages send unusual values "
           "in it (content-type does need listing for JSON)");
  }
  for (std::size_t i = 0; i < cfg.exposed_headers.size(); ++i) {
    const std::string& name = cfg.exposed_headers[i];
    if (detail::is_listed(name, detail::safelisted_response_header_names))
      warn(config_issue_kind::redundant_entry, fmt::format("exposed_headers[{}]", i), name,
           "scripts can always read CORS-safelisted response headers");
  }
  if (cfg.max_age_seconds && *cfg.max_age_seconds > 7200 && *cfg.max_age_seconds <= 86400)
    warn(config_issue_kind::max_age_above_browser_cap, "max_age_seconds",
         std::to_string(*cfg.max_age_seconds),
         "Chromium caches preflights for at most 7200 s (Firefox 86400 s)");
  if (cfg.allow_private_network)
    warn(config_issue_kind::legacy_private_network, "allow_private_network", "true",
         "Chromium replaced the Private Network Access preflight with Local Network Access, a "
         "user permission prompt; the header only serves older browsers");
  return warnings;
}

CORS_END_NAMESPACE
