// The Fetch Standard's lists, in one place for everything that applies them: the policy engine
// (safelisted methods pass every preflight), config validation (forbidden names and methods are
// refused, the six normalized methods upper-cased), config lint (safelisted entries are
// redundant), the browser-side checker (what fetch() sends, drops and lets a script read) and the
// fuzzers' reference model.
#ifndef CORS_SRC_FETCH_RULES_HPP
#define CORS_SRC_FETCH_RULES_HPP

#include <array>
#include <string_view>

#include "cors/detail/ascii.hpp"

namespace cors::detail {

// Whether `name` is one of `names`, ASCII case-insensitively.
template <std::size_t N>
constexpr bool is_listed(std::string_view name,
                         const std::array<std::string_view, N>& names) noexcept {
  for (std::string_view listed : names)
    if (iequals(name, listed)) return true;
  return false;
}

// Fetch, "CORS-safelisted method": byte for byte, so "get" is not one.
constexpr bool is_safelisted_method(std::string_view method) noexcept {
  return method == "GET" || method == "HEAD" || method == "POST";
}

// Fetch, "normalize a method": fetch() upper-cases these six, in any case, and sends every other
// method exactly as written ('patch' stays 'patch').
inline constexpr std::array<std::string_view, 6> normalized_methods = {"DELETE",  "GET",  "HEAD",
                                                                       "OPTIONS", "POST", "PUT"};

// `method` as fetch() sends it when it is one of the six; empty otherwise.
constexpr std::string_view normalized_method(std::string_view method) noexcept {
  for (std::string_view m : normalized_methods)
    if (iequals(method, m)) return m;
  return {};
}

// Fetch, "CORS-safelisted request-header": these names, each with a rule on its value (checked
// by the checker's request_plan.cpp).
inline constexpr std::array<std::string_view, 5> safelisted_request_header_names = {
    "accept", "accept-language", "content-language", "content-type", "range"};

// Fetch, the essences a safelisted Content-Type may have.
inline constexpr std::array<std::string_view, 3> safelisted_content_types = {
    "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"};

// Fetch, "CORS-safelisted response-header name": scripts read these without any exposure.
inline constexpr std::array<std::string_view, 7> safelisted_response_header_names = {
    "cache-control", "content-language", "content-length", "content-type",
    "expires",       "last-modified",    "pragma"};

// Fetch, "forbidden response-header name": never readable by a script, same-origin or not.
inline constexpr std::array<std::string_view, 2> forbidden_response_header_names = {"set-cookie",
                                                                                    "set-cookie2"};

// Fetch, the method-override headers: a forbidden request-header when a value names a forbidden
// method.
inline constexpr std::array<std::string_view, 3> method_override_header_names = {
    "x-http-method", "x-http-method-override", "x-method-override"};

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
  if (istarts_with(name, "proxy-") || istarts_with(name, "sec-")) return true;
  return is_listed(name, forbidden_request_header_names);
}

// Fetch, "forbidden method": fetch() throws for these, in any case.
inline bool is_forbidden_method(std::string_view method) noexcept {
  return iequals(method, "CONNECT") || iequals(method, "TRACE") || iequals(method, "TRACK");
}

}  // namespace cors::detail

#endif  // CORS_SRC_FETCH_RULES_HPP
