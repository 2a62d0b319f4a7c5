// Proves that evaluating a request allocates nothing: the global allocation functions are
// replaced by counting ones, and every evaluation below runs inside a counting window.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "cors/cors.hpp"
#include "requests.hpp"

namespace {
std::atomic<long> allocations{0};
std::atomic<long> rejection_lines{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return operator new(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using cors_test::preflight;

struct named_policy {
  const char* name;
  cors::config cfg;
};

std::vector<named_policy> policies() {
  std::vector<named_policy> out;
  cors::config exact;
  exact.allowed_origins = {"https://app.client.internal", "https://*.example.com",
                           "http://localhost:*"};
  exact.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  exact.allowed_headers = {"Content-Type", "X-Custom-Header"};
  exact.exposed_headers = {"X-Request-Id"};
  exact.max_age_seconds = 600;
  exact.allow_credentials = true;
  // Logging rejections formats each line in a fixed buffer: still no allocation.
  exact.on_rejection = [](const cors::decision&, std::string_view line) {
    rejection_lines.fetch_add(line.empty() ? 0 : 1, std::memory_order_relaxed);
  };
  out.push_back({"exact_and_patterns", exact});

  cors::config any;
  any.allowed_origins = {"*"};
  any.allowed_methods = {"*"};
  any.allowed_headers = {"*"};
  any.exposed_headers = {"*"};
  out.push_back({"wildcards", any});

  cors::config reflecting;
  reflecting.allowed_origins = {"https://app.client.internal"};
  reflecting.origin_predicate = [](std::string_view origin) {
    return origin == "https://partner.example.net";
  };
  reflecting.allowed_methods = {"*"};
  reflecting.allowed_headers = {"*"};
  reflecting.allow_credentials = true;
  reflecting.allow_private_network = true;
  reflecting.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  out.push_back({"credentialed_reflection", reflecting});

  cors::config many;
  for (int i = 0; i < 1000; ++i)
    many.allowed_origins.push_back("https://app" + std::to_string(i) + ".example.org");
  for (int i = 0; i < 100; ++i)
    many.allowed_origins.push_back("https://*.tenant" + std::to_string(i) + ".example.net");
  many.allowed_methods = {"PUT"};
  out.push_back({"thousand_origins", many});
  return out;
}

TEST(allocation, evaluate_allocates_nothing_for_any_request) {
  const std::string commas(1 << 20, ',');
  const std::string spaces(1 << 20, ' ');
  std::string many_names;
  for (int i = 0; i < 10000; ++i) many_names += "x-h" + std::to_string(i) + ",";
  const std::string_view split_lines[] = {"content-type", " x-custom-header", "authorization"};
  const std::string_view two_origins[] = {"https://app.client.internal", "https://evil.example"};

  std::vector<cors::request_view> requests;
  {
    cors::request_view plain;
    plain.method = "GET";
    requests.push_back(plain);
    cors::request_view actual = plain;
    actual.origin = "https://app.client.internal";
    requests.push_back(actual);
    actual.origin = "https://a.b.example.com";
    requests.push_back(actual);
    actual.origin = "https://partner.example.net";
    requests.push_back(actual);
    actual.origin = "https://app999.example.org";
    requests.push_back(actual);
    actual.origin = "https://x.tenant42.example.net";
    requests.push_back(actual);
    actual.origin = "https://evil.example";
    requests.push_back(actual);
    actual.origin = "HTTPS://APP.CLIENT.INTERNAL";
    requests.push_back(actual);
    actual.origin = cors::header_field(two_origins, 2);
    requests.push_back(actual);
    cors::request_view options;
    options.method = "OPTIONS";
    options.origin = "https://app.client.internal";
    requests.push_back(options);
  }
  requests.push_back(
      preflight("https://app.client.internal", "POST", "content-type,x-custom-header"));
  requests.push_back(preflight("https://app.client.internal", "PATCH", "content-type"));
  requests.push_back(preflight("https://app.client.internal", "PUT", "x-other"));
  requests.push_back(
      preflight("https://app.client.internal", "PUT", cors::header_field(split_lines, 3)));
  requests.push_back(preflight("http://localhost:3000", "DELETE", {}));
  requests.push_back(preflight("https://evil.example", "PUT", "content-type"));
  requests.push_back(preflight("https://app.client.internal", "PUT", commas));
  requests.push_back(preflight("https://app.client.internal", "PUT", spaces));
  requests.push_back(preflight("https://app.client.internal", "PUT", many_names));
  requests.push_back(preflight("https://app.client.internal", "", "content-type"));
  {
    cors::request_view pna = preflight("https://app.client.internal", "PUT", {});
    pna.access_control_request_private_network = "true";
    requests.push_back(pna);
  }

  const long lines_before = rejection_lines.load();
  for (const named_policy& p : policies()) {
    const cors::policy policy(p.cfg);
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const long before = allocations.load();
      const cors::decision d = policy.evaluate(requests[i]);
      const long after = allocations.load();
      EXPECT_EQ(after - before, 0) << "policy " << p.name << ", request #" << i << " ("
                                   << to_string(d.kind()) << ", " << to_string(d.reason()) << ")";
    }
  }
  EXPECT_GT(rejection_lines.load() - lines_before, 5);  // the sink really ran
}

TEST(allocation, counter_sees_allocations) {
  // Guards the test above against a counter that never counts.
  const long before = allocations.load();
  const std::vector<int> heap_block(100, 1);
  EXPECT_GE(allocations.load() - before, 1);
  EXPECT_EQ(heap_block.size(), 100u);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
