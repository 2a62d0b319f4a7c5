// The server-agnostic adapter helpers of cors/adapter.hpp.
#include "cors/adapter.hpp"

#include "tokens.hpp"
#include "vary.hpp"

CORS_BEGIN_NAMESPACE

namespace {

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
  if (detail::iequals(name, detail::vary_header)) return false;  // merged instead
  return !(answered_by_application_ && is_access_control(name));
}

CORS_END_NAMESPACE
