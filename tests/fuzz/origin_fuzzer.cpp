// detail::parse_origin and detail::origin_matcher against the reference model. Input: the request
// origin, optionally followed by '\n' and a second origin from which exact, any-port and
// subdomain patterns are built for this one run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checks.hpp"
#include "origin.hpp"

namespace {

using cors::detail::origin_error;
using cors::detail::origin_matcher;
using cors::detail::origin_parts;
using cors_fuzz::ref_rule;

// The same patterns a policy would accept, added the way config validation adds them.
void add_rule(origin_matcher& matcher, const ref_rule& rule) {
  switch (rule.kind) {
    case ref_rule::exact:
      matcher.add_exact(rule.text);
      break;
    case ref_rule::any_port:
      matcher.add_any_port(rule.scheme, rule.host);
      break;
    case ref_rule::subdomains:
      matcher.add_subdomains(rule.scheme, rule.host,
                             rule.port == -2   ? cors::detail::any_port
                             : rule.port == -1 ? cors::detail::default_port_only
                                               : rule.port);
      break;
    case ref_rule::any:
      break;
  }
}

struct fixed_patterns {
  std::vector<ref_rule> rules;
  origin_matcher matcher;
};

const fixed_patterns& fixed() {
  static const fixed_patterns patterns = [] {
    fixed_patterns p;
    for (const char* entry :
         {"https://app.example.com", "http://127.0.0.1:3000", "https://[::1]:8443",
          "https://[2001:db8::1]", "https://xn--bcher-kva.example", "http://localhost:*",
          "http://[::1]:*", "https://*.example.com", "https://*.example.com:8443",
          "https://*.example.org:*", "http://*.dev.example.net:8080", "https://*.a.b.c.d.e"}) {
      p.rules.push_back(cors_fuzz::ref_parse_rule(entry));
      add_rule(p.matcher, p.rules.back());
    }
    return p;
  }();
  return patterns;
}

bool reference_matches(const std::vector<ref_rule>& rules, std::string_view origin,
                       const cors_fuzz::ref_origin& parsed) {
  for (const ref_rule& rule : rules)
    if (cors_fuzz::ref_rule_matches(rule, origin, parsed)) return true;
  return false;
}

std::string serialize(const origin_parts& parts) {
  std::string out;
  out.append(parts.scheme).append("://").append(parts.host);
  if (parts.port != -1) out.append(":").append(std::to_string(parts.port));
  return out;
}

// Checks one origin: parse, then match against `rules` and `matcher`.
void check_origin(std::string_view origin, const std::vector<ref_rule>& rules,
                  const origin_matcher& matcher) {
  origin_parts parts;
  const std::uint64_t before = cors_fuzz::engine_steps();
  const origin_error error = cors::detail::parse_origin(origin, parts);
  const bool matched = error == origin_error::none && matcher.matches(origin, parts);
  FUZZ_CHECK(cors_fuzz::bounded_work(cors_fuzz::engine_steps() - before, origin.size()));

  cors_fuzz::ref_origin reference;
  bool strict = false;
  const bool well_formed = cors_fuzz::ref_parse_origin(origin, reference, strict);
  if (strict) FUZZ_CHECK(error == origin_error::none);
  if (error != origin_error::none) {
    FUZZ_CHECK(!matched);
    return;
  }
  // Accepted: the reference agrees, and the parts put back together are the input.
  FUZZ_CHECK(well_formed);
  FUZZ_CHECK(serialize(parts) == origin);
  FUZZ_CHECK(parts.scheme == reference.scheme && parts.host == reference.host &&
             parts.port == reference.port);
  FUZZ_CHECK((parts.kind == cors::detail::host_kind::domain) == reference.is_domain);
  FUZZ_CHECK(cors::detail::is_loopback(parts) == cors_fuzz::ref_is_loopback(reference));
  FUZZ_CHECK(matched == reference_matches(rules, origin, reference));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cors_fuzz::init_step_counter();
  fixed();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view origin = input.substr(0, newline);
  check_origin(origin, fixed().rules, fixed().matcher);
  if (newline == std::string_view::npos) return 0;

  // Patterns made of the second origin, if it is one a configuration could hold.
  const std::string_view pattern = input.substr(newline + 1);
  origin_parts parts;
  if (cors::detail::parse_origin(pattern, parts) != origin_error::none) return 0;
  std::vector<ref_rule> rules;
  rules.push_back(cors_fuzz::ref_parse_rule(pattern));
  ref_rule any_port =
      cors_fuzz::ref_parse_rule(std::string(parts.scheme) + "://" + std::string(parts.host) + ":*");
  rules.push_back(any_port);
  if (parts.kind == cors::detail::host_kind::domain)
    rules.push_back(
        cors_fuzz::ref_parse_rule(std::string(parts.scheme) + "://*." +
                                  std::string(pattern.substr(parts.scheme.size() + 3))));
  for (const ref_rule& rule : rules) {
    origin_matcher matcher;
    add_rule(matcher, rule);
    check_origin(origin, {rule}, matcher);
  }
  return 0;
}
