// The scenario table's own consistency, checked without a browser: a wrong row would otherwise
// surface as a confusing browser failure, or silently test nothing.
#include <gtest/gtest.h>

#include <set>

#include "scenarios.hpp"

namespace {

namespace cc = cors::conformance;

bool is_identifier(std::string_view name) {
  return !name.empty() &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string_view::npos;
}

TEST(table, covers_enough_policies_and_scenarios) {
  std::size_t scenarios = 0;
  for (const cc::policy_case& p : cc::policy_cases()) scenarios += p.scenarios.size();
  EXPECT_GE(cc::policy_cases().size(), 6u);
  EXPECT_GE(scenarios, 40u);
}

TEST(table, names_are_identifiers_and_unique) {
  std::set<std::string_view> policies;
  for (const cc::policy_case& p : cc::policy_cases()) {
    EXPECT_TRUE(is_identifier(p.name)) << p.name;
    EXPECT_NE(p.name, "table");
    EXPECT_TRUE(policies.insert(p.name).second) << "duplicate policy " << p.name;
    std::set<std::string_view> ids;
    std::set<std::string> paths;
    for (const cc::scenario& s : p.scenarios) {
      EXPECT_TRUE(is_identifier(s.id)) << p.name << "." << s.id;
      EXPECT_TRUE(ids.insert(s.id).second) << "duplicate scenario " << p.name << "." << s.id;
      // Console messages and net-log entries are told apart by URL.
      EXPECT_TRUE(paths.insert(cc::request_path(p, s)).second)
          << p.name << "." << s.id << " shares its path " << cc::request_path(p, s);
    }
  }
}

TEST(table, every_expectation_is_consistent) {
  for (const cc::policy_case& p : cc::policy_cases()) {
    for (const cc::scenario& s : p.scenarios) {
      SCOPED_TRACE(std::string(p.name) + "." + std::string(s.id));
      EXPECT_GE(s.repeat, 1);
      if (s.allowed) {
        EXPECT_EQ(s.check, cc::failing_check::none);
        EXPECT_TRUE(s.message.empty());
      } else {
        EXPECT_NE(s.check, cc::failing_check::none);
        // The expected message must itself name the expected check.
        EXPECT_EQ(cc::check_named_by(s.message), std::optional(s.check)) << s.message;
        EXPECT_TRUE(s.readable_headers.empty() && s.hidden_headers.empty());
      }
      const std::string origin = cc::page_origin(s, 1, 2);
      EXPECT_TRUE(
          s.page_host == "127.0.0.1" || s.page_host == "localhost" ||
          (s.page_host.size() > 10 && s.page_host.substr(s.page_host.size() - 10) == ".localhost"))
          << "pages must stay on loopback: " << origin;
    }
  }
}

TEST(table, check_named_by_reads_every_chromium_message) {
  namespace m = cc::chromium_message;
  using fc = cc::failing_check;
  EXPECT_EQ(cc::check_named_by(m::no_allow_origin), fc::origin);
  EXPECT_EQ(cc::check_named_by(m::preflight(m::no_allow_origin)), fc::origin);
  EXPECT_EQ(cc::check_named_by(m::wildcard_with_credentials), fc::credentials);
  EXPECT_EQ(cc::check_named_by(m::credentials_not_true()), fc::credentials);
  EXPECT_EQ(cc::check_named_by(m::credentials_not_true("TRUE")), fc::credentials);
  EXPECT_EQ(cc::check_named_by(m::method_not_allowed("PUT")), fc::method);
  EXPECT_EQ(cc::check_named_by(m::header_not_allowed("x-custom-header")), fc::header);
  EXPECT_EQ(cc::check_named_by(m::preflight(m::preflight_not_ok)), fc::status);
  EXPECT_EQ(cc::check_named_by(m::origin_not_equal("https://a.example")), fc::origin);
  EXPECT_EQ(cc::check_named_by(m::multiple_origins("https://a.example, https://b.example")),
            fc::origin);
  EXPECT_EQ(cc::check_named_by("Redirect is not allowed for a preflight request."), std::nullopt);
}

}  // namespace
