// Byte classes of the HTTP grammar (RFC 9110) and ASCII helpers shared by the parsers.
#ifndef CORS_SRC_TOKENS_HPP
#define CORS_SRC_TOKENS_HPP

#include <array>
#include <cstddef>
#include <string_view>

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

constexpr bool is_ows(char c) noexcept {
  return c == ' ' || c == '\t';
}

constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
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

constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace cors::detail

#endif  // CORS_SRC_TOKENS_HPP
