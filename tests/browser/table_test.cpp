// The scenario table's own consistency, checked without a browser: a wrong row would otherwise
// surface as a confusing browser failure, or silently test nothing.
#include <gtest/gtest.h>

#include <set>

#include "scenarios.hpp"
#include "suite_run.hpp"

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

// Every policy given as flags runs through cpp-httplib too, as "<name>_httplib" with the same
// flags and scenarios; its names clash with none of the table's.
TEST(table, every_policy_given_as_flags_is_served_through_cpp_httplib_too) {
  std::vector<const cc::policy_case*> given_as_flags;
  std::set<std::string_view> names;
  for (const cc::policy_case& p : cc::policy_cases()) {
    names.insert(p.name);
    if (!p.hand_written) given_as_flags.push_back(&p);
  }
  const std::vector<cc::policy_case>& through_httplib = cc::httplib_policy_cases();
  ASSERT_EQ(through_httplib.size(), given_as_flags.size());
  for (std::size_t i = 0; i < through_httplib.size(); ++i) {
    const cc::policy_case& p = through_httplib[i];
    EXPECT_EQ(p.name, std::string(given_as_flags[i]->name) + "_httplib");
    EXPECT_TRUE(names.insert(p.name).second) << "duplicate policy " << p.name;
    EXPECT_EQ(p.served_by, cc::adapter::httplib);
    EXPECT_EQ(given_as_flags[i]->served_by, cc::adapter::beast);
    EXPECT_EQ(p.flags, given_as_flags[i]->flags);
    EXPECT_EQ(p.scenarios.size(), given_as_flags[i]->scenarios.size());
  }
#ifndef CORS_HTTPLIB_DEMO_SERVER
  // A developer's machine without cpp-httplib runs the Beast half alone; CI never does.
  if (cors::browser_tests::in_ci())
    FAIL() << "cors-httplib-demo-server is not built (cpp-httplib not found: libcpp-httplib-dev)";
  GTEST_SKIP() << "cors-httplib-demo-server is not built: the policies run through Beast only";
#endif
}

TEST(table, every_expectation_is_consistent) {
  for (const cc::policy_case& p : cc::policy_cases()) {
    for (const cc::scenario& s : p.scenarios) {
      SCOPED_TRACE(std::string(p.name) + "." + std::string(s.id));
      EXPECT_GE(s.repeat, 1);
      if (s.allowed) {
        EXPECT_FALSE(s.refused.has_value());
      } else {
        ASSERT_TRUE(s.refused.has_value());
        EXPECT_TRUE(s.readable_headers.empty() && s.hidden_headers.empty());
        // Every engine's expected message must itself name the check that engine reports.
        for (const cc::engine e : cc::all_engines)
          EXPECT_EQ(
              cc::check_named_by(e, cc::expected_message(e, *s.refused, "http://a.localhost")),
              std::optional(s.check_in(e)))
              << cc::to_string(e) << ": "
              << cc::expected_message(e, *s.refused, "http://a.localhost");
      }
      // A difference names its reason.
      for (const cc::scenario::engine_difference& d : s.differences)
        EXPECT_FALSE(d.reason.empty()) << cc::to_string(d.which);
      // So does cpp-httplib's own answer, which only an allowed fetch can read.
      if (s.status_on_httplib != 0) {
        EXPECT_TRUE(s.allowed);
        EXPECT_FALSE(s.why_on_httplib.empty());
        EXPECT_FALSE(p.hand_written.has_value()) << "only policies given as flags run on httplib";
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
  const auto named = [](std::string_view message) {
    return cc::check_named_by(cc::engine::chromium, message);
  };
  EXPECT_EQ(named(m::no_allow_origin), fc::origin);
  EXPECT_EQ(named(m::preflight(m::no_allow_origin)), fc::origin);
  EXPECT_EQ(named(m::wildcard_with_credentials), fc::credentials);
  EXPECT_EQ(named(m::credentials_not_true()), fc::credentials);
  EXPECT_EQ(named(m::credentials_not_true("TRUE")), fc::credentials);
  EXPECT_EQ(named(m::method_not_allowed("PUT")), fc::method);
  EXPECT_EQ(named(m::header_not_allowed("x-custom-header")), fc::header);
  EXPECT_EQ(named(m::preflight(m::preflight_not_ok)), fc::status);
  EXPECT_EQ(named(m::origin_not_equal("https://a.example")), fc::origin);
  EXPECT_EQ(named(m::multiple_origins("https://a.example, https://b.example")), fc::origin);
  EXPECT_EQ(named(m::preflight("Redirect is not allowed for a preflight request.")), fc::redirect);
  EXPECT_EQ(named("Unknown."), std::nullopt);
}

// Every kind of refusal, in every engine's words, names the check it is about.
TEST(table, every_engine_message_names_its_check) {
  namespace r = cc::refused;
  const std::vector<cc::refusal> refusals = {
      r::no_allow_origin(),
      r::preflight(r::no_allow_origin(), 403),
      r::allow_origin_not_equal("http://b.localhost"),
      r::allow_origin_multiple("http://a.localhost, http://b.localhost"),
      r::wildcard_with_credentials(),
      r::credentials_not_true("TRUE"),
      r::preflight_not_ok(405),
      r::method_not_allowed("PUT"),
      r::header_not_allowed("X-Custom-Header"),
      r::preflight_redirect(307),
      r::allow_methods_invalid("PUT, GET;", "GET;"),
      r::allow_origin_lines("http://a.localhost, http://a.localhost"),
      r::allow_origin_invalid("a.localhost"),
  };
  for (const cc::engine e : cc::all_engines)
    for (const cc::refusal& refusal : refusals) {
      const std::string message = cc::expected_message(e, refusal, "http://a.localhost");
      EXPECT_EQ(cc::check_named_by(e, message), cc::check_of(cc::reported_by(e, refusal).kind))
          << cc::to_string(e) << ": " << message;
    }
  // WebKit reports a preflight's status before its headers.
  EXPECT_EQ(cc::expected_message(cc::engine::webkit, r::preflight(r::no_allow_origin(), 403),
                                 "http://a.localhost"),
            "Preflight response is not successful. Status code: 403");
  EXPECT_EQ(cc::check_named_by(cc::engine::firefox,
                               "(Reason: CORS request did not succeed). "
                               "Status code: (null)."),
            std::nullopt);
}

}  // namespace
