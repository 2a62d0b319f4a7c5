// Reference model for the fuzz harnesses: a deliberately naive, independent restatement of what
// the policy allows. It shares no logic with src/: split at separators, compare strings, and let
// the C library's inet_pton/inet_ntop judge IP addresses. Slow and obvious on purpose. The Fetch
// Standard's lists are data, not logic under test: it reads them from fetch_rules.hpp, the
// engine's and the checker's one copy.
#ifndef CORS_FUZZ_REFERENCE_HPP
#define CORS_FUZZ_REFERENCE_HPP

#include <arpa/inet.h>
#include <algorithm>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cors/config.hpp"
#include "fetch_rules.hpp"

namespace cors_fuzz {

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline bool only_bytes_from(std::string_view s, std::string_view allowed) {
  for (char c : s)
    if (allowed.find(c) == std::string_view::npos) return false;
  return true;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

inline std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t at = s.find(separator);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

inline std::string_view trim_spaces_and_tabs(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline bool is_token(std::string_view s) {
  constexpr std::string_view tchars =
      "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return !s.empty() && only_bytes_from(s, tchars);
}

// A request origin taken apart by the naive grammar.
struct ref_origin {
  std::string scheme;
  std::string host;  // IPv6 with its brackets
  int port = -1;     // -1: the scheme's default
  bool is_domain = false;
};

inline int ref_default_port(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

// Is `o` a serialized origin as a browser sends it? `strict` is set when it is one beyond doubt;
// the one leniency is an IPv6 address that glibc prints with an embedded IPv4 part, whose
// canonical URL form this model does not reproduce (those are accepted, but not `strict`).
inline bool ref_parse_origin(std::string_view o, ref_origin& out, bool& strict) {
  strict = false;
  const std::size_t sep = o.find("://");
  if (sep == std::string_view::npos) return false;
  const std::string_view scheme = o.substr(0, sep);
  if (scheme.empty() || scheme.size() > 32 || !(scheme[0] >= 'a' && scheme[0] <= 'z') ||
      !only_bytes_from(scheme, "abcdefghijklmnopqrstuvwxyz0123456789+-."))
    return false;
  std::string_view rest = o.substr(sep + 3);
  std::string_view host;
  std::string_view port_text;
  bool has_port = false;
  bool ipv6_strict = true;
  if (!rest.empty() && rest[0] == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return false;
    host = rest.substr(0, close + 1);
    const std::string inner(rest.substr(1, close - 1));
    if (!only_bytes_from(inner, "0123456789abcdef:")) return false;
    unsigned char bytes[16];
    if (inet_pton(AF_INET6, inner.c_str(), bytes) != 1) return false;
    char printed[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, bytes, printed, sizeof printed) == nullptr) return false;
    if (inner != printed) {
      if (std::string_view(printed).find('.') == std::string_view::npos) return false;
      ipv6_strict = false;
    }
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return false;
      has_port = true;
      port_text = after.substr(1);
    }
    out.is_domain = false;
  } else {
    const std::size_t colon = rest.rfind(':');
    host = rest.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = rest.substr(colon + 1);
    }
    if (host.empty() || host.size() > 253) return false;
    const std::vector<std::string_view> labels = split(host, '.');
    for (std::string_view label : labels)
      if (label.empty() || label.size() > 63 ||
          !only_bytes_from(label, "abcdefghijklmnopqrstuvwxyz0123456789-_"))
        return false;
    // "Ends in a number" (URL Standard): decimal digits, or 0x and hex digits. Either makes the
    // host an IPv4 address, which is an origin only in canonical dotted decimal.
    const std::string_view last = labels.back();
    const bool hex_number = last.size() >= 2 && last[0] == '0' && last[1] == 'x' &&
                            only_bytes_from(last.substr(2), "0123456789abcdef");
    if (hex_number || only_bytes_from(last, "0123456789")) {
      const std::string text(host);
      unsigned char bytes[4];
      char printed[INET_ADDRSTRLEN];
      if (inet_pton(AF_INET, text.c_str(), bytes) != 1 ||
          inet_ntop(AF_INET, bytes, printed, sizeof printed) == nullptr || text != printed)
        return false;
      out.is_domain = false;
    } else {
      out.is_domain = true;
    }
  }
  int port = -1;
  if (has_port) {
    if (port_text.empty() || port_text.size() > 5 || port_text[0] == '0' ||
        !only_bytes_from(port_text, "0123456789"))
      return false;
    port = std::stoi(std::string(port_text));
    if (port > 65535 || port == ref_default_port(scheme)) return false;
  }
  out.scheme = std::string(scheme);
  out.host = std::string(host);
  out.port = port;
  strict = ipv6_strict;
  return true;
}

// One allowed_origins entry, read naively: "*", "scheme://*.suffix[:port|:*]",
// "scheme://host:*", or an exact origin.
struct ref_rule {
  enum kind_t { any, exact, any_port, subdomains } kind = exact;
  std::string text;
  std::string scheme;
  std::string host;  // the suffix for subdomains
  int port = -1;     // -1 default port only, -2 any port
};

inline ref_rule ref_parse_rule(std::string_view entry) {
  ref_rule rule;
  rule.text = std::string(entry);
  if (entry == "*") {
    rule.kind = ref_rule::any;
    return rule;
  }
  const std::size_t sep = entry.find("://");
  if (sep == std::string_view::npos) return rule;
  rule.scheme = std::string(entry.substr(0, sep));
  std::string_view rest = entry.substr(sep + 3);
  const bool subdomains = rest.substr(0, 2) == "*.";
  if (subdomains) rest.remove_prefix(2);
  int port = -1;
  if (ends_with(rest, ":*")) {
    port = -2;
    rest.remove_suffix(2);
  } else if (const std::size_t colon = rest.rfind(':');
             colon != std::string_view::npos && rest.back() != ']') {
    port = std::stoi(std::string(rest.substr(colon + 1)));
    rest = rest.substr(0, colon);
  }
  rule.host = std::string(rest);
  rule.port = port;
  if (subdomains) {
    rule.kind = ref_rule::subdomains;
  } else if (port == -2) {
    rule.kind = ref_rule::any_port;
  }
  return rule;
}

// `o` must have passed ref_parse_origin as `parsed`.
inline bool ref_rule_matches(const ref_rule& rule, std::string_view o, const ref_origin& parsed) {
  switch (rule.kind) {
    case ref_rule::any:
      return true;
    case ref_rule::exact:
      return o == rule.text;
    case ref_rule::any_port:
      return parsed.scheme == rule.scheme && parsed.host == rule.host;
    case ref_rule::subdomains:
      return parsed.is_domain && parsed.scheme == rule.scheme &&
             parsed.host.size() > rule.host.size() + 1 && ends_with(parsed.host, "." + rule.host) &&
             (rule.port == -2 || parsed.port == rule.port);
  }
  return false;
}

inline bool ref_is_loopback(const ref_origin& o) {
  return o.host == "localhost" || ends_with(o.host, ".localhost") ||
         (!o.is_domain && o.host.rfind("127.", 0) == 0) || o.host == "[::1]";
}

// What a cors::config allows, in the reference model's terms.
struct ref_policy {
  bool any_origin = false;
  std::vector<ref_rule> rules;
  bool allow_null = false;
  std::function<bool(std::string_view)> predicate;
  bool credentials = false;
  bool any_method = false;
  std::vector<std::string> methods;  // as browsers compare them: byte for byte
  bool any_header = false;
  bool authorization_listed = false;
  std::vector<std::string> headers;  // lower case
  bool private_network = false;
  bool partial = false;
  bool passthrough = false;
  int success_status = 204;

  explicit ref_policy(const cors::config& cfg) {
    for (const std::string& entry : cfg.allowed_origins) {
      rules.push_back(ref_parse_rule(entry));
      if (rules.back().kind == ref_rule::any) any_origin = true;
    }
    allow_null = cfg.allow_null_origin;
    predicate = cfg.origin_predicate;
    credentials = cfg.allow_credentials;
    for (const std::string& m : cfg.allowed_methods) {
      if (m == "*") {
        any_method = true;
        continue;
      }
      // fetch() upper-cases these six, so the configuration does too.
      const std::string upper = [&] {
        std::string u(m);
        for (char& c : u)
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return u;
      }();
      const bool normalized = std::find(cors::detail::normalized_methods.begin(),
                                        cors::detail::normalized_methods.end(),
                                        upper) != cors::detail::normalized_methods.end();
      methods.push_back(normalized ? upper : m);
    }
    for (const std::string& h : cfg.allowed_headers) {
      if (h == "*") {
        any_header = true;
        continue;
      }
      headers.push_back(ascii_lower(h));
      if (headers.back() == "authorization") authorization_listed = true;
    }
    private_network = cfg.allow_private_network;
    partial = cfg.rejected_preflight_answer == cors::rejected_preflight_response::partial_headers;
    passthrough = cfg.preflight_passthrough;
    success_status = cfg.preflight_success_status;
  }

  // Does the policy let this one Origin line in? `strict` is set when the answer is certain in
  // both directions (a well-formed origin the model fully understands, or "null").
  bool allows_origin(std::string_view o, bool& strict) const {
    strict = true;
    if (any_origin) return true;
    if (o == "null") return allow_null;
    ref_origin parsed;
    if (!ref_parse_origin(o, parsed, strict)) return false;
    for (const ref_rule& rule : rules)
      if (ref_rule_matches(rule, o, parsed)) return true;
    return predicate && predicate(o);
  }

  bool allows_method(std::string_view m) const {
    if (cors::detail::is_safelisted_method(m) || any_method) return true;
    for (const std::string& allowed : methods)
      if (allowed == m) return true;
    return false;
  }

  // Names a request may carry before one must be a repeat, when the policy lists its names.
  std::size_t distinct_listed_headers() const {
    std::vector<std::string> distinct = headers;
    std::sort(distinct.begin(), distinct.end());
    return static_cast<std::size_t>(std::unique(distinct.begin(), distinct.end()) -
                                    distinct.begin());
  }

  bool allows_header(std::string_view name) const {
    const std::string lower = ascii_lower(name);
    if (any_header && (lower != "authorization" || authorization_listed)) return true;
    for (const std::string& allowed : headers)
      if (allowed == lower) return true;
    return false;
  }
};

// Access-Control-Request-Headers read naively: every element of every line, trimmed.
struct ref_header_list {
  bool malformed = false;               // breaks the grammar or one of the documented limits
  std::vector<std::string_view> names;  // the non-empty elements, in order
};

// The documented limits: 16 lines, 128 names, 16 empty elements, 2 spaces or tabs on either
// side of a name, 256 bytes per name.
inline ref_header_list ref_parse_header_lines(const std::vector<std::string_view>& lines) {
  ref_header_list out;
  if (lines.size() > 16) out.malformed = true;
  std::size_t empty = 0;
  for (std::string_view line : lines) {
    for (std::string_view element : split(line, ',')) {
      const std::string_view name = trim_spaces_and_tabs(element);
      const std::size_t before =
          name.empty() ? element.size() : static_cast<std::size_t>(name.data() - element.data());
      const std::size_t after = name.empty() ? 0 : element.size() - before - name.size();
      if (before > 2 || after > 2) out.malformed = true;
      if (name.empty()) {
        ++empty;
        continue;
      }
      if (!is_token(name) || name.size() > 256) out.malformed = true;
      out.names.push_back(name);
    }
  }
  if (empty > 16 || out.names.size() > 128) out.malformed = true;
  return out;
}

}  // namespace cors_fuzz

#endif  // CORS_FUZZ_REFERENCE_HPP
