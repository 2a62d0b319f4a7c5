// The origin check of every CORS request (docs/how-it-decides.md, 2, "Origin").
#ifndef CORS_SRC_ORIGIN_CHECK_HPP
#define CORS_SRC_ORIGIN_CHECK_HPP

#include <string_view>

#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "origin.hpp"
#include "policy_state.hpp"

namespace cors::detail {

// rejection_reason::none when the policy allows the request's origin. The offending value of a
// rejection, and the allowed origin that Access-Control-Allow-Origin reflects, are both
// origin.line(0): only an origin that passed the serialized-origin grammar is ever allowed.
inline rejection_reason check_origin(const policy_state& s, const header_field& origin) noexcept {
  if (s.any_origin) return rejection_reason::none;
  if (origin.line_count() != 1) return rejection_reason::malformed_origin;
  const std::string_view value = origin.line(0);
  // Listed exactly: valid by construction, no parsing needed.
  if (s.origins.matches_exact(value)) return rejection_reason::none;
  if (value == "null")
    return s.cfg.allow_null_origin ? rejection_reason::none : rejection_reason::origin_not_allowed;
  origin_parts parts;
  if (parse_origin(value, parts) != origin_error::none) return rejection_reason::malformed_origin;
  if (s.origins.matches_pattern(parts)) return rejection_reason::none;
  if (!s.cfg.origin_predicate) return rejection_reason::origin_not_allowed;
  try {
    return s.cfg.origin_predicate(value) ? rejection_reason::none
                                         : rejection_reason::origin_not_allowed;
  } catch (...) {
    return rejection_reason::origin_not_allowed;  // a failing predicate denies; never a crash
  }
}

}  // namespace cors::detail

#endif  // CORS_SRC_ORIGIN_CHECK_HPP
