// Vary: the tokens of a policy, and cors::vary_lines, their merge into a response's own Vary
// (see vary.hpp).
#include "vary.hpp"

#include <cstring>

#include "cors/adapter.hpp"
#include "tokens.hpp"

namespace cors::detail {

vary_tokens build_vary_tokens(const vary_inputs& policy) {
  vary_tokens tokens;
  const auto add = [](std::string& list, std::string_view token) {
    if (!list.empty()) list += ", ";
    list += token;
  };
  // With "*", every response carries Access-Control-Allow-Origin: * whatever the Origin.
  if (!policy.any_origin) {
    add(tokens.actual, "Origin");
    add(tokens.preflight, "Origin");
  }
  if (policy.reflect_method) add(tokens.preflight, "Access-Control-Request-Method");
  if (policy.reflect_headers) add(tokens.preflight, "Access-Control-Request-Headers");
  if (policy.allow_private_network) add(tokens.preflight, "Access-Control-Request-Private-Network");
  return tokens;
}

}  // namespace cors::detail

CORS_BEGIN_NAMESPACE

void vary_lines::add(std::string_view name, std::string_view value) noexcept {
  if (!detail::iequals(name, detail::vary_header)) return;
  ++lines_;
  const std::string_view line = detail::trim_ows(value);
  if (!line.empty() && !overflow_) {
    const std::size_t separator = size_ == 0 ? 0 : 2;
    if (line.size() + separator > capacity - size_) {
      overflow_ = true;
    } else {
      std::memcpy(buffer_.data() + size_, ", ", separator);
      std::memcpy(buffer_.data() + size_ + separator, line.data(), line.size());
      size_ += separator + line.size();
    }
  }
  detail::for_each_list_element(line, [this](std::string_view own) {
    if (own == "*") star_ = true;
    std::uint32_t bit = 1;
    detail::for_each_list_element(tokens_, [&](std::string_view token) {
      if (detail::iequals(own, token)) covered_ |= bit;
      bit <<= 1;
    });
  });
}

vary_lines::change vary_lines::merge() noexcept {
  if (lines_ == 0) {
    value_ = detail::trim_ows(tokens_);
    return value_.empty() ? change::none : change::add;
  }
  if (star_) return change::none;

  bool missing = false;
  std::uint32_t bit = 1;
  detail::for_each_list_element(tokens_, [&](std::string_view) {
    missing = missing || (covered_ & bit) == 0;
    bit <<= 1;
  });
  if (!missing) return change::none;

  // The missing tokens, appended to the buffer from `size` on; false if they do not fit.
  const auto append_missing = [this](std::size_t size) {
    std::uint32_t token_bit = 1;
    bool fits = true;
    detail::for_each_list_element(tokens_, [&](std::string_view token) {
      if (fits && (covered_ & token_bit) == 0) {
        const std::size_t separator = size == 0 ? 0 : 2;
        fits = token.size() + separator <= capacity - size;
        if (fits) {
          std::memcpy(buffer_.data() + size, ", ", separator);
          std::memcpy(buffer_.data() + size + separator, token.data(), token.size());
          size += separator + token.size();
        }
      }
      token_bit <<= 1;
    });
    value_ = std::string_view(buffer_.data(), fits ? size : 0);
    return fits;
  };
  if (!overflow_ && append_missing(size_)) return change::replace;
  // Too long for one line: the missing tokens on a line of their own (several Vary lines mean
  // one list, RFC 9110, 5.3); every token if even those do not fit.
  if (!append_missing(0)) value_ = detail::trim_ows(tokens_);
  return change::add;
}

CORS_END_NAMESPACE
