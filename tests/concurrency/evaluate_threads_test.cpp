// One policy evaluated from many threads at once must decide exactly as it does from one: the
// policy is immutable after construction and its copies share state. Built with
// ThreadSanitizer by .ci/sanitize, where any data race fails the run.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cors/cors.hpp"
#include "same_decision.hpp"

namespace {

constexpr int thread_count = 8;
constexpr int evaluations_per_thread = 20000;

struct sample_request {
  std::string method;
  std::vector<std::string> origin_lines;
  std::string request_method;  // empty: absent
  std::vector<std::string> request_header_lines;
  std::string private_network;  // empty: absent
};

// A request_view of a sample_request, with the line views it points into. Neither may move
// while the view is in use.
struct bound_request {
  std::vector<std::string_view> origin, headers;
  cors::request_view view;

  explicit bound_request(const sample_request& r)
      : origin(r.origin_lines.begin(), r.origin_lines.end()),
        headers(r.request_header_lines.begin(), r.request_header_lines.end()) {
    view.method = r.method;
    if (!origin.empty()) view.origin = cors::header_field(origin.data(), origin.size());
    if (!r.request_method.empty()) view.access_control_request_method = r.request_method;
    if (!headers.empty())
      view.access_control_request_headers = cors::header_field(headers.data(), headers.size());
    if (!r.private_network.empty()) view.access_control_request_private_network = r.private_network;
  }
  bound_request(const bound_request&) = delete;
  bound_request& operator=(const bound_request&) = delete;
};

// Allowed and rejected, actual and preflight, well-formed and hostile.
std::vector<sample_request> mixed_requests() {
  return {
      {"GET", {"https://app.example.com"}, "", {}, ""},
      {"GET", {}, "", {}, ""},
      {"POST", {"https://api.example.com"}, "", {}, ""},
      {"GET", {"https://evil.example"}, "", {}, ""},
      {"GET", {"https://app150.example.org"}, "", {}, ""},
      {"GET", {"https://partner.example.net"}, "", {}, ""},
      {"GET", {"https://app.example.com.evil.com"}, "", {}, ""},
      {"GET", {"HTTPS://APP.EXAMPLE.COM"}, "", {}, ""},
      {"GET", {"https://app.example.com", "https://evil.example"}, "", {}, ""},
      {"OPTIONS", {"https://app.example.com"}, "", {}, ""},
      {"OPTIONS", {"https://app.example.com"}, "PUT", {"content-type,x-custom-header"}, ""},
      {"OPTIONS", {"https://a.b.example.com"}, "DELETE", {"x-custom-header", "content-type"}, ""},
      {"OPTIONS", {"https://app.example.com"}, "PURGE", {}, ""},
      {"OPTIONS", {"https://app.example.com"}, "patch", {}, ""},
      {"OPTIONS", {"https://app.example.com"}, "PUT", {"x-other"}, ""},
      {"OPTIONS", {"https://app.example.com"}, "PUT", {std::string(4000, ',')}, ""},
      {"OPTIONS", {"https://app.example.com"}, "PUT", {"authorization"}, "true"},
      {"OPTIONS", {"http://localhost:5173"}, "PUT", {}, "true"},
      {"OPTIONS", {"https://evil.example"}, "PUT", {}, ""},
      {"OPTIONS", {"null"}, "PUT", {}, ""},
  };
}

cors::config shared_config(std::atomic<long>& rejections) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com", "https://*.example.com", "http://localhost:*"};
  // Enough exact origins for the hashed lookup, and a predicate: both read from every thread.
  for (int i = 0; i < 200; ++i)
    cfg.allowed_origins.push_back("https://app" + std::to_string(i) + ".example.org");
  cfg.origin_predicate = [](std::string_view origin) {
    return origin == "https://partner.example.net";
  };
  cfg.allowed_methods = {"PUT", "DELETE", "PATCH"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header", "Authorization"};
  cfg.exposed_headers = {"X-Request-Id"};
  cfg.allow_credentials = true;
  cfg.allow_private_network = true;
  cfg.max_age_seconds = 600;
  // The sink runs on every thread that evaluates a rejected request.
  cfg.on_rejection = [&rejections](const cors::decision&, std::string_view line) {
    if (!line.empty()) rejections.fetch_add(1, std::memory_order_relaxed);
  };
  return cfg;
}

TEST(concurrent_evaluation, many_threads_get_the_single_threaded_decisions) {
  std::atomic<long> rejections{0};
  const cors::policy policy(shared_config(rejections));
  const std::vector<sample_request> requests = mixed_requests();
  std::deque<bound_request> bound;
  std::vector<cors::request_view> views;
  std::vector<cors::decision> expected;
  long expected_rejections_per_round = 0;
  for (const sample_request& r : requests) {
    views.push_back(bound.emplace_back(r).view);
    expected.push_back(policy.evaluate(views.back()));
    if (!expected.back().allowed()) ++expected_rejections_per_round;
  }
  ASSERT_GT(expected_rejections_per_round, 0);
  ASSERT_LT(expected_rejections_per_round, static_cast<long>(requests.size()));
  rejections = 0;

  std::atomic<long> mismatches{0};
  std::atomic<long> rejected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads use their own copy: copies share the state, counted by shared_ptr.
      const cors::policy copy = policy;
      const cors::policy& p = t % 2 == 0 ? policy : copy;
      long local_mismatches = 0;
      long local_rejected = 0;
      for (int i = 0; i < evaluations_per_thread; ++i) {
        const std::size_t k = static_cast<std::size_t>(i * 7 + t) % views.size();
        const cors::decision d = p.evaluate(views[k]);
        if (!cors_test::same_decision(d, expected[k])) ++local_mismatches;
        if (!d.allowed()) ++local_rejected;
      }
      mismatches += local_mismatches;
      rejected += local_rejected;
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_GT(rejected.load(), 0);
  // Every rejection reached the sink exactly once, from whichever thread made it.
  EXPECT_EQ(rejections.load(), rejected.load());
}

// Policies built and dropped on several threads while others evaluate their own copies:
// construction (public-suffix list, validation) has no hidden shared mutable state.
TEST(concurrent_evaluation, policies_built_on_several_threads_at_once) {
  cors::config bad;
  bad.allowed_origins = {"https://*.com", "*"};
  bad.allow_credentials = true;
  const std::vector<cors::config_issue> expected_issues = cors::validate(bad);
  ASSERT_FALSE(expected_issues.empty());

  std::atomic<long> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&] {
      std::atomic<long> rejections{0};
      const sample_request r{"OPTIONS", {"https://a.example.com"}, "PUT", {"content-type"}, ""};
      const bound_request b(r);
      for (int i = 0; i < 50; ++i) {
        const cors::policy policy(shared_config(rejections));
        if (!policy.evaluate(b.view).allowed()) ++mismatches;
        const cors::policy_or_issues created = cors::policy::create(bad);
        const std::vector<cors::config_issue>& issues = created.issues();
        if (created.ok() || issues.size() != expected_issues.size()) {
          ++mismatches;
          continue;
        }
        for (std::size_t k = 0; k < issues.size(); ++k)
          if (issues[k].field != expected_issues[k].field ||
              issues[k].message != expected_issues[k].message)
            ++mismatches;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// Copies keep the shared state alive after the original is gone, on any thread.
TEST(concurrent_evaluation, copies_outlive_the_original) {
  std::vector<cors::policy> copies;
  {
    cors::config cfg;
    cfg.allowed_origins = {"https://app.example.com"};
    const cors::policy original(cfg);
    for (int i = 0; i < thread_count; ++i) copies.push_back(original);
  }
  const sample_request r{"GET", {"https://app.example.com"}, "", {}, ""};
  const bound_request b(r);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (const cors::policy& p : copies)
    threads.emplace_back([&p, &b, &allowed] {
      for (int i = 0; i < 1000; ++i)
        if (p.evaluate(b.view).allowed()) ++allowed;
    });
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), thread_count * 1000);
}

}  // namespace
