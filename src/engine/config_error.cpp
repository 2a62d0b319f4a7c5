#include "cors/config_error.hpp"

#include <fmt/format.h>

#include <iterator>

CORS_BEGIN_NAMESPACE
namespace {

// Configuration values can come from files or the command line and contain anything; the
// message is for logs and terminals, so it stays printable ASCII on one line: control bytes and
// non-ASCII become \xNN, as in rejection explanations, and so do the quote and backslash of a
// quoted value.
std::string printable(std::string_view text, bool quoted) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || (quoted && (c == '\'' || c == '\\'))) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string join_issues(const std::vector<config_issue>& issues) {
  std::string out = fmt::format("invalid CORS configuration ({} problem{}):", issues.size(),
                                issues.size() == 1 ? "" : "s");
  for (const config_issue& issue : issues) {
    out += "\n  ";
    out += to_string(issue);
  }
  return out;
}

}  // namespace

std::string to_string(const config_issue& issue) {
  // The message may repeat the value, so both are made printable; so is the field, which a
  // policy file's unknown key fills with whatever bytes the key has.
  const std::string field = printable(issue.field, false);
  const std::string message = printable(issue.message, false);
  if (issue.value.empty()) return fmt::format("{}: {}", field, message);
  return fmt::format("{} '{}': {}", field, printable(issue.value, true), message);
}

config_error::config_error(std::vector<config_issue> issues)
    : std::invalid_argument(join_issues(issues)), issues_(std::move(issues)) {}

std::string_view to_string(config_issue_kind kind) noexcept {
  switch (kind) {
    case config_issue_kind::no_allowed_origin:
      return "no_allowed_origin";
    case config_issue_kind::invalid_origin:
      return "invalid_origin";
    case config_issue_kind::null_origin_listed:
      return "null_origin_listed";
    case config_issue_kind::origin_pattern_too_broad:
      return "origin_pattern_too_broad";
    case config_issue_kind::wildcard_origin_with_credentials:
      return "wildcard_origin_with_credentials";
    case config_issue_kind::wildcard_origin_with_other_entries:
      return "wildcard_origin_with_other_entries";
    case config_issue_kind::insecure_origin_with_credentials:
      return "insecure_origin_with_credentials";
    case config_issue_kind::invalid_method:
      return "invalid_method";
    case config_issue_kind::forbidden_method:
      return "forbidden_method";
    case config_issue_kind::invalid_header_name:
      return "invalid_header_name";
    case config_issue_kind::forbidden_header_name:
      return "forbidden_header_name";
    case config_issue_kind::wildcard_exposed_headers_with_credentials:
      return "wildcard_exposed_headers_with_credentials";
    case config_issue_kind::duplicate_entry:
      return "duplicate_entry";
    case config_issue_kind::max_age_out_of_range:
      return "max_age_out_of_range";
    case config_issue_kind::invalid_preflight_status:
      return "invalid_preflight_status";
    case config_issue_kind::redundant_entry:
      return "redundant_entry";
    case config_issue_kind::lowercase_method:
      return "lowercase_method";
    case config_issue_kind::max_age_above_browser_cap:
      return "max_age_above_browser_cap";
    case config_issue_kind::legacy_private_network:
      return "legacy_private_network";
  }
  return "unknown";
}

std::string_view to_string(issue_severity severity) noexcept {
  return severity == issue_severity::warning ? "warning" : "error";
}

CORS_END_NAMESPACE
