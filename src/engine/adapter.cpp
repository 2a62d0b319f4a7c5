// The server-agnostic adapter helpers of cors/adapter.hpp.
#include "cors/adapter.hpp"

#include <cstring>

#include "tokens.hpp"

CORS_BEGIN_NAMESPACE

namespace {

using detail::for_each_list_element;

constexpr std::string_view vary_name = "Vary";
constexpr std::string_view access_control_prefix = "Access-Control-";

bool is_access_control(std::string_view name) noexcept {
  return name.size() > access_control_prefix.size() &&
         detail::istarts_with(name, access_control_prefix);
}

}  // namespace

void request_lines::keep(std::string_view name, std::string_view value) noexcept {
  const auto collect = [value](auto& lines, header_field& field) {
    if (lines.count == lines.values.size()) return;  // already more than the policy accepts
    lines.values[lines.count++] = value;
    field = header_field(lines.values.data(), lines.count);
  };
  switch (name.size()) {
    case 6:
      if (detail::iequals(name, "Origin")) collect(origin_, view_.origin);
      break;
    case 29:
      if (detail::iequals(name, "Access-Control-Request-Method"))
        collect(request_method_, view_.access_control_request_method);
      break;
    case 30:
      if (detail::iequals(name, "Access-Control-Request-Headers"))
        collect(request_headers_, view_.access_control_request_headers);
      break;
    case 38:
      if (detail::iequals(name, "Access-Control-Request-Private-Network"))
        collect(private_network_, view_.access_control_request_private_network);
      break;
    default:
      break;
  }
}

void vary_lines::add(std::string_view name, std::string_view value) noexcept {
  if (!detail::iequals(name, vary_name)) return;
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
  for_each_list_element(line, [this](std::string_view own) {
    if (own == "*") star_ = true;
    std::uint32_t bit = 1;
    for_each_list_element(tokens_, [&](std::string_view token) {
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
  for_each_list_element(tokens_, [&](std::string_view) {
    missing = missing || (covered_ & bit) == 0;
    bit <<= 1;
  });
  if (!missing) return change::none;

  // The missing tokens, appended to the buffer from `size` on; false if they do not fit.
  const auto append_missing = [this](std::size_t size) {
    std::uint32_t token_bit = 1;
    bool fits = true;
    for_each_list_element(tokens_, [&](std::string_view token) {
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

response_lines::response_lines(const decision& d) noexcept : decision_(d), vary_(d.vary()) {}

void response_lines::add(std::string_view name, std::string_view value) noexcept {
  if (is_access_control(name)) {
    answered_by_application_ = true;
    return;
  }
  vary_.add(name, value);
}

bool response_lines::added(std::size_t header) const noexcept {
  const std::string_view name = decision_.begin()[header].name;
  if (detail::iequals(name, vary_name)) return false;  // merged instead
  return !(answered_by_application_ && is_access_control(name));
}

CORS_END_NAMESPACE
