// Proves that evaluating a request allocates nothing: the global allocation functions are
// replaced by counting ones, and every evaluation below runs inside a counting window.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"
#include "cors/shadow_policy.hpp"
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

// --- the longest explanations ---------------------------------------------------------------

// A 253-byte host (the longest DNS name), different for each `last` byte.
std::string longest_host(char last) {
  return std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
         std::string(60, 'd') + last;
}

// The longest explanations a policy can give: max-length origins and patterns, long methods and
// header names, the predicate and null listed after them.
cors::config longest_lists() {
  cors::config cfg;
  for (char c = 'a'; c <= 'l'; ++c)
    cfg.allowed_origins.push_back("https://" + longest_host(c) + ":65535");
  cfg.allowed_origins.push_back("https://" + longest_host('z'));
  cfg.allowed_origins.push_back("https://*." + longest_host('y').substr(2) + ":*");
  for (int i = 0; i < 40; ++i)
    cfg.allowed_methods.push_back("M" + std::to_string(i) + std::string(300, 'X'));
  cfg.allowed_methods.push_back(std::string(64, 'Q'));
  for (int i = 0; i < 40; ++i)
    cfg.allowed_headers.push_back("h" + std::to_string(i) + std::string(1000, 'h'));
  cfg.origin_predicate = [](std::string_view) { return false; };
  cfg.allow_null_origin = true;
  return cfg;
}

// Answers everything longest_lists() refuses, with as many and as long headers as it can: the
// other side of a divergence line.
cors::config longest_answers() {
  cors::config cfg;
  cfg.allowed_origins = {"https://" + longest_host('x') + ":65535", "https://" + longest_host('z')};
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  for (int i = 0; i < 40; ++i)
    cfg.exposed_headers.push_back("e" + std::to_string(i) + std::string(1000, 'e'));
  cfg.max_age_seconds = 86400;
  cfg.allow_private_network = true;
  return cfg;
}

std::atomic<std::size_t> longest_line{0};
std::atomic<long> lines_cut{0};

void record_line(std::string_view line) {
  std::size_t longest = longest_line.load();
  while (line.size() > longest && !longest_line.compare_exchange_weak(longest, line.size())) {
  }
  // The explainers cut items and lists so that a line never reaches the cut of last resort.
  if (line.size() >= 3 && line.substr(line.size() - 3) == "...") lines_cut.fetch_add(1);
}

TEST(allocation, the_longest_explanations_allocate_nothing_and_fit_their_line) {
  cors::config rejecting = longest_lists();
  rejecting.on_rejection = [](const cors::decision&, std::string_view line) { record_line(line); };
  const cors::policy enforced(rejecting);
  const cors::policy candidate(longest_answers());

  const std::string allowed_by_candidate = "https://" + longest_host('x') + ":65535";
  const std::string scheme_near_miss = "http://" + longest_host('z');
  const std::string port_near_miss = "https://" + longest_host('z') + ":8443";
  const std::string unprintable_origin(64 * 1024, '\xff');
  const std::string first_origin_line = "https://" + longest_host('z');
  const std::string_view two_origins[] = {first_origin_line, allowed_by_candidate};
  const std::string longest_method(64, 'q');  // the lower-case twin of a listed method
  const std::string_view two_methods[] = {longest_method, longest_method};
  // 16 lines of 8 names of 256 bytes: the most Access-Control-Request-Headers the engine reads.
  std::vector<std::string> header_lines;
  for (int line = 0; line < 16; ++line) {
    std::string names;
    for (int i = 0; i < 8; ++i)
      names += (i > 0 ? "," : "") + ("n" + std::to_string(line * 8 + i) + std::string(250, 'n'));
    header_lines.push_back(names);
  }
  std::vector<std::string_view> header_line_views(header_lines.begin(), header_lines.end());
  const std::string unprintable_headers(64 * 1024, '\x01');
  const std::string long_header_name(256, 'z');

  std::vector<cors::request_view> requests = {
      cors_test::actual(allowed_by_candidate),
      cors_test::actual(scheme_near_miss),
      cors_test::actual(port_near_miss),
      cors_test::actual(unprintable_origin),
      cors_test::actual(cors::header_field(two_origins, 2)),
      preflight(allowed_by_candidate, "PUT"),
      preflight(first_origin_line, longest_method),
      preflight(first_origin_line, cors::header_field(two_methods, 2)),
      preflight(first_origin_line, "GET", long_header_name),
      preflight(first_origin_line, "GET", unprintable_headers),
      preflight(allowed_by_candidate, longest_method,
                cors::header_field(header_line_views.data(), header_line_views.size())),
  };
  long divergences = 0;
  const std::function<void(const cors::divergence&)> on_divergence =
      [&divergences](const cors::divergence& x) {
        ++divergences;
        record_line(x.enforced_explanation);
        record_line(x.candidate_explanation);
      };
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const long before = allocations.load();
    const cors::decision d = enforced.evaluate(requests[i]);
    const cors::decision reported =
        cors::evaluate_report_only(enforced, candidate, requests[i], on_divergence);
    EXPECT_EQ(allocations.load() - before, 0)
        << "request #" << i << " (" << to_string(d.kind()) << ", " << to_string(d.reason()) << ")";
    EXPECT_FALSE(d.allowed()) << "request #" << i;
    EXPECT_FALSE(reported.allowed()) << "request #" << i;
  }
  EXPECT_GE(divergences, 3);  // the candidate allowed some: allowed lines were written too
  EXPECT_GT(longest_line.load(), 1000u);  // the lines were long ones
  EXPECT_LE(longest_line.load(), 1536u);  // the inline capacity of the line buffer
  EXPECT_EQ(lines_cut.load(), 0);
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
