// Small string helpers of the Beast adapter: Beast's string_view (boost::string_view in
// Boost 1.74) to and from std::string_view, and Beast's enums for the engine's header names. The
// ASCII helpers are the engine's (cors/detail/ascii.hpp).
#ifndef CORS_BEAST_DETAIL_TEXT_HPP
#define CORS_BEAST_DETAIL_TEXT_HPP

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <cstddef>
#include <string_view>

#include "cors/detail/ascii.hpp"

namespace cors::beast::detail {

using cors::detail::iequals;
using cors::detail::trim_ows;

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

}  // namespace cors::beast::detail

#endif  // CORS_BEAST_DETAIL_TEXT_HPP
