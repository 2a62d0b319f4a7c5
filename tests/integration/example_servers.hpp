// The two Beast example servers as the raw-TCP tests see them: how to start each, the origin it
// allows, and the exact answer its application gives, so that one hostile row can be run
// against both.
#ifndef CORS_TESTS_INTEGRATION_EXAMPLE_SERVERS_HPP
#define CORS_TESTS_INTEGRATION_EXAMPLE_SERVERS_HPP

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

namespace cors_integration {

// An answer as the tests compare it: status, the Access-Control-* and Vary lines, the body.
struct expected_answer {
  unsigned status;
  header_lines cors;
  std::string body;
};

// Refused before any CORS decision: 400, no CORS line at all, Beast's (or the reader's)
// message, and a close.
expected_answer malformed(std::string_view message);

struct example_server {
  std::string name;  // "demo" or "sync", for test names
  std::string executable;
  // cors-demo-server: https://app.example.com, https://*.example.org, GET,POST,PUT,DELETE,
  // Content-Type,X-Custom-Header, credentials, max-age 600. The synchronous example: its own
  // policy, https://app.client.internal without credentials.
  std::string allowed_origin;
  // What an allowed actual request to /data gets added.
  header_lines allowed_actual_lines;

  // Starts it on a free port, with a read timeout when `read_timeout_seconds` is not 0,
  // `wrapper` (prlimit...) in front when not empty, and `demo_flags` added for cors-demo-server.
  server_process start(int read_timeout_seconds = 0, const std::vector<std::string>& wrapper = {},
                       const std::vector<std::string>& demo_flags = {}) const;
  // The application's answer to `method` `path`, with `cors` added.
  expected_answer application_answer(std::string_view method, std::string_view path,
                                     header_lines cors) const;
  // An allowed GET /data on a fresh connection gets its full answer.
  void expect_still_serving(unsigned short port) const;
};

const example_server& demo_server();
const example_server& sync_server();
// Both, for INSTANTIATE_TEST_SUITE_P.
std::vector<const example_server*> example_servers();
std::string example_server_name(const example_server* server);
// GoogleTest prints a parameter in the test's listing (and so in ctest's name): the server's name,
// not an address that changes from run to run.
void PrintTo(const example_server* server, std::ostream* out);

}  // namespace cors_integration

#endif  // CORS_TESTS_INTEGRATION_EXAMPLE_SERVERS_HPP
