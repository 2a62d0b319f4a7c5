// Text helpers of the checker: case, whitespace, combined header values, console quoting.
#include <fmt/format.h>

#include "checker_detail.hpp"
#include "tokens.hpp"

namespace cors::checker::detail {

std::string lower_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = cors::detail::to_lower(c);
  return out;
}

std::string spelled(const request_plan& plan, std::string_view lower_name) {
  for (const header_line& h : plan.headers)
    if (cors::detail::iequals(h.name, lower_name)) return h.name;
  return std::string(lower_name);
}

std::string_view trim_http_whitespace(std::string_view s) noexcept {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::string> combined_value(const std::vector<header_line>& headers,
                                          std::string_view name) {
  std::optional<std::string> value;
  for (const header_line& h : headers) {
    if (!cors::detail::iequals(h.name, name)) continue;
    if (value)
      *value += fmt::format(", {}", h.value);
    else
      value = h.value;
  }
  return value;
}

std::string console_quote(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f)
      out += c;
    else
      out += fmt::format("\\u{:04X}", byte);
  }
  return out;
}

std::string join_words(const std::vector<std::string>& words, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? last : std::string_view(", ");
    out += words[i];
  }
  return out;
}

}  // namespace cors::checker::detail
