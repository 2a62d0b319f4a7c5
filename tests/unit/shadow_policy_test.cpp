// Report-only evaluation: the enforced decision is always the answer; the callback hears of
// every request the candidate would answer differently, with both decisions and explanations.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cors/shadow_policy.hpp"
#include "requests.hpp"

namespace {

using cors_test::actual;
using cors_test::headers_of;
using cors_test::preflight;

struct reported {
  std::string enforced;
  std::string candidate;
  bool enforced_allowed;
  bool candidate_allowed;
};

cors::policy make(std::vector<std::string> origins, std::vector<std::string> methods = {}) {
  cors::config cfg;
  cfg.allowed_origins = std::move(origins);
  cfg.allowed_methods = std::move(methods);
  return cors::policy(cfg);
}

std::vector<reported> run(const cors::policy& enforced, const cors::policy& candidate,
                          const cors::request_view& request, cors::decision& answer) {
  std::vector<reported> calls;
  answer = cors::evaluate_report_only(enforced, candidate, request, [&](const cors::divergence& x) {
    EXPECT_EQ(&x.request, &request);
    calls.push_back({std::string(x.enforced_explanation), std::string(x.candidate_explanation),
                     x.enforced.allowed(), x.candidate.allowed()});
  });
  return calls;
}

TEST(report_only, a_newly_allowed_origin_is_reported_and_still_rejected) {
  const cors::policy enforced = make({"https://a.example.com"});
  const cors::policy candidate = make({"https://a.example.com", "https://b.example.com"});
  cors::decision answer;
  const auto calls = run(enforced, candidate, actual("https://b.example.com"), answer);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].enforced,
            "request rejected: origin 'https://b.example.com' is not allowed (allowed: "
            "https://a.example.com)");
  EXPECT_EQ(calls[0].candidate,
            "request allowed: Access-Control-Allow-Origin: https://b.example.com; Vary: Origin");
  EXPECT_FALSE(calls[0].enforced_allowed);
  EXPECT_TRUE(calls[0].candidate_allowed);
  EXPECT_FALSE(answer.allowed());
  EXPECT_EQ(headers_of(answer), (cors_test::header_list{{"Vary", "Origin"}}));
}

TEST(report_only, a_stricter_candidate_is_reported_and_the_request_still_allowed) {
  const cors::policy enforced = make({"https://a.example.com"}, {"PUT", "PATCH"});
  const cors::policy candidate = make({"https://a.example.com"}, {"PUT"});
  cors::decision answer;
  const auto calls = run(enforced, candidate, preflight("https://a.example.com", "PATCH"), answer);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].enforced,
            "preflight allowed: Access-Control-Allow-Origin: https://a.example.com; "
            "Access-Control-Allow-Methods: PUT,PATCH; Vary: Origin");
  EXPECT_EQ(calls[0].candidate,
            "preflight rejected: method 'PATCH' is not allowed (allowed: GET, HEAD, POST, PUT)");
  EXPECT_TRUE(answer.allowed());
  EXPECT_EQ(answer.status(), 204);
}

TEST(report_only, different_headers_alone_are_a_divergence) {
  const cors::policy enforced = make({"https://a.example.com"}, {"PUT"});
  const cors::policy candidate = make({"https://a.example.com"}, {"PUT", "DELETE"});
  cors::decision answer;
  const auto calls = run(enforced, candidate, preflight("https://a.example.com", "PUT"), answer);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_TRUE(calls[0].enforced_allowed);
  EXPECT_TRUE(calls[0].candidate_allowed);
  EXPECT_EQ(calls[0].candidate,
            "preflight allowed: Access-Control-Allow-Origin: https://a.example.com; "
            "Access-Control-Allow-Methods: PUT,DELETE; Vary: Origin");
}

TEST(report_only, an_allowed_line_with_many_long_headers_is_cut_to_fit) {
  const cors::policy enforced = make({"https://a.example.com"});
  cors::config reflecting;
  reflecting.allowed_origins = {"https://a.example.com"};
  reflecting.allowed_headers = {"*"};
  reflecting.allow_credentials = true;  // so the requested lines are reflected one by one
  const cors::policy candidate(reflecting);
  // 16 lines, each one 200-byte name: 16 reflected Access-Control-Allow-Headers lines.
  std::vector<std::string> names;
  for (int i = 0; i < 16; ++i)
    names.push_back("x-" + std::to_string(i + 10) + std::string(196, 'n'));
  const std::vector<std::string_view> lines(names.begin(), names.end());
  cors::decision answer;
  const auto calls =
      run(enforced, candidate,
          preflight("https://a.example.com", "GET", cors::header_field(lines.data(), lines.size())),
          answer);
  ASSERT_EQ(calls.size(), 1U);
  std::string shown;
  for (int i = 0; i < 8; ++i)
    shown += "; Access-Control-Allow-Headers: x-" + std::to_string(i + 10) + std::string(124, 'n') +
             "...";
  EXPECT_EQ(calls[0].candidate,
            "preflight allowed: Access-Control-Allow-Origin: https://a.example.com; "
            "Access-Control-Allow-Credentials: true" +
                shown + " and 9 more");
}

TEST(report_only, the_same_answer_is_not_reported) {
  const cors::policy enforced = make({"https://a.example.com"}, {"PUT"});
  const cors::policy candidate =
      make({"https://a.example.com", "https://*.b.example.com"}, {"PUT"});
  cors::decision answer;
  EXPECT_TRUE(run(enforced, candidate, preflight("https://a.example.com", "PUT"), answer).empty());
  // Rejected by both, for different reasons: the client sees the same 403.
  EXPECT_TRUE(run(enforced, candidate, preflight("https://x.example.com", "PUT"), answer).empty());
  EXPECT_TRUE(run(enforced, candidate, actual("https://c.example.com"), answer).empty());
}

TEST(report_only, a_throwing_callback_changes_nothing) {
  const cors::policy enforced = make({"https://a.example.com"});
  const cors::policy candidate = make({"*"});
  const cors::decision d =
      cors::evaluate_report_only(enforced, candidate, actual("https://a.example.com"),
                                 [](const cors::divergence&) { throw std::runtime_error("x"); });
  EXPECT_EQ(headers_of(d),
            (cors_test::header_list{{"Access-Control-Allow-Origin", "https://a.example.com"},
                                    {"Vary", "Origin"}}));
}

}  // namespace
