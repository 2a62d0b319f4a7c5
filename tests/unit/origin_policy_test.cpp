// Which request origins a policy allows: exact origins, subdomain and port patterns, "*",
// "null", the predicate, and a policy with a thousand origins and a hundred patterns.
#include <gtest/gtest.h>

#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"

namespace {

using cors::rejection_reason;

cors::decision get_from(const cors::policy& policy, std::string_view origin) {
  cors::request_view r;
  r.method = "GET";
  r.origin = origin;
  return policy.evaluate(r);
}

std::string allow_origin(const cors::decision& d) {
  for (const cors::response_header& h : d)
    if (h.name == "Access-Control-Allow-Origin") return std::string(h.value);
  return "(absent)";
}

// --- patterns
// -------------------------------------------------------------------------------------

struct pattern_case {
  const char* name;
  std::vector<std::string> allowed;
  bool credentials;
  std::string_view origin;
  rejection_reason expected;
};

void PrintTo(const pattern_case& c, std::ostream* os) {
  *os << c.name << ": " << c.origin;
}

class origin_pattern : public ::testing::TestWithParam<pattern_case> {};

TEST_P(origin_pattern, allows_exactly_what_it_says) {
  const pattern_case& c = GetParam();
  cors::config cfg;
  cfg.allowed_origins = c.allowed;
  cfg.allow_credentials = c.credentials;
  const cors::policy policy(cfg);
  const cors::decision d = get_from(policy, c.origin);
  EXPECT_EQ(d.reason(), c.expected) << cors::to_string(d.reason());
  if (c.expected == rejection_reason::none) {
    EXPECT_EQ(allow_origin(d), c.origin);  // the request's own origin, never the pattern
  } else {
    EXPECT_EQ(allow_origin(d), "(absent)");
    EXPECT_EQ(d.offending_value(), c.origin);
  }
}

constexpr auto allowed = rejection_reason::none;
constexpr auto refused = rejection_reason::origin_not_allowed;
constexpr auto malformed = rejection_reason::malformed_origin;

const std::vector<std::string> subdomains = {"https://*.example.com"};
const std::vector<std::string> subdomains_any_port = {"https://*.example.com:*"};
const std::vector<std::string> subdomains_8443 = {"https://*.example.com:8443"};
const std::vector<std::string> localhost_any_port = {"http://localhost:*"};
const std::vector<std::string> local_subdomains = {"http://*.localhost:*"};
const std::vector<std::string> exact = {"https://app.example.com", "http://localhost:8080",
                                        "http://[::1]:8080", "http://127.0.0.1:3000"};

INSTANTIATE_TEST_SUITE_P(
    origins, origin_pattern,
    ::testing::Values(
        pattern_case{"exact", exact, false, "https://app.example.com", allowed},
        pattern_case{"exact_port", exact, false, "http://localhost:8080", allowed},
        pattern_case{"exact_ipv6", exact, false, "http://[::1]:8080", allowed},
        pattern_case{"exact_ipv4", exact, false, "http://127.0.0.1:3000", allowed},
        pattern_case{"exact_other_scheme", exact, false, "http://app.example.com", refused},
        pattern_case{"exact_other_port", exact, false, "http://localhost:8081", refused},
        pattern_case{"exact_no_port", exact, false, "http://localhost", refused},
        pattern_case{"exact_subdomain", exact, false, "https://www.app.example.com", refused},
        pattern_case{"exact_upper_case", exact, false, "https://APP.example.com", malformed},
        pattern_case{"exact_trailing_slash", exact, false, "https://app.example.com/", malformed},
        // https://*.example.com: one or more labels, never the apex, same scheme and port.
        pattern_case{"one_label", subdomains, false, "https://a.example.com", allowed},
        pattern_case{"two_labels", subdomains, false, "https://a.b.example.com", allowed},
        pattern_case{"many_labels", subdomains, false, "https://a.b.c.d.example.com", allowed},
        pattern_case{"apex", subdomains, false, "https://example.com", refused},
        pattern_case{"glued_prefix", subdomains, false, "https://evilexample.com", refused},
        pattern_case{"glued_label", subdomains, false, "https://a.evilexample.com", refused},
        pattern_case{"suffix_appended", subdomains, false, "https://a.example.com.evil.com",
                     refused},
        pattern_case{"other_scheme", subdomains, false, "http://a.example.com", refused},
        pattern_case{"explicit_port", subdomains, false, "https://a.example.com:8443", refused},
        pattern_case{"explicit_default_port", subdomains, false, "https://a.example.com:443",
                     malformed},
        pattern_case{"other_tld", subdomains, false, "https://a.example.org", refused},
        pattern_case{"ip_address", subdomains, false, "https://1.2.3.4", refused},
        pattern_case{"any_port_default", subdomains_any_port, false, "https://a.example.com",
                     allowed},
        pattern_case{"any_port_8443", subdomains_any_port, false, "https://a.b.example.com:8443",
                     allowed},
        pattern_case{"any_port_apex", subdomains_any_port, false, "https://example.com:8443",
                     refused},
        pattern_case{"any_port_other_scheme", subdomains_any_port, false,
                     "http://a.example.com:8443", refused},
        pattern_case{"fixed_port", subdomains_8443, false, "https://a.example.com:8443", allowed},
        pattern_case{"fixed_port_other", subdomains_8443, false, "https://a.example.com:9443",
                     refused},
        pattern_case{"fixed_port_none", subdomains_8443, false, "https://a.example.com", refused},
        // http://localhost:*: every port of one host, and no port.
        pattern_case{"port_wildcard_no_port", localhost_any_port, false, "http://localhost",
                     allowed},
        pattern_case{"port_wildcard_port", localhost_any_port, false, "http://localhost:3000",
                     allowed},
        pattern_case{"port_wildcard_highest_port", localhost_any_port, false,
                     "http://localhost:65535", allowed},
        pattern_case{"port_wildcard_https", localhost_any_port, false, "https://localhost:3000",
                     refused},
        pattern_case{"port_wildcard_subdomain", localhost_any_port, false,
                     "http://a.localhost:3000", refused},
        pattern_case{"port_wildcard_loopback_ip", localhost_any_port, false,
                     "http://127.0.0.1:3000", refused},
        // Loopback patterns are allowed together with credentials.
        pattern_case{"local_subdomains_with_credentials", local_subdomains, true,
                     "http://app.localhost:5173", allowed},
        pattern_case{"local_subdomains_no_port", local_subdomains, true, "http://app.localhost",
                     allowed},
        pattern_case{"local_subdomains_apex", local_subdomains, true, "http://localhost:5173",
                     refused}),
    [](const auto& info) { return std::string(info.param.name); });

// --- "*"
// --------------------------------------------------------------------------------------------

TEST(wildcard_origin, allows_every_origin_with_a_star) {
  cors::config cfg;
  cfg.allowed_origins = {"*"};
  const cors::policy policy(cfg);
  for (std::string_view origin :
       {"https://anyone.example", "http://localhost:1", "null", "chrome-extension://abc"}) {
    const cors::decision d = get_from(policy, origin);
    EXPECT_TRUE(d.allowed()) << origin;
    EXPECT_EQ(allow_origin(d), "*") << origin;
  }
}

TEST(wildcard_origin, never_reflects_whatever_the_origin_holds) {
  // Under "*" the origin is not inspected, and nothing of it is sent back.
  cors::config cfg;
  cfg.allowed_origins = {"*"};
  const cors::policy policy(cfg);
  const cors::decision d = get_from(policy, "https://a.example\r\nSet-Cookie: x=1");
  EXPECT_EQ(allow_origin(d), "*");
}

// --- null
// -----------------------------------------------------------------------------------------

TEST(null_origin, is_refused_unless_opted_in) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  const cors::policy without(cfg);
  const cors::decision refused_null = get_from(without, "null");
  EXPECT_EQ(refused_null.reason(), rejection_reason::origin_not_allowed);
  EXPECT_EQ(refused_null.offending_value(), "null");

  cfg.allow_null_origin = true;
  const cors::policy with(cfg);
  const cors::decision allowed_null = get_from(with, "null");
  EXPECT_TRUE(allowed_null.allowed());
  EXPECT_EQ(allow_origin(allowed_null), "null");
}

TEST(null_origin, alone_makes_a_policy) {
  cors::config cfg;
  cfg.allow_null_origin = true;
  const cors::policy policy(cfg);
  EXPECT_TRUE(get_from(policy, "null").allowed());
  EXPECT_EQ(get_from(policy, "https://app.example.com").reason(),
            rejection_reason::origin_not_allowed);
}

TEST(null_origin, only_the_exact_lower_case_word) {
  cors::config cfg;
  cfg.allow_null_origin = true;
  const cors::policy policy(cfg);
  EXPECT_EQ(get_from(policy, "NULL").reason(), rejection_reason::malformed_origin);
  EXPECT_EQ(get_from(policy, "null ").reason(), rejection_reason::malformed_origin);
}

// --- the predicate ----------------------------------------------------------------------------

TEST(origin_predicate, sees_only_validated_origins_that_no_entry_matched) {
  std::vector<std::string> seen;
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com", "https://*.example.org"};
  cfg.origin_predicate = [&seen](std::string_view origin) {
    seen.emplace_back(origin);
    return origin == "https://partner.example.net";
  };
  const cors::policy policy(cfg);

  EXPECT_TRUE(get_from(policy, "https://app.example.com").allowed());  // entry: not asked
  EXPECT_TRUE(get_from(policy, "https://a.example.org").allowed());    // pattern: not asked
  EXPECT_TRUE(get_from(policy, "https://partner.example.net").allowed());
  EXPECT_EQ(allow_origin(get_from(policy, "https://partner.example.net")),
            "https://partner.example.net");
  EXPECT_EQ(get_from(policy, "https://other.example.net").reason(),
            rejection_reason::origin_not_allowed);
  // Never asked about anything that is not a serialized origin, nor about "null".
  EXPECT_EQ(get_from(policy, "HTTPS://PARTNER.EXAMPLE.NET").reason(),
            rejection_reason::malformed_origin);
  EXPECT_EQ(get_from(policy, "https://partner.example.net/").reason(),
            rejection_reason::malformed_origin);
  EXPECT_EQ(get_from(policy, "https://partner.example.net\r\n").reason(),
            rejection_reason::malformed_origin);
  EXPECT_EQ(get_from(policy, "null").reason(), rejection_reason::origin_not_allowed);

  EXPECT_EQ(seen,
            (std::vector<std::string>{"https://partner.example.net", "https://partner.example.net",
                                      "https://other.example.net"}));
}

TEST(origin_predicate, that_throws_denies) {
  cors::config cfg;
  cfg.origin_predicate = [](std::string_view) -> bool { throw std::runtime_error("db down"); };
  const cors::policy policy(cfg);
  cors::decision d;
  EXPECT_NO_THROW(d = get_from(policy, "https://partner.example.net"));
  EXPECT_EQ(d.reason(), rejection_reason::origin_not_allowed);
  EXPECT_EQ(allow_origin(d), "(absent)");
}

TEST(origin_predicate, decides_preflights_too) {
  cors::config cfg;
  cfg.origin_predicate = [](std::string_view origin) { return origin.size() < 30; };
  cfg.allowed_methods = {"PUT"};
  const cors::policy policy(cfg);
  cors::request_view r;
  r.method = "OPTIONS";
  r.origin = "https://short.example";
  r.access_control_request_method = "PUT";
  EXPECT_TRUE(policy.evaluate(r).allowed());
  r.origin = "https://a-rather-long-name.example.com";
  EXPECT_EQ(policy.evaluate(r).reason(), rejection_reason::origin_not_allowed);
}

// --- scale ------------------------------------------------------------------------------------

class many_origins : public ::testing::Test {
 protected:
  static cors::config config() {
    cors::config cfg;
    for (int i = 0; i < 1000; ++i)
      cfg.allowed_origins.push_back("https://app" + std::to_string(i) + ".example.org");
    for (int i = 0; i < 100; ++i)
      cfg.allowed_origins.push_back("https://*.tenant" + std::to_string(i) + ".example.net");
    return cfg;
  }
  const cors::policy policy_{config()};

  bool allows(const std::string& origin) const { return get_from(policy_, origin).allowed(); }
};

TEST_F(many_origins, every_exact_origin_matches) {
  for (int i = 0; i < 1000; ++i) {
    const std::string origin = "https://app" + std::to_string(i) + ".example.org";
    EXPECT_TRUE(allows(origin)) << origin;
  }
}

TEST_F(many_origins, every_pattern_matches_its_subdomains) {
  for (int i = 0; i < 100; ++i) {
    const std::string suffix = ".tenant" + std::to_string(i) + ".example.net";
    EXPECT_TRUE(allows("https://x" + suffix)) << suffix;
    EXPECT_TRUE(allows("https://a.b" + suffix)) << suffix;
  }
}

TEST_F(many_origins, near_misses_do_not_match) {
  for (int i = 0; i < 1000; ++i) {
    const std::string n = std::to_string(i);
    for (const std::string& miss :
         {"http://app" + n + ".example.org", "https://app" + n + ".example.org:8443",
          "https://app" + n + ".example.com", "https://x.app" + n + ".example.org",
          "https://app" + n + "x.example.org", "https://app" + n + ".example.org.evil.com"})
      EXPECT_FALSE(allows(miss)) << miss;
  }
  for (int i = 0; i < 100; ++i) {
    const std::string n = std::to_string(i);
    for (const std::string& miss :
         {"https://tenant" + n + ".example.net", "http://x.tenant" + n + ".example.net",
          "https://x.tenant" + n + ".example.net:8443", "https://xtenant" + n + ".example.net",
          "https://x.tenant" + n + ".example.net.evil.com",
          "https://x.tenant" + n + "x.example.net"})
      EXPECT_FALSE(allows(miss)) << miss;
  }
  EXPECT_FALSE(allows("https://app1000.example.org"));
  EXPECT_FALSE(allows("https://x.tenant100.example.net"));
}

}  // namespace
