// The grammar of an allowed_origins entry: an exact origin, or a pattern with "*." for any
// subdomains and ":*" for any port (like jub0bs/cors's ParsePattern).
#ifndef CORS_SRC_ORIGIN_PATTERN_HPP
#define CORS_SRC_ORIGIN_PATTERN_HPP

#include <optional>
#include <string>
#include <string_view>

#include "cors/config_error.hpp"
#include "origin.hpp"

namespace cors::detail {

// A parsed entry. `origin` and `parts` view into the entry, or into `storage` for a subdomain
// pattern: the pattern stays where it was parsed, and an exact origin is never copied.
struct origin_pattern {
  std::string_view origin;  // the entry without "*." and ":*": a serialized origin
  origin_parts parts;
  bool subdomains = false;  // "scheme://*.host": the host's subdomains, not the host itself
  bool any_port = false;    // "scheme://host:*"
  std::string storage;      // a subdomain pattern's origin, its "*." taken off

  origin_pattern() = default;
  origin_pattern(const origin_pattern&) = delete;
  origin_pattern& operator=(const origin_pattern&) = delete;
};

// Why an entry is not an allowed origin: the kind of config issue and its message.
struct origin_pattern_problem {
  config_issue_kind kind;
  std::string message;
};

// Parses `entry` (neither "*" nor "null", which the configuration handles) into `out`: an http or
// https origin, "*." only as the leftmost label of a domain that is not a public suffix, ":*" only
// as the whole port.
std::optional<origin_pattern_problem> parse_origin_pattern(std::string_view entry,
                                                           origin_pattern& out);

}  // namespace cors::detail

#endif  // CORS_SRC_ORIGIN_PATTERN_HPP
