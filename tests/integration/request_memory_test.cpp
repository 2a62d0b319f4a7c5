// What a hostile request costs the server in memory. Each shape is sent by 8 connections at
// once, each up to 4 MiB (less if the server closes first), to a fresh server; the growth of the
// server's peak resident memory (VmHWM) over its resident memory after a warm-up, divided among
// the 8 connections, must stay under 1 MiB (3 MiB in the AddressSanitizer build). Beast 1.74
// alone buffers a chunk-size line, its extensions and the trailer section without end: a
// connection then costs about what it sends.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "example_servers.hpp"
#include "http_client.hpp"
#include "process_status.hpp"
#include "server_process.hpp"

namespace {

using namespace cors_integration;
using namespace std::chrono_literals;

constexpr int connections = 8;
constexpr std::size_t hostile_bytes = 4 * 1024 * 1024;
#if defined(__SANITIZE_ADDRESS__)
#define CORS_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORS_ADDRESS_SANITIZER 1
#endif
#endif

#ifdef CORS_ADDRESS_SANITIZER
// AddressSanitizer's build (the servers are built alike) keeps every freed block in quarantine
// and adds shadow memory: the bound is looser there, and still far below the 4 MiB per
// connection that an unbounded buffer costs.
constexpr long limit_kib_per_connection = 3 * 1024;
#else
constexpr long limit_kib_per_connection = 1024;
#endif

struct hostile_shape {
  std::string name;
  std::string bytes;
  std::vector<std::string> demo_flags;
};

std::string filled(std::string start, std::string_view piece) {
  while (start.size() < hostile_bytes) start += piece;
  return start;
}

std::vector<hostile_shape> hostile_shapes() {
  const std::string post = "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  const std::string chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk_64k = "10000\r\n" + std::string(0x10000, 'b') + "\r\n";
  return {
      {"header section of 64-byte lines",
       filled(post, "X-Filler: " + std::string(52, 'f') + "\r\n"),
       {}},
      {"one chunk extension", filled(chunked + "1;x=", "aaaaaaaa"), {}},
      {"leading zeros in a chunk size", filled(chunked, "00000000"), {}},
      {"one trailer value", filled(chunked + "0\r\nX-T: ", "aaaaaaaa"), {}},
      {"trailer lines", filled(chunked + "0\r\n", "X-T: a\r\n"), {}},
      // A body is held whole up to its limit (the synchronous example's is 64 KiB).
      {"chunked body past a 64 KiB limit",
       filled(chunked, chunk_64k),
       {"--max-body-bytes", "65536"}},
  };
}

class request_memory : public testing::TestWithParam<const example_server*> {};

INSTANTIATE_TEST_SUITE_P(example_servers, request_memory, testing::ValuesIn(example_servers()),
                         [](const auto& info) { return example_server_name(info.param); });

TEST_P(request_memory, each_hostile_connection_costs_under_1_mib) {
  const example_server& example = *GetParam();
  for (const hostile_shape& shape : hostile_shapes()) {
    SCOPED_TRACE(shape.name);
    server_process server = example.start(0, {}, shape.demo_flags);
    // Warm-up: as many connections at once as the hostile ones (threads, allocator arenas).
    std::vector<std::future<void>> warm_up;
    for (int i = 0; i < connections; ++i)
      warm_up.push_back(
          std::async(std::launch::async, [&] { example.expect_still_serving(server.port()); }));
    for (auto& done : warm_up) done.get();
    const long before = memory_kib(server.pid(), "VmRSS");

    std::vector<std::future<raw_exchange>> hostile;
    for (int i = 0; i < connections; ++i)
      hostile.push_back(std::async(std::launch::async,
                                   [&] { return exchange_raw(server.port(), shape.bytes, 5s); }));
    for (auto& got : hostile) EXPECT_TRUE(got.get().closed_by_server);
    // The kernel updates VmHWM lazily: it may lag VmRSS by a few pages.
    const long peak =
        std::max(memory_kib(server.pid(), "VmHWM"), memory_kib(server.pid(), "VmRSS"));
    ASSERT_GT(before, 0);
    const long per_connection = (peak - before) / connections;
    std::cout << "[ memory   ] " << example.name << ", " << shape.name << ": " << before
              << " KiB after warm-up, peak " << peak << " KiB, " << per_connection
              << " KiB per connection\n";
    EXPECT_LT(per_connection, limit_kib_per_connection);
    example.expect_still_serving(server.port());
  }
}

}  // namespace
