// The cpp-httplib adapter allocates nothing per request but the response's own header lines: the
// global allocation functions count every `new` (tests/benchmarks/allocation_counter.cpp) while
// the adapter's pre-routing and post-routing handlers run as cpp-httplib runs them, and the count
// must equal what the header lines they added cost (a map node, and each string too long for
// the small-string buffer), line by line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "adapter_cases.hpp"
#include "allocation_counter.hpp"
#include "cors/httplib.hpp"

namespace {

using line = std::pair<std::string, std::string>;

std::size_t allocations_now() {
  return cors_bench::allocation_totals_now().allocations;
}

// What storing `l` in a httplib::Headers costs: the node, and each string longer than what
// std::string keeps inline.
std::size_t cost_of(const line& l) {
  const std::size_t inline_capacity = std::string().capacity();
  return 1 + (l.first.size() > inline_capacity ? 1 : 0) +
         (l.second.size() > inline_capacity ? 1 : 0);
}

// The lines of `after` that `before` did not have.
std::size_t cost_of_added_lines(const httplib::Headers& before, const httplib::Headers& after) {
  std::vector<line> old(before.begin(), before.end());
  std::size_t cost = 0;
  for (const auto& l : after) {
    const auto same = std::find(old.begin(), old.end(), line(l.first, l.second));
    if (same != old.end()) {
      old.erase(same);
    } else {
      cost += cost_of(line(l.first, l.second));
    }
  }
  return cost;
}

// The requests every adapter's allocation test sends, as cpp-httplib requests.
std::vector<httplib::Request> requests() {
  std::vector<httplib::Request> out;
  for (const cors_test::request_case& c : cors_test::adapter_requests()) {
    httplib::Request& r = out.emplace_back();
    r.method = c.method;
    r.target = "/api/items?page=2";
    r.path = "/api/items";
    for (const auto& [name, value] : c.lines) r.headers.emplace(name, value);
  }
  return out;
}

std::vector<cors::policy> policies() {
  return cors_test::adapter_policies();
}

// One request through the adapter as cpp-httplib drives it; the application's answer has a Vary
// line of its own for the adapter to merge into. Returns the allocations counted in the
// adapter's handlers minus what the lines they added cost.
long unexplained_allocations(const cors::httplib::middleware& layer, const httplib::Request& r) {
  httplib::Response res;
  std::size_t counted = allocations_now();
  const auto handled = layer.pre_routing(r, res);
  counted = allocations_now() - counted;
  if (handled == httplib::Server::HandlerResponse::Unhandled) {
    res.status = 404;
    res.set_header("Vary", "Accept-Encoding");
    res.set_content("{}", "application/json");
  }
  res.set_header("Keep-Alive", "timeout=5, max=5");  // what cpp-httplib adds before post-routing
  if (res.body.empty()) res.set_header("Content-Length", "0");
  const httplib::Headers before = res.headers;
  const std::size_t post_start = allocations_now();
  layer.post_routing(r, res);
  counted += allocations_now() - post_start;
  return static_cast<long>(counted) - static_cast<long>(cost_of_added_lines(before, res.headers));
}

TEST(httplib_allocations, a_request_allocates_nothing_but_the_responses_lines) {
  const std::vector<httplib::Request> sent = requests();
  for (const cors::policy& p : policies()) {
    const cors::httplib::middleware layer(p);
    unexplained_allocations(layer, sent.front());  // the thread's slot, once
    for (const httplib::Request& r : sent)
      EXPECT_EQ(unexplained_allocations(layer, r), 0) << r.method << " " << r.headers.size();
  }
}

TEST(httplib_allocations, route_lookup_allocates_nothing) {
  cors::route_policies routes;
  routes.add("/api", policies().front())
      .add_without_cors("/api/internal")
      .add("/", policies().back());
  const cors::httplib::middleware layer(std::move(routes));
  for (const httplib::Request& r : requests()) EXPECT_EQ(unexplained_allocations(layer, r), 0);
}

TEST(httplib_allocations, the_count_sees_the_lines_added) {
  httplib::Response res;
  const httplib::Headers before = res.headers;
  const std::size_t start = allocations_now();
  res.headers.emplace("Access-Control-Allow-Origin", "https://app.example.com");
  res.headers.emplace("Vary", "Origin");
  EXPECT_EQ(allocations_now() - start, 4u);
  EXPECT_EQ(cost_of_added_lines(before, res.headers), 4u);
}

}  // namespace
