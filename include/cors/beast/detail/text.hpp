// Small string helpers of the Beast adapter: Beast's string_view (boost::string_view in
// Boost 1.74) to and from std::string_view, header names and whitespace.
#ifndef CORS_BEAST_DETAIL_TEXT_HPP
#define CORS_BEAST_DETAIL_TEXT_HPP

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <cstddef>
#include <string_view>

namespace cors::beast::detail {

inline std::string_view to_std(boost::beast::string_view s) noexcept {
  return {s.data(), s.size()};
}

inline boost::beast::string_view to_beast(std::string_view s) noexcept {
  return {s.data(), s.size()};
}

// Beast's enum for a header name the engine emits (they are spelled exactly so), sparing Beast
// its lookup by string; field::unknown where Beast has none
// (Access-Control-Allow-Private-Network).
inline boost::beast::http::field field_of(std::string_view name) noexcept {
  namespace http = boost::beast::http;
  switch (name.size()) {
    case 27:
      if (name == "Access-Control-Allow-Origin") return http::field::access_control_allow_origin;
      break;
    case 32:
      if (name == "Access-Control-Allow-Credentials")
        return http::field::access_control_allow_credentials;
      break;
    case 28:
      if (name == "Access-Control-Allow-Methods") return http::field::access_control_allow_methods;
      if (name == "Access-Control-Allow-Headers") return http::field::access_control_allow_headers;
      break;
    case 29:
      if (name == "Access-Control-Expose-Headers")
        return http::field::access_control_expose_headers;
      break;
    case 22:
      if (name == "Access-Control-Max-Age") return http::field::access_control_max_age;
      break;
    case 4:
      if (name == "Vary") return http::field::vary;
      break;
    default:
      break;
  }
  return http::field::unknown;
}

constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Header names and list tokens such as Vary's are case-insensitive (RFC 9110, 5.1 and 12.5.5).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace cors::beast::detail

#endif  // CORS_BEAST_DETAIL_TEXT_HPP
