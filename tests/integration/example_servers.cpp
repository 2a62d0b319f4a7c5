#include "example_servers.hpp"

#include <gtest/gtest.h>

#include "scenarios.hpp"

#ifndef CORS_DEMO_SERVER
#error "CORS_DEMO_SERVER must name the cors-demo-server executable"
#endif
#ifndef CORS_SYNC_SERVER
#error "CORS_SYNC_SERVER must name the synchronous example server"
#endif

namespace cors_integration {

expected_answer malformed(std::string_view message) {
  return {400, {}, "malformed request: " + std::string(message) + "\n"};
}

server_process example_server::start(int read_timeout_seconds,
                                     const std::vector<std::string>& wrapper,
                                     const std::vector<std::string>& demo_flags) const {
  std::vector<std::string> arguments;
  if (name == "demo") {
    // clang-format off
    arguments = {"--listen", "127.0.0.1:0",
                 "--allow-origin", allowed_origin, "--allow-origin", "https://*.example.org",
                 "--allow-methods", "GET,POST,PUT,DELETE",
                 "--allow-headers", "Content-Type,X-Custom-Header",
                 "--allow-credentials", "--max-age", "600"};
    // clang-format on
    if (read_timeout_seconds != 0)
      arguments.insert(arguments.end(), {"--read-timeout", std::to_string(read_timeout_seconds)});
    arguments.insert(arguments.end(), demo_flags.begin(), demo_flags.end());
  } else {
    arguments = {"0"};
    if (read_timeout_seconds != 0) arguments.push_back(std::to_string(read_timeout_seconds));
  }
  if (wrapper.empty()) return server_process(executable, arguments);
  std::vector<std::string> wrapped(wrapper.begin() + 1, wrapper.end());
  wrapped.push_back(executable);
  wrapped.insert(wrapped.end(), arguments.begin(), arguments.end());
  return server_process(wrapper.front(), wrapped);
}

expected_answer example_server::application_answer(std::string_view method, std::string_view path,
                                                   header_lines cors) const {
  if (name == "demo") return {200, std::move(cors), json_body(method, path)};
  if (path == "/data") return {200, std::move(cors), R"({"data":[1,2,3]})"};
  return {404, std::move(cors), R"({"error":"not found"})"};
}

void example_server::expect_still_serving(unsigned short port) const {
  const response got = connection(port).exchange(
      make_request(http::verb::get, "/data", {{"Origin", allowed_origin}}));
  EXPECT_EQ(got.result_int(), 200);
  EXPECT_EQ(cors_lines_of(got), allowed_actual_lines);
}

const example_server& demo_server() {
  static const example_server server{"demo",
                                     CORS_DEMO_SERVER,
                                     "https://app.example.com",
                                     {{"Access-Control-Allow-Origin", "https://app.example.com"},
                                      {"Access-Control-Allow-Credentials", "true"},
                                      {"Vary", "Origin"}}};
  return server;
}

const example_server& sync_server() {
  static const example_server server{
      "sync",
      CORS_SYNC_SERVER,
      std::string(app_origin),
      {{"Access-Control-Allow-Origin", std::string(app_origin)}, {"Vary", "Origin"}}};
  return server;
}

std::vector<const example_server*> example_servers() {
  return {&demo_server(), &sync_server()};
}

std::string example_server_name(const example_server* server) {
  return server->name;
}

void PrintTo(const example_server* server, std::ostream* out) {
  *out << server->name;
}

}  // namespace cors_integration
