#include "origin_pattern.hpp"

#include <fmt/format.h>

#include "public_suffixes.hpp"

namespace cors::detail {
namespace {

bool is_public_suffix(const std::string& domain) {
  const psl_ctx_t* psl = public_suffix_list();
  // No "*" default rule: only suffixes the list names, so "*.localhost" or "*.internal" stay
  // usable while "*.com", "*.co.uk" and "*.github.io" are refused.
  return psl != nullptr &&
         psl_is_public_suffix2(psl, domain.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

template <class... Args>
origin_pattern_problem problem(config_issue_kind kind, fmt::format_string<Args...> message,
                               Args&&... args) {
  return {kind, fmt::format(message, std::forward<Args>(args)...)};
}

// Not an origin: several of them written as one entry is the likelier mistake than whichever of
// their bytes the grammar trips on first.
origin_pattern_problem not_an_origin(std::string_view entry, std::string_view message) {
  return problem(config_issue_kind::invalid_origin, "{}",
                 holds_several_origins(entry)
                     ? "a list of origins written as one entry; give each origin an entry of its "
                       "own"
                     : message);
}

}  // namespace

std::optional<origin_pattern_problem> parse_origin_pattern(std::string_view entry,
                                                           origin_pattern& out) {
  // Patterns: "*." as the leftmost label, ":*" as the port. Take them off, and what is left
  // must be a serialized origin.
  out.subdomains = false;
  out.any_port = false;
  std::string_view concrete = entry;
  const std::size_t separator = entry.find("://");
  if (separator != std::string_view::npos) {
    const std::string_view after = entry.substr(separator + 3);
    if (after == "*" || after == "*." || after.rfind("*:", 0) == 0)
      return problem(config_issue_kind::origin_pattern_too_broad,
                     "matches every host; list the origins, or use '*' if any origin may read "
                     "the responses");
    if (after.rfind("*.", 0) == 0) {
      out.subdomains = true;
      out.storage = entry;
      out.storage.erase(separator + 3, 2);
      concrete = out.storage;
    }
    if (concrete.size() >= 2 && concrete.compare(concrete.size() - 2, 2, ":*") == 0) {
      out.any_port = true;
      concrete.remove_suffix(2);
    }
  }
  out.origin = concrete;
  if (concrete.find('*') != std::string_view::npos)
    return not_an_origin(entry,
                         "'*' may only stand for leading labels ('https://*.example.com') or for "
                         "the port ('http://localhost:*')");
  origin_parts& parts = out.parts;
  if (const origin_error error = parse_origin(concrete, parts); error != origin_error::none)
    return not_an_origin(entry, describe(error));
  if (parts.scheme != "http" && parts.scheme != "https")
    return problem(config_issue_kind::invalid_origin, "only http and https origins can be allowed");
  if (out.any_port && parts.port != -1)
    return problem(config_issue_kind::invalid_origin, "gives two ports");
  if (out.subdomains && parts.kind != host_kind::domain)
    return problem(config_issue_kind::invalid_origin,
                   "a subdomain wildcard needs a domain name, not an IP address");
  if (out.subdomains && is_public_suffix(std::string(parts.host)))
    return problem(config_issue_kind::origin_pattern_too_broad,
                   "'{}' is a public suffix: anyone can register a domain under it; allow your "
                   "own domain's subdomains instead, e.g. 'https://*.example.{}'",
                   parts.host, parts.host);
  return std::nullopt;
}

}  // namespace cors::detail
