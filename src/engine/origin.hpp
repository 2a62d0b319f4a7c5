// Serialized origins: strict parsing, and matching against exact origins and patterns.
#ifndef CORS_SRC_ORIGIN_HPP
#define CORS_SRC_ORIGIN_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "string_table.hpp"

namespace cors::detail {

// Why a string is not a serialized origin. The order of the checks decides which is reported.
enum class origin_error : std::uint8_t {
  none,
  empty,
  too_long,
  missing_scheme,
  invalid_scheme,
  uppercase,
  userinfo,
  empty_host,
  invalid_host,
  invalid_ipv4,
  invalid_ipv6,
  invalid_port,
  default_port,
  trailing_slash,
  path,
  query,
  fragment,
};

std::string_view describe(origin_error error) noexcept;

// Whether a string that is not an origin is several of them written as one: a comma-joined list
// (as a proxy joins repeated header lines, or a configuration copied from an environment
// variable) or a second "://". No origin contains either.
bool holds_several_origins(std::string_view text) noexcept;

enum class host_kind : std::uint8_t { domain, ipv4, ipv6 };

// Views into the parsed string.
struct origin_parts {
  std::string_view scheme;
  std::string_view host;   // IPv6 keeps its brackets
  std::int32_t port = -1;  // -1: none given, i.e. the scheme's default
  host_kind kind = host_kind::domain;
};

// Longest origin considered: a 32-byte scheme, "://", a 253-byte host and ":65535".
inline constexpr std::size_t max_host_length = 253;
inline constexpr std::size_t max_origin_length = 32 + 3 + max_host_length + 6;

// Accepts exactly the ASCII serialization of a tuple origin (HTML Standard, "serialization of an
// origin"): lower-case scheme and host, no default port, no path, IPv4 dotted-decimal and IPv6
// in its canonical compressed form. Anything else is an error, never "close enough".
origin_error parse_origin(std::string_view text, origin_parts& out) noexcept;

// localhost, *.localhost, 127.0.0.0/8 and [::1]: hosts that never leave the machine.
bool is_loopback(const origin_parts& origin) noexcept;

// Port rule of a pattern.
inline constexpr std::int32_t default_port_only = -1;
inline constexpr std::int32_t any_port = -2;

class origin_matcher {
 public:
  // Room for `count` exact origins in all.
  void reserve_exact(std::size_t count) { exact_.reserve(count); }
  void prefetch_exact(std::string_view origin) const noexcept { exact_.prefetch(origin); }
  void add_exact(std::string origin);
  // "scheme://host:*"
  void add_any_port(std::string_view scheme, std::string_view host);
  // "scheme://*.suffix" with a port rule: default_port_only, any_port, or a port number.
  void add_subdomains(std::string_view scheme, std::string_view suffix, std::int32_t port);

  bool empty() const noexcept;
  // Whether `origin` is byte for byte one of the exact origins. Those were validated when the
  // policy was built, so a hit needs no parsing: the common case of an allowed origin.
  bool matches_exact(std::string_view origin) const noexcept {
    return exact_.find(origin) != string_table::npos;
  }
  // `origin` must have parsed into `parts`.
  bool matches(std::string_view origin, const origin_parts& parts) const noexcept;
  // The patterns only (port wildcards and subdomains), for an origin that is not exact.
  bool matches_pattern(const origin_parts& parts) const noexcept;

 private:
  struct port_rules {
    bool any = false;
    bool default_port = false;
    std::vector<std::int32_t> ports;
    bool allows(std::int32_t port) const noexcept;
  };
  struct scheme_rule {
    std::string scheme;
    port_rules ports;
  };
  // The pattern tables are keyed by host, or host suffix, alone, so that a lookup reads the
  // request's bytes where they stand; the scheme is checked in the entry found.
  string_table exact_;
  string_table any_port_;
  std::vector<std::vector<std::string>> any_port_schemes_;
  string_table subdomains_;
  std::vector<std::vector<scheme_rule>> subdomain_rules_;
  // The distinct lengths of the patterns' suffixes, ascending: a host is looked up by those
  // suffixes only, whatever its number of labels.
  std::vector<std::size_t> suffix_lengths_;
};

}  // namespace cors::detail

#endif  // CORS_SRC_ORIGIN_HPP
