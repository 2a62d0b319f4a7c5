// Helpers shared by the checker's request and response halves.
#ifndef CORS_SRC_CHECKER_DETAIL_HPP
#define CORS_SRC_CHECKER_DETAIL_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cors/checker.hpp"

namespace cors::checker::detail {

std::string lower_case(std::string_view s);

// HTTP whitespace (Fetch): tab, line feed, carriage return, space.
std::string_view trim_http_whitespace(std::string_view s) noexcept;

// The value of every line named `name` (case-insensitively), joined by ", " the way browsers
// combine repeated header lines; nullopt when there is none.
std::optional<std::string> combined_value(const std::vector<header_line>& headers,
                                          std::string_view name);

// A value as Chromium quotes it in a console message: printable ASCII as is, every other byte
// as \uXXXX.
std::string console_quote(std::string_view value);

// True for "null" and for an http(s) origin exactly as browsers serialize it.
bool is_serialized_origin(std::string_view origin);

// "same-origin", "same-site" or "cross-site", as Sec-Fetch-Site says it for a request from
// `origin` to `target` (schemeful sites: scheme and registrable domain).
std::string_view fetch_site(std::string_view origin, const url& target);

// The author's spelling of an unsafe header name ("X-Custom-Header" for "x-custom-header"), as
// WebKit prints it and as the fixes name it.
std::string spelled(const request_plan& plan, std::string_view lower_name);

// "a, b and c".
std::string join_words(const std::vector<std::string>& words, std::string_view last = " and ");

// A failed check, with what the explanation needs to know about the exchange.
struct finding {
  failing_check check = failing_check::allow_origin_missing;
  response_kind response = response_kind::actual;
  engine judged_as = engine::chromium;
  std::string hint;                          // the value the engine's message quotes
  const http_response* failed = nullptr;     // the response that failed the check
  const http_response* preflight = nullptr;  // the preflight's response, when there was one
  bool engines_allow = false;                // only the Fetch Standard blocks this
  // WebKit reports a preflight's status first: whether its CORS headers would have failed too.
  bool headers_fail_too = false;
};

// Chromium's console message for `f`: the text after "has been blocked by CORS policy: ".
std::string chromium_message(const finding& f);

// The engine's message and console lines (see cors_error), for the engines other than Chromium
// (engine_messages.cpp).
std::string firefox_message(const request_plan& plan, const finding& f);
std::string firefox_console(const request_plan& plan, const finding& f, std::string_view message);
std::string webkit_message(const request_plan& plan, const finding& f);
std::string webkit_console(const request_plan& plan, std::string_view message);

// The number of header lines named `name`.
std::size_t count_lines(const std::vector<header_line>& headers, std::string_view name);

// The message, the console line, the cause and the fixes (cors_error.cpp).
cors_error explain(const request_plan& plan, const finding& f);

}  // namespace cors::checker::detail

#endif  // CORS_SRC_CHECKER_DETAIL_HPP
