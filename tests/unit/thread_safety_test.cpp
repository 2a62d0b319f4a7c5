// One policy shared by many threads decides every request exactly as it does on one thread.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cors/cors.hpp"

namespace {

// A decision flattened into one string, so that two decisions compare in one step.
std::string fingerprint(const cors::decision& d) {
  std::string out;
  out += cors::to_string(d.kind());
  out += '|';
  out += cors::to_string(d.reason());
  out += '|';
  out += d.offending_value();
  out += '|';
  out += std::to_string(d.status());
  out += d.respond_now() ? "|now" : "|later";
  for (const cors::response_header& h : d) {
    out += '|';
    out += h.name;
    out += '=';
    out += h.value;
  }
  return out;
}

TEST(ThreadSafety, EightThreadsGetIdenticalDecisions) {
  std::atomic<long> rejections{0};
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com", "https://*.example.com", "http://localhost:*"};
  for (int i = 0; i < 200; ++i)
    cfg.allowed_origins.push_back("https://app" + std::to_string(i) + ".example.org");
  cfg.origin_predicate = [](std::string_view origin) {
    return origin == "https://partner.example.net";
  };
  cfg.allowed_methods = {"PUT", "DELETE", "patch"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.exposed_headers = {"X-Request-Id"};
  cfg.allow_credentials = true;
  cfg.max_age_seconds = 600;
  cfg.allow_private_network = true;
  cfg.on_rejection = [&rejections](const cors::decision&, std::string_view) {
    rejections.fetch_add(1, std::memory_order_relaxed);
  };
  const cors::policy policy(cfg);

  const std::string_view split[] = {"content-type", "x-custom-header"};
  std::vector<cors::request_view> requests;
  auto add = [&](std::string_view method, std::string_view origin, cors::header_field acrm,
                 cors::header_field acrh, cors::header_field pna = {}) {
    cors::request_view r;
    r.method = method;
    if (!origin.empty()) r.origin = origin;
    r.access_control_request_method = acrm;
    r.access_control_request_headers = acrh;
    r.access_control_request_private_network = pna;
    requests.push_back(r);
  };
  add("GET", "", {}, {});
  add("GET", "https://app.example.com", {}, {});
  add("GET", "https://a.b.example.com", {}, {});
  add("GET", "https://app150.example.org", {}, {});
  add("GET", "https://partner.example.net", {}, {});
  add("GET", "https://evil.example", {}, {});
  add("GET", "HTTPS://APP.EXAMPLE.COM", {}, {});
  add("OPTIONS", "https://app.example.com", {}, {});
  add("OPTIONS", "https://app.example.com", "PUT", "content-type,x-custom-header");
  add("OPTIONS", "http://localhost:3000", "patch", {split, 2});
  add("OPTIONS", "https://app.example.com", "PATCH", {});
  add("OPTIONS", "https://app.example.com", "PUT", "x-other");
  add("OPTIONS", "https://app.example.com", "PUT", ",,,,,,,,,,,,,,,,,,,,");
  add("OPTIONS", "https://app.example.com", "PUT", {}, "true");
  add("OPTIONS", "https://evil.example", "PUT", {});

  std::vector<std::string> expected;
  for (const cors::request_view& r : requests) expected.push_back(fingerprint(policy.evaluate(r)));

  constexpr int threads = 8;
  constexpr int iterations = 3000;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < iterations; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % requests.size();
        if (fingerprint(policy.evaluate(requests[k])) != expected[k]) ++mismatches;
      }
    });
  }
  for (std::thread& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_GT(rejections.load(), threads * iterations / 4);
}

TEST(ThreadSafety, CopiesMayOutliveTheOriginal) {
  std::vector<cors::policy> copies;
  {
    cors::config cfg;
    cfg.allowed_origins = {"https://app.example.com"};
    const cors::policy original(cfg);
    for (int i = 0; i < 8; ++i) copies.push_back(original);
  }
  std::vector<std::thread> pool;
  std::atomic<int> allowed{0};
  for (const cors::policy& p : copies)
    pool.emplace_back([&p, &allowed] {
      cors::request_view r;
      r.method = "GET";
      r.origin = "https://app.example.com";
      for (int i = 0; i < 1000; ++i)
        if (p.evaluate(r).allowed()) ++allowed;
    });
  for (std::thread& th : pool) th.join();
  EXPECT_EQ(allowed.load(), 8000);
}

}  // namespace
