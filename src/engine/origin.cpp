#include "origin.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace cors::detail {
namespace {

constexpr bool is_lower_alpha(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_upper_alpha(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_hex_lower(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}

std::int32_t default_port_of(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

origin_error parse_scheme(std::string_view scheme) {
  if (scheme.empty() || scheme.size() > 32) return origin_error::invalid_scheme;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    const char c = scheme[i];
    if (is_upper_alpha(c)) return origin_error::uppercase;
    const bool ok =
        is_lower_alpha(c) || (i > 0 && (is_digit(c) || c == '+' || c == '-' || c == '.'));
    if (!ok) return origin_error::invalid_scheme;
  }
  return origin_error::none;
}

// Canonical dotted decimal only: four parts, 0-255, no leading zeros.
bool is_canonical_ipv4(std::string_view host) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    int value = 0;
    while (i < host.size() && is_digit(host[i])) {
      value = value * 10 + (host[i] - '0');
      if (value > 255) return false;
      ++i;
    }
    const std::size_t len = i - start;
    if (len == 0 || (len > 1 && host[start] == '0')) return false;
    ++parts;
    if (i == host.size()) return parts == 4;
    if (host[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// Parses the text between the brackets, then compares it with the URL Standard's serialization
// of the same address (lower-case hex, no leading zeros, first longest run of zeros compressed).
bool is_canonical_ipv6(std::string_view text) {
  if (text.size() < 2 || text.size() > 39) return false;
  std::array<std::uint16_t, 8> pieces{};
  int count = 0;
  int compress_at = -1;
  std::size_t i = 0;
  if (text.compare(0, 2, "::") == 0) {
    compress_at = 0;
    i = 2;
  } else if (text[0] == ':') {
    return false;
  }
  while (i < text.size()) {
    if (count == 8) return false;
    if (text[i] == ':') {
      if (compress_at >= 0) return false;
      compress_at = count;
      ++i;
      continue;
    }
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (i < text.size() && digits < 5 && is_hex_lower(text[i])) {
      value = value * 16 +
              static_cast<std::uint32_t>(is_digit(text[i]) ? text[i] - '0' : text[i] - 'a' + 10);
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 4) return false;
    pieces[static_cast<std::size_t>(count++)] = static_cast<std::uint16_t>(value);
    if (i < text.size()) {
      if (text[i] != ':') return false;
      ++i;
      if (i == text.size()) return false;  // trailing single ':'
    }
  }
  if (compress_at >= 0) {
    if (count == 8) return false;
    // Move the pieces after "::" to the end and fill the gap with zeros.
    const auto first = static_cast<std::size_t>(compress_at);
    const auto shift = static_cast<std::size_t>(8 - count);
    for (auto k = static_cast<std::size_t>(count); k-- > first;) pieces[k + shift] = pieces[k];
    for (std::size_t k = first; k < first + shift; ++k) pieces[k] = 0;
  } else if (count != 8) {
    return false;
  }

  // Serialize canonically and compare.
  int best_start = -1;
  int best_len = 1;
  for (int k = 0; k < 8;) {
    if (pieces[static_cast<std::size_t>(k)] != 0) {
      ++k;
      continue;
    }
    int end = k;
    while (end < 8 && pieces[static_cast<std::size_t>(end)] == 0) ++end;
    if (end - k > best_len) {
      best_start = k;
      best_len = end - k;
    }
    k = end;
  }
  std::array<char, 48> out{};
  std::size_t n = 0;
  bool ignore_zeros = false;
  for (int k = 0; k < 8; ++k) {
    if (ignore_zeros && pieces[static_cast<std::size_t>(k)] == 0) continue;
    ignore_zeros = false;
    if (k == best_start) {
      out[n++] = ':';
      if (k == 0) out[n++] = ':';
      ignore_zeros = true;
      continue;
    }
    const std::uint16_t v = pieces[static_cast<std::size_t>(k)];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int nibble = (v >> shift) & 0xF;
      if (nibble == 0 && !started && shift != 0) continue;
      started = true;
      out[n++] = "0123456789abcdef"[nibble];
    }
    if (k != 7) out[n++] = ':';
  }
  return std::string_view(out.data(), n) == text;
}

bool ends_in_number(std::string_view last_label) {
  // Both forms start with a digit; a domain's last label almost never does.
  if (last_label.empty() || !is_digit(last_label[0])) return false;
  if (last_label.size() >= 2 && last_label[0] == '0' && last_label[1] == 'x') {
    return std::all_of(last_label.begin() + 2, last_label.end(), is_hex_lower);
  }
  return !last_label.empty() && std::all_of(last_label.begin(), last_label.end(), is_digit);
}

origin_error parse_host(std::string_view host, host_kind& kind) {
  if (host.empty()) return origin_error::empty_host;
  if (host.front() == '[') {
    kind = host_kind::ipv6;
    if (host.back() != ']') return origin_error::invalid_ipv6;
    for (char c : host)
      if (is_upper_alpha(c)) return origin_error::uppercase;
    return is_canonical_ipv6(host.substr(1, host.size() - 2)) ? origin_error::none
                                                              : origin_error::invalid_ipv6;
  }
  if (host.size() > 253) return origin_error::invalid_host;
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      const std::size_t len = i - label_start;
      if (len == 0 || len > 63) return origin_error::invalid_host;
      if (i != host.size()) label_start = i + 1;
      continue;
    }
    const char c = host[i];
    if (is_upper_alpha(c)) return origin_error::uppercase;
    if (!(is_lower_alpha(c) || is_digit(c) || c == '-' || c == '_'))
      return origin_error::invalid_host;
  }
  // The URL Standard ("ends in a number") turns a host whose last label is a decimal number or
  // 0x-prefixed hex into an IPv4 address, serialized in dotted decimal: "http://0x7f000001"
  // reaches 127.0.0.1 and is never what a browser sends as an origin.
  if (ends_in_number(host.substr(label_start))) {
    kind = host_kind::ipv4;
    return is_canonical_ipv4(host) ? origin_error::none : origin_error::invalid_ipv4;
  }
  kind = host_kind::domain;
  return origin_error::none;
}

}  // namespace

std::string_view describe(origin_error error) noexcept {
  switch (error) {
    case origin_error::none:
      return "valid";
    case origin_error::empty:
      return "the origin is empty";
    case origin_error::too_long:
      return "the origin is longer than any valid origin";
    case origin_error::missing_scheme:
      return "an origin starts with a scheme and '://', e.g. 'https://'";
    case origin_error::invalid_scheme:
      return "the scheme is not valid";
    case origin_error::uppercase:
      return "browsers send scheme and host in lower case, so this never matches; write it in "
             "lower case";
    case origin_error::userinfo:
      return "an origin has no user information ('user@'); remove it";
    case origin_error::empty_host:
      return "the host is empty";
    case origin_error::invalid_host:
      return "the host is not a valid ASCII host name (write international names in Punycode)";
    case origin_error::invalid_ipv4:
      return "the IPv4 address is not in dotted-decimal form without leading zeros";
    case origin_error::invalid_ipv6:
      return "the IPv6 address is not in the compressed lower-case form browsers send";
    case origin_error::invalid_port:
      return "the port is not a number from 1 to 65535 without leading zeros";
    case origin_error::default_port:
      return "browsers omit the scheme's default port, so this never matches; remove the port";
    case origin_error::trailing_slash:
      return "an origin has no path; remove the trailing '/'";
    case origin_error::path:
      return "an origin has no path; keep only scheme://host[:port]";
    case origin_error::query:
      return "an origin has no query; keep only scheme://host[:port]";
    case origin_error::fragment:
      return "an origin has no fragment; keep only scheme://host[:port]";
  }
  return "invalid origin";
}

bool holds_several_origins(std::string_view text) noexcept {
  const std::size_t scheme_end = text.find("://");
  return text.find(',') != std::string_view::npos ||
         (scheme_end != std::string_view::npos &&
          text.find("://", scheme_end + 3) != std::string_view::npos);
}

namespace {

enum byte_class : std::uint8_t {
  other = 0,
  scheme_byte = 1,  // after the first: a-z 0-9 + - .
  host_byte = 2,    // a-z 0-9 - _
};

constexpr std::array<std::uint8_t, 256> make_byte_classes() {
  std::array<std::uint8_t, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = scheme_byte | host_byte;
  for (int c = '0'; c <= '9'; ++c) table[c] = scheme_byte | host_byte;
  table['+'] = scheme_byte;
  table['.'] = scheme_byte;
  table['-'] = scheme_byte | host_byte;
  table['_'] = host_byte;
  return table;
}

constexpr std::array<std::uint8_t, 256> byte_classes = make_byte_classes();

constexpr bool has_class(char c, std::uint8_t mask) noexcept {
  return (byte_classes[static_cast<unsigned char>(c)] & mask) != 0;
}

// One pass over the shape browsers send, "scheme://domain[:port]", accepting exactly what the
// full parser below accepts for it. Anything else (IP addresses, errors) returns false and goes
// to the full parser, which also names the error.
bool parse_common_origin(std::string_view text, origin_parts& out) noexcept {
  const char* const begin = text.data();
  const std::size_t n = text.size();
  if (n == 0 || n > max_origin_length || !is_lower_alpha(begin[0])) return false;
  std::size_t i = 1;
  while (i < n && has_class(begin[i], scheme_byte)) ++i;
  const std::size_t scheme_end = i;
  if (scheme_end > 32 || n - i < 3 || begin[i] != ':' || begin[i + 1] != '/' || begin[i + 2] != '/')
    return false;
  i += 3;
  const std::size_t host_begin = i;
  std::size_t label_begin = i;
  for (;; ++i) {
    if (i < n && has_class(begin[i], host_byte)) continue;
    const std::size_t label_length = i - label_begin;
    if (label_length == 0 || label_length > 63) return false;
    if (i < n && begin[i] == '.') {
      label_begin = i + 1;
      continue;
    }
    break;
  }
  const std::size_t host_end = i;
  if (host_end - host_begin > max_host_length) return false;
  if (ends_in_number(text.substr(label_begin, host_end - label_begin))) return false;
  std::int32_t port = -1;
  if (i < n) {
    if (begin[i] != ':' || n - i < 2 || n - i > 6 || begin[i + 1] == '0') return false;
    std::int32_t value = 0;
    for (++i; i < n; ++i) {
      if (!is_digit(begin[i])) return false;
      value = value * 10 + (begin[i] - '0');
    }
    if (value > 65535) return false;
    port = value;
  }
  out.scheme = text.substr(0, scheme_end);
  if (port != -1 && port == default_port_of(out.scheme)) return false;
  out.host = text.substr(host_begin, host_end - host_begin);
  out.port = port;
  out.kind = host_kind::domain;
  return true;
}

}  // namespace

origin_error parse_origin(std::string_view text, origin_parts& out) noexcept {
  if (parse_common_origin(text, out)) return origin_error::none;
  if (text.empty()) return origin_error::empty;
  if (text.size() > max_origin_length) return origin_error::too_long;
  const std::size_t separator = text.find("://");
  if (separator == std::string_view::npos) return origin_error::missing_scheme;
  const std::string_view scheme = text.substr(0, separator);
  if (const origin_error e = parse_scheme(scheme); e != origin_error::none) return e;

  std::string_view rest = text.substr(separator + 3);
  const std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) return origin_error::userinfo;

  std::string_view host = authority;
  std::string_view port_text;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return origin_error::invalid_ipv6;
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return origin_error::invalid_ipv6;
      has_port = true;
      port_text = authority.substr(close + 2);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    has_port = true;
    port_text = authority.substr(colon + 1);
  }

  host_kind kind = host_kind::domain;
  if (const origin_error e = parse_host(host, kind); e != origin_error::none) return e;

  std::int32_t port = -1;
  if (has_port) {
    if (port_text.empty() || port_text.size() > 5 || port_text.front() == '0')
      return origin_error::invalid_port;
    std::int32_t value = 0;
    for (char c : port_text) {
      if (!is_digit(c)) return origin_error::invalid_port;
      value = value * 10 + (c - '0');
    }
    if (value > 65535) return origin_error::invalid_port;
    if (value == default_port_of(scheme)) return origin_error::default_port;
    port = value;
  }

  if (authority_end != std::string_view::npos) {
    const std::string_view tail = rest.substr(authority_end);
    if (tail == "/") return origin_error::trailing_slash;
    if (tail.front() == '/') return origin_error::path;
    if (tail.front() == '?') return origin_error::query;
    return origin_error::fragment;
  }

  out.scheme = scheme;
  out.host = host;
  out.port = port;
  out.kind = kind;
  return origin_error::none;
}

bool is_loopback(const origin_parts& origin) noexcept {
  switch (origin.kind) {
    case host_kind::ipv4:
      return origin.host.substr(0, 4) == "127.";
    case host_kind::ipv6:
      return origin.host == "[::1]";
    case host_kind::domain: {
      constexpr std::string_view suffix = ".localhost";
      const std::string_view h = origin.host;
      return h == "localhost" ||
             (h.size() > suffix.size() && h.substr(h.size() - suffix.size()) == suffix);
    }
  }
  return false;
}

// --- origin_matcher -------------------------------------------------------------------------

bool origin_matcher::port_rules::allows(std::int32_t port) const noexcept {
  if (any) return true;
  if (port == -1) return default_port;
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

void origin_matcher::add_exact(std::string origin) {
  exact_.insert(std::move(origin));
}

void origin_matcher::add_any_port(std::string_view scheme, std::string_view host) {
  const std::size_t index = any_port_.insert(std::string(host));
  if (index == any_port_schemes_.size()) any_port_schemes_.emplace_back();
  std::vector<std::string>& schemes = any_port_schemes_[index];
  if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end())
    schemes.emplace_back(scheme);
}

void origin_matcher::add_subdomains(std::string_view scheme, std::string_view suffix,
                                    std::int32_t port) {
  const std::size_t index = subdomains_.insert(std::string(suffix));
  if (index == subdomain_rules_.size()) subdomain_rules_.emplace_back();
  std::vector<scheme_rule>& rules = subdomain_rules_[index];
  auto rule = std::find_if(rules.begin(), rules.end(),
                           [scheme](const scheme_rule& r) { return r.scheme == scheme; });
  if (rule == rules.end()) rule = rules.insert(rules.end(), scheme_rule{std::string(scheme), {}});
  if (port == any_port) {
    rule->ports.any = true;
  } else if (port == default_port_only) {
    rule->ports.default_port = true;
  } else {
    rule->ports.ports.push_back(port);
  }
  const auto at = std::lower_bound(suffix_lengths_.begin(), suffix_lengths_.end(), suffix.size());
  if (at == suffix_lengths_.end() || *at != suffix.size())
    suffix_lengths_.insert(at, suffix.size());
}

bool origin_matcher::empty() const noexcept {
  return exact_.size() == 0 && any_port_.size() == 0 && subdomains_.size() == 0;
}

bool origin_matcher::matches(std::string_view origin, const origin_parts& parts) const noexcept {
  return matches_exact(origin) || matches_pattern(parts);
}

bool origin_matcher::matches_pattern(const origin_parts& parts) const noexcept {
  if (const std::size_t index = any_port_.find(parts.host); index != string_table::npos) {
    const std::vector<std::string>& schemes = any_port_schemes_[index];
    if (std::find(schemes.begin(), schemes.end(), parts.scheme) != schemes.end()) return true;
  }
  if (parts.kind != host_kind::domain) return false;
  // A suffix of the host matches when a dot precedes it: "a.b.example.com" has the suffixes
  // "b.example.com", "example.com" and "com". The apex is never one (a label must precede the
  // dot), so "*.example.com" does not match "example.com", and "evilexample.com" has no
  // ".example.com" suffix.
  const std::string_view host = parts.host;
  for (const std::size_t length : suffix_lengths_) {
    if (length + 2 > host.size()) break;
    if (host[host.size() - length - 1] != '.') continue;
    const std::size_t index = subdomains_.find(host.substr(host.size() - length));
    if (index == string_table::npos) continue;
    for (const scheme_rule& rule : subdomain_rules_[index])
      if (rule.scheme == parts.scheme && rule.ports.allows(parts.port)) return true;
  }
  return false;
}

}  // namespace cors::detail
