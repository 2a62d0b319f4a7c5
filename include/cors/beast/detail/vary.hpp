// Merging Vary tokens into a response's own Vary header (Fetch, "CORS protocol and HTTP caches").
#ifndef CORS_BEAST_DETAIL_VARY_HPP
#define CORS_BEAST_DETAIL_VARY_HPP

#include <array>
#include <boost/beast/http/field.hpp>
#include <cstddef>
#include <cstring>
#include <string_view>

#include "cors/beast/detail/text.hpp"

namespace cors::beast::detail {

// A fixed buffer for the merged Vary value: Vary lines are short, and merging must not allocate.
// A longer value is not truncated; the missing tokens go on a Vary line of their own instead.
class vary_buffer {
 public:
  static constexpr std::size_t capacity = 1024;

  bool append(std::string_view s) noexcept {
    if (s.size() > capacity - size_) return false;
    std::memcpy(data_.data() + size_, s.data(), s.size());
    size_ += s.size();
    return true;
  }
  bool append_element(std::string_view element) noexcept {
    return (size_ == 0 || append(", ")) && append(element);
  }
  std::string_view view() const noexcept { return {data_.data(), size_}; }

 private:
  std::array<char, capacity> data_;
  std::size_t size_ = 0;
};

template <class Fields>
bool has_vary_token(const Fields& fields, std::string_view token) {
  const auto range = fields.equal_range(boost::beast::http::field::vary);
  for (auto line = range.first; line != range.second; ++line) {
    const bool absent = for_each_list_element(to_std(line->value()), [&](std::string_view t) {
      return !(t == "*" || iequals(t, token));
    });
    if (!absent) return true;
  }
  return false;
}

// Adds every token of `tokens` (a comma-separated list) that `fields` does not already vary on,
// compared case-insensitively. "Vary: *" already covers everything. The application's lines
// are kept as written, joined into one line with the missing tokens appended.
template <class Fields>
void merge_vary(Fields& fields, std::string_view tokens) {
  namespace http = boost::beast::http;
  if (fields.count(http::field::vary) == 0) {
    if (!trim_ows(tokens).empty()) fields.insert(http::field::vary, to_beast(tokens));
    return;
  }
  vary_buffer merged;
  bool fits = true;
  const auto range = fields.equal_range(http::field::vary);
  for (auto line = range.first; line != range.second; ++line) {
    const std::string_view value = trim_ows(to_std(line->value()));
    if (!value.empty()) fits = fits && merged.append_element(value);
  }
  bool added = false;
  for_each_list_element(tokens, [&](std::string_view token) {
    if (has_vary_token(fields, token)) return true;
    added = true;
    if (fits) fits = merged.append_element(token);
    return true;
  });
  if (!added) return;
  if (fits) {
    fields.set(http::field::vary, to_beast(merged.view()));
    return;
  }
  // Too long for the buffer: several Vary lines mean the same as one joined line (RFC 9110, 5.3).
  for_each_list_element(tokens, [&](std::string_view token) {
    if (!has_vary_token(fields, token)) fields.insert(http::field::vary, to_beast(token));
    return true;
  });
}

}  // namespace cors::beast::detail

#endif  // CORS_BEAST_DETAIL_VARY_HPP
