// http(s) URLs as fetch() takes them and Chromium prints them, origins, and sites.

#include <fmt/format.h>

#include <cstdint>

#include "checker_detail.hpp"
#include "public_suffixes.hpp"
#include "tokens.hpp"

namespace cors::checker {

namespace {

bool is_host_byte(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool is_ipv6_byte(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
}

// The port after ':' (empty means the default, as in the URL Standard); nullopt if invalid.
std::optional<std::uint16_t> parse_port(std::string_view digits, std::uint16_t default_port) {
  if (digits.empty()) return default_port;
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const unsigned long value = std::stoul(std::string(digits));
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// Path and query as sent: the fragment dropped, "/" when the path is empty, bytes outside
// printable ASCII percent-encoded (the URL Standard's path and query encode sets include them).
std::optional<std::string> request_target(std::string_view tail) {
  if (const std::size_t hash = tail.find('#'); hash != std::string_view::npos)
    tail = tail.substr(0, hash);
  std::string target = (tail.empty() || tail.front() == '?') ? "/" : "";
  for (const char c : tail) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return std::nullopt;  // whitespace ends a URL on a wire
    if (byte >= 0x80)
      target += fmt::format("%{:02X}", byte);
    else
      target += c;
  }
  return target;
}

}  // namespace

std::string url::authority() const {
  return default_port() ? host : fmt::format("{}:{}", host, port);
}

std::string url::origin() const {
  return fmt::format("{}://{}", scheme, authority());
}

std::string url::serialized() const {
  return origin() + target;
}

std::optional<url> parse_url(std::string_view text) {
  const std::size_t separator = text.find("://");
  if (separator == std::string_view::npos) return std::nullopt;
  url u;
  u.scheme = detail::lower_case(text.substr(0, separator));
  if (u.scheme != "http" && u.scheme != "https") return std::nullopt;
  const std::uint16_t default_port = u.secure() ? 443 : 80;

  std::string_view rest = text.substr(separator + 3);
  const std::size_t authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  const std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  // fetch() refuses URLs with credentials in them.
  if (authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
      has_port = true;
    }
    u.host = detail::lower_case(host);
    const std::string_view inside = std::string_view(u.host).substr(1, u.host.size() - 2);
    if (inside.empty()) return std::nullopt;
    for (const char c : inside)
      if (!is_ipv6_byte(c)) return std::nullopt;
  } else {
    if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    }
    u.host = detail::lower_case(host);
    if (u.host.empty()) return std::nullopt;
    // Internationalized names must be given in Punycode, as browsers send them.
    for (const char c : u.host)
      if (!is_host_byte(c)) return std::nullopt;
  }
  const std::optional<std::uint16_t> number =
      parse_port(has_port ? port : std::string_view(), default_port);
  if (!number) return std::nullopt;
  u.port = *number;
  std::optional<std::string> target = request_target(tail);
  if (!target) return std::nullopt;
  u.target = std::move(*target);
  return u;
}

namespace detail {

bool is_serialized_origin(std::string_view origin) {
  if (origin == "null") return true;
  const std::optional<url> u = parse_url(origin);
  return u && u->origin() == origin;
}

namespace {

// The registrable domain ("example.co.uk" for "a.b.example.co.uk"), or the host itself when it
// has none (an IP address, "localhost", a public suffix).
std::string registrable_domain(const std::string& host) {
  const psl_ctx_t* const suffixes = cors::detail::public_suffix_list();
  if (host.empty() || host.front() == '[' || suffixes == nullptr) return host;
  const char* domain = psl_registrable_domain(suffixes, host.c_str());
  return domain != nullptr ? std::string(domain) : host;
}

}  // namespace

std::string_view fetch_site(std::string_view origin, const url& target) {
  if (origin == target.origin()) return "same-origin";
  const std::optional<url> from = parse_url(origin);
  if (!from || from->scheme != target.scheme) return "cross-site";
  return registrable_domain(from->host) == registrable_domain(target.host) ? "same-site"
                                                                           : "cross-site";
}

}  // namespace detail

}  // namespace cors::checker
