// The private network check of a preflight (docs/how-it-decides.md, 2, "Private network";
// Private Network Access, "CORS-preflight request" with Access-Control-Request-Private-Network).
#ifndef CORS_SRC_PRIVATE_NETWORK_CHECK_HPP
#define CORS_SRC_PRIVATE_NETWORK_CHECK_HPP

#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "policy_state.hpp"
#include "tokens.hpp"

namespace cors::detail {

// Whether the preflight asks for private network access: exactly one line, "true".
inline bool requests_private_network(const header_field& requested) noexcept {
  return requested.line_count() == 1 && trim_ows(requested.line(0)) == "true";
}

inline rejection_reason check_private_network(const policy_state& s, bool requested) noexcept {
  return requested && !s.cfg.allow_private_network ? rejection_reason::private_network_not_allowed
                                                   : rejection_reason::none;
}

}  // namespace cors::detail

#endif  // CORS_SRC_PRIVATE_NETWORK_CHECK_HPP
