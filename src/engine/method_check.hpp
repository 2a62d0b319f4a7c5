// The method check of a preflight (docs/how-it-decides.md, 2, "Method"): its
// Access-Control-Request-Method against the policy's methods.
#ifndef CORS_SRC_METHOD_CHECK_HPP
#define CORS_SRC_METHOD_CHECK_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "fetch_rules.hpp"
#include "policy_state.hpp"
#include "string_table.hpp"
#include "tokens.hpp"

namespace cors::detail {

// Longest method accepted in Access-Control-Request-Method; real methods are a few letters.
inline constexpr std::size_t max_method_length = 64;
// Whitespace tolerated around it, so that a value padded with a megabyte of spaces is refused
// by its length alone instead of being trimmed byte by byte.
inline constexpr std::size_t max_method_padding = 4;

struct method_check {
  rejection_reason reason = rejection_reason::none;
  // The requested method once it is a token (reflected under "*" with credentials), or the
  // offending bytes of a malformed one.
  std::string_view method;
};

// Methods are compared byte for byte, as browsers do; the list is short, so a scan with an
// inline comparison beats any table.
inline bool is_allowed_method(const std::vector<std::string>& methods,
                              std::string_view method) noexcept {
  for (const std::string& listed : methods)
    if (listed.size() == method.size() && same_bytes(listed.data(), method.data(), method.size()))
      return true;
  return false;
}

inline method_check check_request_method(const policy_state& s,
                                         const header_field& requested) noexcept {
  const std::string_view raw = requested.line(0);
  std::string_view method;
  if (raw.size() <= max_method_length + max_method_padding) method = trim_ows(raw);
  if (requested.line_count() != 1 || method.size() > max_method_length || !is_token(method))
    return {rejection_reason::malformed_request_method, raw.substr(0, max_method_length)};
  if (!is_safelisted_method(method) && !s.any_method && !is_allowed_method(s.methods, method))
    return {rejection_reason::method_not_allowed, method};
  return {rejection_reason::none, method};
}

}  // namespace cors::detail

#endif  // CORS_SRC_METHOD_CHECK_HPP
