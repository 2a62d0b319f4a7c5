// The adapter's per-request path allocates nothing of its own: the global allocation functions
// count every `new` (tests/benchmarks/allocation_counter.cpp), while the requests and responses
// keep their header lines with a malloc-based allocator that is not counted. So whatever is
// counted while a request goes through the adapter was allocated by the adapter.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "adapter_cases.hpp"
#include "allocation_counter.hpp"
#include "cors/beast.hpp"

namespace {

namespace http = boost::beast::http;

template <class T>
struct malloc_allocator {
  using value_type = T;
  malloc_allocator() = default;
  template <class U>
  malloc_allocator(const malloc_allocator<U>&) noexcept {}  // NOLINT: rebinding is implicit
  T* allocate(std::size_t n) {
    if (void* p = std::malloc(n * sizeof(T))) return static_cast<T*>(p);
    throw std::bad_alloc();
  }
  void deallocate(T* p, std::size_t) noexcept { std::free(p); }
  friend bool operator==(const malloc_allocator&, const malloc_allocator&) { return true; }
  friend bool operator!=(const malloc_allocator&, const malloc_allocator&) { return false; }
};

using fields = http::basic_fields<malloc_allocator<char>>;
using request = http::request<http::empty_body, fields>;
using response = http::response<http::empty_body, fields>;

std::size_t allocations_now() {
  return cors_bench::allocation_totals_now().allocations;
}

// The application: its response has a Vary line of its own, for the adapter to merge into.
response application(const request& r) {
  response answer{http::status::not_found, r.version()};
  answer.set(http::field::vary, "Accept-Encoding");
  return answer;
}

// The requests every adapter's allocation test sends, as Beast requests.
std::vector<request> requests() {
  std::vector<request> out;
  for (const cors_test::request_case& c : cors_test::adapter_requests()) {
    request& r = out.emplace_back(http::string_to_verb(c.method), "/api/items?page=2", 11);
    for (const auto& [name, value] : c.lines) r.insert(name, value);
  }
  return out;
}

std::vector<cors::policy> policies() {
  return cors_test::adapter_policies();
}

TEST(adapter_allocations, request_to_response_allocates_nothing_but_the_responses_lines) {
  const std::vector<request> sent = requests();
  for (const cors::policy& p : policies()) {
    const auto handler = cors::beast::with_cors(p, application);
    for (const request& r : sent) {
      const std::size_t before = allocations_now();
      const response answer = handler(r);
      EXPECT_EQ(allocations_now() - before, 0u) << r;
      EXPECT_NE(answer.result_int(), 0u);
    }
  }
}

TEST(adapter_allocations, request_and_send_allocates_nothing_but_the_responses_lines) {
  const std::vector<request> sent = requests();
  for (const cors::policy& p : policies()) {
    const auto handler =
        cors::beast::with_cors(p, [](const request& r, auto&& send) { send(application(r)); });
    for (const request& r : sent) {
      unsigned status = 0;
      const auto send = [&status](response&& answer) { status = answer.result_int(); };
      const std::size_t before = allocations_now();
      handler(r, send);
      EXPECT_EQ(allocations_now() - before, 0u) << r;
      EXPECT_NE(status, 0u);
    }
  }
}

TEST(adapter_allocations, route_lookup_allocates_nothing) {
  cors::beast::route_policies routes;
  routes.add("/api", policies().front())
      .add_without_cors("/api/internal")
      .add("/", policies().back());
  const auto handler = cors::beast::with_cors(routes, application);
  for (const request& r : requests()) {
    const std::size_t before = allocations_now();
    const response answer = handler(r);
    EXPECT_EQ(allocations_now() - before, 0u) << r;
    EXPECT_NE(answer.result_int(), 0u);
  }
}

TEST(adapter_allocations, the_counter_sees_an_allocation) {
  const std::size_t before = allocations_now();
  const std::string* counted = new std::string("not short enough for the small string buffer");
  EXPECT_EQ(allocations_now() - before, 2u);
  delete counted;
}

}  // namespace
