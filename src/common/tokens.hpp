// Byte classes of the HTTP grammar (RFC 9110) for the parsers; the ASCII case and whitespace
// helpers they use are in cors/detail/ascii.hpp, shared with the header-only adapters.
#ifndef CORS_SRC_TOKENS_HPP
#define CORS_SRC_TOKENS_HPP

#include <array>
#include <cstddef>
#include <string_view>

#include "cors/detail/ascii.hpp"

namespace cors::detail {

constexpr std::array<bool, 256> make_tchar_table() {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (unsigned char c : std::string_view("!#$%&'*+-.^_`|~")) table[c] = true;
  return table;
}

inline constexpr std::array<bool, 256> tchar_table = make_tchar_table();

constexpr bool is_tchar(char c) noexcept {
  return tchar_table[static_cast<unsigned char>(c)];
}

// RFC 9110 token: 1*tchar.
constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// Three-way ASCII case-insensitive comparison, for sorted lookups of header names.
constexpr int icompare(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char x = to_lower(a[i]);
    const char y = to_lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace cors::detail

#endif  // CORS_SRC_TOKENS_HPP
