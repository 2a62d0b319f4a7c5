// The example servers out of file descriptors (run under prlimit with a low RLIMIT_NOFILE), and
// cors-demo-server's --max-connections: no busy loop while nothing can be accepted, the open
// connections still served, and service back once descriptors or places are free.
#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
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
namespace asio = boost::asio;

class connection_limits : public testing::TestWithParam<const example_server*> {};

INSTANTIATE_TEST_SUITE_P(example_servers, connection_limits, testing::ValuesIn(example_servers()),
                         [](const auto& info) { return example_server_name(info.param); });

std::string allowed_get(const example_server& example) {
  return "GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + example.allowed_origin +
         "\r\nConnection: close\r\n\r\n";
}

TEST_P(connection_limits, out_of_descriptors_the_server_backs_off_keeps_serving_and_recovers) {
  const example_server& example = *GetParam();
  server_process server = example.start(0, {"/usr/bin/prlimit", "--nofile=48:48", "--"});
  connection held(server.port());  // open before the descriptors run out
  EXPECT_EQ(
      held.exchange(make_request(http::verb::get, "/data", {{"Origin", example.allowed_origin}}))
          .result_int(),
      200);

  // More connections than descriptors: the kernel completes them all, the server cannot
  // accept the last ones.
  asio::io_context context;
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> flood;
  for (int i = 0; i < 80; ++i) {
    flood.push_back(std::make_unique<asio::ip::tcp::socket>(context));
    flood.back()->connect({asio::ip::make_address("127.0.0.1"), server.port()});
  }
  std::this_thread::sleep_for(300ms);

  // Waiting, not spinning: a busy accept loop would use the whole second.
  const std::chrono::milliseconds cpu_before = cpu_time(server.pid());
  std::this_thread::sleep_for(1s);
  const std::chrono::milliseconds spent = cpu_time(server.pid()) - cpu_before;
  EXPECT_LT(spent, 100ms) << "CPU time while out of descriptors";

  // The connection it already had is still served.
  EXPECT_EQ(
      held.exchange(make_request(http::verb::get, "/data", {{"Origin", example.allowed_origin}}))
          .result_int(),
      200);

  // Once descriptors are free again, new connections are served.
  flood.clear();
  const raw_exchange fresh = exchange_raw(server.port(), allowed_get(example), 5s);
  ASSERT_EQ(fresh.responses.size(), 1u);
  EXPECT_EQ(fresh.responses[0].result_int(), 200);
  example.expect_still_serving(server.port());
}

TEST(connection_limit, cors_demo_server_serves_at_most_max_connections_at_once) {
  const example_server& demo = demo_server();
  server_process server = demo.start(0, {}, {"--max-connections", "2"});
  auto first = std::make_unique<connection>(server.port());
  connection second(server.port());
  const request get = make_request(http::verb::get, "/data", {{"Origin", demo.allowed_origin}});
  EXPECT_EQ(first->exchange(get).result_int(), 200);
  EXPECT_EQ(second.exchange(get).result_int(), 200);

  raw_connection third(server.port());  // waits in the listen queue
  third.send(allowed_get(demo));
  EXPECT_EQ(third.receive_until("\r\n\r\n", 500ms), "");

  first.reset();  // a place frees up: the third is accepted and answered
  const std::string answer = third.receive_until("}", 5s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_EQ(second.exchange(get).result_int(), 200);
}

TEST(connection_limit, cors_demo_server_refuses_a_limit_outside_its_range) {
  for (const char* value : {"0", "1000001", "-1", "many"}) {
    const finished_process run = run_to_exit(
        demo_server().executable, {"--listen", "127.0.0.1:0", "--max-connections", value});
    EXPECT_EQ(run.exit_status, 2) << value;
    EXPECT_EQ(run.out, "") << value;
    EXPECT_EQ(run.err.rfind("cors-demo-server: ", 0), 0u) << run.err;
  }
}

}  // namespace
