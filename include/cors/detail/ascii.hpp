// ASCII case and whitespace helpers of HTTP (RFC 9110): header names and list tokens are
// case-insensitive, list elements are trimmed of optional whitespace. Header-only, for the engine,
// the checker, the tools and the header-only adapters alike; not part of the public API.
#ifndef CORS_DETAIL_ASCII_HPP
#define CORS_DETAIL_ASCII_HPP

#include <cstddef>
#include <string_view>
#include <type_traits>

namespace cors::detail {

constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// Whether `s` begins with `prefix`, ASCII case-insensitively.
constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// RFC 9110, 5.6.3: OWS is spaces and horizontal tabs.
constexpr bool is_ows(char c) noexcept {
  return c == ' ' || c == '\t';
}

constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// Calls visit(element) for every non-empty element of a comma-separated list, trimmed of
// optional whitespace (RFC 9110, 5.6.1), until visit returns false (a visit returning nothing
// sees every element). Returns false if it stopped early.
template <class Visit>
constexpr bool for_each_list_element(std::string_view list, Visit&& visit) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view element = trim_ows(list.substr(0, comma));
    if (!element.empty()) {
      if constexpr (std::is_void_v<decltype(visit(element))>) {
        visit(element);
      } else if (!visit(element)) {
        return false;
      }
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return true;
}

}  // namespace cors::detail

#endif  // CORS_DETAIL_ASCII_HPP
