// Lists of the Fetch Standard that both halves of the project apply: the policy engine refuses
// configurations that name them, the browser-side checker drops them as fetch() does.
#ifndef CORS_SRC_FETCH_RULES_HPP
#define CORS_SRC_FETCH_RULES_HPP

#include <algorithm>
#include <array>
#include <string_view>

#include "tokens.hpp"

namespace cors::detail {

// Fetch, "forbidden request-header" by name: browsers set these themselves and never let a
// script set them (the "proxy-" and "sec-" prefixes are checked separately).
inline constexpr std::array<std::string_view, 21> forbidden_request_header_names = {
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via"};

// `name` in any case. The method-override headers, forbidden only for some values, are not
// covered here.
inline bool is_forbidden_request_header_name(std::string_view name) noexcept {
  auto has_prefix = [name](std::string_view prefix) {
    return name.size() >= prefix.size() && iequals(name.substr(0, prefix.size()), prefix);
  };
  if (has_prefix("proxy-") || has_prefix("sec-")) return true;
  return std::any_of(forbidden_request_header_names.begin(), forbidden_request_header_names.end(),
                     [name](std::string_view forbidden) { return iequals(name, forbidden); });
}

// Fetch, "forbidden method": fetch() throws for these, in any case.
inline bool is_forbidden_method(std::string_view method) noexcept {
  return iequals(method, "CONNECT") || iequals(method, "TRACE") || iequals(method, "TRACK");
}

}  // namespace cors::detail

#endif  // CORS_SRC_FETCH_RULES_HPP
