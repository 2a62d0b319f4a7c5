// What the loopback tests share: the verification policy and requests with their exact
// expected answers, an application that behaves like cors-demo-server's, and the mixed
// keep-alive traffic run against both the in-process adapter and the real binary.
#ifndef CORS_TESTS_INTEGRATION_SCENARIOS_HPP
#define CORS_TESTS_INTEGRATION_SCENARIOS_HPP

#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"
#include "http_client.hpp"

namespace cors_integration {

inline constexpr std::string_view app_origin = "https://app.client.internal";
inline constexpr std::string_view other_origin = "https://evil.example";

// allowed_origins {app_origin}, methods GET,POST,PUT,DELETE, headers Content-Type and
// X-Custom-Header, max-age 600: the policy the verification preflight is checked against.
cors::config verification_config();
// The same policy as cors-demo-server flags.
std::vector<std::string> verification_flags();

// OPTIONS /data from app_origin asking for POST with content-type,x-custom-header.
request verification_preflight();
// Its answer: every header line, in order.
header_lines verification_preflight_answer();

// The body the application answers with: {"method":"GET","path":"/data"}.
std::string json_body(std::string_view method, std::string_view path);

// Like cors-demo-server's application, without its Server and X-Request-Id headers: 200 (or NNN
// for /status/NNN) with Content-Type: application/json and json_body().
response application(const request& r);

// Opens `connections` keep-alive connections to a server with the verification policy and the
// application above, then `rounds` times sends one request on every connection before reading
// any answer, cycling through allowed and rejected preflights and actual requests. Every answer
// is checked exactly (gtest failures, at most one per connection).
void expect_mixed_keep_alive_traffic(unsigned short port, int connections, int rounds);

}  // namespace cors_integration

#endif  // CORS_TESTS_INTEGRATION_SCENARIOS_HPP
