// cors::live_policy: replaced while other threads evaluate through it, every answer is exactly
// the old policy's or the new one's, and a decision's views stay valid while its pin lives.
// Built with ThreadSanitizer by .ci/sanitize (and AddressSanitizer, which catches a policy
// destroyed under a pinned decision).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cors/live_policy.hpp"
#include "cors/shadow_policy.hpp"

namespace {

cors::request_view get_from(const std::string& origin) {
  cors::request_view r;
  r.method = "GET";
  r.origin = origin;
  return r;
}

cors::request_view preflight_from(const std::string& origin) {
  cors::request_view r;
  r.method = "OPTIONS";
  r.origin = origin;
  r.access_control_request_method = "PUT";
  r.access_control_request_headers = "x-trace";
  return r;
}

cors::policy policy_for(std::vector<std::string> origins, std::vector<std::string> methods,
                        int max_age) {
  cors::config cfg;
  cfg.allowed_origins = std::move(origins);
  cfg.allowed_methods = std::move(methods);
  cfg.allowed_headers = {"X-Trace"};
  cfg.max_age_seconds = max_age;
  return cors::policy(cfg);
}

TEST(live_policy, serves_the_policy_it_was_given_then_its_replacement) {
  cors::live_policy live(policy_for({"https://a.example.com"}, {}, 10));
  const std::string b = "https://b.example.com";
  EXPECT_FALSE(live.current()->evaluate(get_from(b)).allowed());
  live.replace(policy_for({b}, {}, 10));
  EXPECT_TRUE(live.current()->evaluate(get_from(b)).allowed());
}

TEST(live_policy, a_pinned_policy_outlives_its_replacement) {
  cors::live_policy live(policy_for({"https://a.example.com"}, {"PUT"}, 600));
  const std::string origin = "https://a.example.com";
  std::atomic<bool> replaced{false};
  std::thread replacer;
  {
    cors::live_policy::pin pinned = live.current();
    const cors::decision d = pinned->evaluate(preflight_from(origin));
    replacer = std::thread([&] {
      live.replace(policy_for({"https://c.example.com"}, {}, 5));
      replaced = true;
    });
    // A request that starts now may get either policy; this one keeps the old one.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(replaced.load());
    ASSERT_EQ(d.size(), 5U);
    EXPECT_EQ(d.begin()[1].name, "Access-Control-Allow-Methods");
    EXPECT_EQ(d.begin()[1].value, "PUT");
    EXPECT_EQ(d.begin()[3].value, "600");
    // Moved to another thread, it still pins.
    std::thread([moved = std::move(pinned)] {
      EXPECT_TRUE(moved->evaluate(get_from("https://a.example.com")).allowed());
    }).join();
  }
  replacer.join();
  EXPECT_TRUE(replaced.load());
  EXPECT_FALSE(live.current()->evaluate(get_from(origin)).allowed());
}

// Readers evaluate a mix of requests while the policy flips between two versions; each answer,
// read after evaluation while its pin lives, must equal one version's answer exactly.
TEST(live_policy, every_answer_under_concurrent_replacement_is_one_policy_s) {
  const std::vector<std::string> origins = {"https://a.example.com", "https://b.example.com",
                                            "https://x.b.example.com", "https://c.example.com"};
  const cors::policy old_policy =
      policy_for({"https://a.example.com", "https://*.b.example.com"}, {"PUT"}, 600);
  const cors::policy new_policy =
      policy_for({"https://b.example.com", "https://c.example.com"}, {"PUT", "PATCH"}, 30);
  std::vector<cors::request_view> requests;
  for (const std::string& origin : origins) {
    requests.push_back(get_from(origin));
    requests.push_back(preflight_from(origin));
  }

  cors::live_policy live(old_policy);
  std::atomic<bool> stop{false};
  std::atomic<long> mismatches{0};
  std::atomic<long> answered_by_new{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      for (std::size_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        const cors::request_view& request = requests[i % requests.size()];
        const cors::live_policy::pin pinned = live.current();
        const cors::decision d = pinned->evaluate(request);
        std::this_thread::yield();  // let replacements happen while the decision is held
        const bool is_old = cors::same_answer(d, old_policy.evaluate(request));
        const bool is_new = cors::same_answer(d, new_policy.evaluate(request));
        if (!is_old && !is_new) ++mismatches;
        if (is_new && !is_old) ++answered_by_new;
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    live.replace(i % 2 == 0 ? new_policy : old_policy);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_GT(answered_by_new.load(), 0);
}

// More readers at once than there are owned slots (64): the last ones share a slot. Their pins
// outlive the threads that took them (moved out before each thread exits, released on this
// thread), and a replacement waits for every one of them.
TEST(live_policy, a_replacement_waits_for_pins_beyond_64_threads_and_of_exited_threads) {
  const std::string origin = "https://a.example.com";
  cors::live_policy live(policy_for({origin}, {}, 600));
  constexpr int thread_count = 80;
  std::mutex held_mutex;
  std::vector<cors::live_policy::pin> held;
  std::atomic<int> pinned{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < thread_count; ++t) {
    readers.emplace_back([&] {
      cors::live_policy::pin pin = live.current();
      ++pinned;
      while (pinned.load() < thread_count) std::this_thread::yield();  // all 80 alive at once
      const std::lock_guard<std::mutex> lock(held_mutex);
      held.push_back(std::move(pin));
    });
  }
  for (std::thread& reader : readers) reader.join();
  ASSERT_EQ(held.size(), static_cast<std::size_t>(thread_count));

  std::atomic<bool> replaced{false};
  std::thread replacer([&] {
    live.replace(policy_for({"https://b.example.com"}, {}, 5));
    replaced = true;
  });
  // New threads reuse the exited threads' slots, and their pins come and go meanwhile.
  std::thread([&] {
    for (int i = 0; i < 100; ++i) (void)live.current()->evaluate(get_from(origin));
  }).join();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(replaced.load());
  for (const cors::live_policy::pin& pin : held) {
    const cors::decision d = pin->evaluate(get_from(origin));
    EXPECT_TRUE(d.allowed());
  }
  held.clear();
  replacer.join();
  EXPECT_TRUE(replaced.load());
  EXPECT_FALSE(live.current()->evaluate(get_from(origin)).allowed());
}

TEST(live_policy, replacements_from_several_threads_are_applied_in_turn) {
  cors::live_policy live(policy_for({"https://a.example.com"}, {}, 1));
  std::vector<std::thread> replacers;
  for (int t = 0; t < 4; ++t)
    replacers.emplace_back([&live, t] {
      for (int i = 0; i < 50; ++i)
        live.replace(policy_for({"https://a.example.com"}, {"PUT"}, t * 100 + i));
    });
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop)
      EXPECT_TRUE(live.current()->evaluate(get_from("https://a.example.com")).allowed());
  });
  for (std::thread& replacer : replacers) replacer.join();
  stop = true;
  reader.join();
  const cors::decision d = live.current()->evaluate(preflight_from("https://a.example.com"));
  ASSERT_EQ(d.size(), 5U);
  EXPECT_EQ(d.begin()[3].name, "Access-Control-Max-Age");
  EXPECT_EQ(d.begin()[3].value.substr(d.begin()[3].value.size() - 2), "49");
}

}  // namespace
