// Collects the repeated lines of one request header into a fixed array, without allocating.
#ifndef CORS_BEAST_DETAIL_REQUEST_LINES_HPP
#define CORS_BEAST_DETAIL_REQUEST_LINES_HPP

#include <array>
#include <cstddef>
#include <string_view>

#include "cors/beast/detail/text.hpp"
#include "cors/request.hpp"

namespace cors::beast::detail {

// Holds up to Capacity lines of one header. Capacity is one more than the policy accepts for
// that header, so a request with more lines than fit still shows the policy a count above its
// limit and is rejected as malformed, while the policy never reads past the array.
template <std::size_t Capacity>
class header_lines {
 public:
  static_assert(Capacity >= 2, "one line accepted plus one to exceed it");

  // `name` is an http::field or a header name; the fields must outlive the returned view.
  template <class Fields, class Name>
  header_field collect(const Fields& fields, Name name) noexcept {
    std::size_t count = 0;
    const auto range = fields.equal_range(name);
    for (auto line = range.first; line != range.second && count < Capacity; ++line)
      lines_[count++] = to_std(line->value());
    return header_field(lines_.data(), count);
  }

 private:
  std::array<std::string_view, Capacity> lines_{};
};

}  // namespace cors::beast::detail

#endif  // CORS_BEAST_DETAIL_REQUEST_LINES_HPP
