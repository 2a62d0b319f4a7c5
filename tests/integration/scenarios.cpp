#include "scenarios.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace cors_integration {

cors::config verification_config() {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app_origin)};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  return cfg;
}

std::vector<std::string> verification_flags() {
  return {
      "--allow-origin",  std::string(app_origin),        "--allow-methods", "GET,POST,PUT,DELETE",
      "--allow-headers", "Content-Type,X-Custom-Header", "--max-age",       "600"};
}

request verification_preflight() {
  return make_request(http::verb::options, "/data",
                      {{"Origin", std::string(app_origin)},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "content-type,x-custom-header"}});
}

header_lines verification_preflight_answer() {
  return {{"Access-Control-Allow-Origin", std::string(app_origin)},
          {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
          {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
          {"Access-Control-Max-Age", "600"},
          {"Vary", "Origin"}};
}

std::string json_body(std::string_view method, std::string_view path) {
  return "{\"method\":\"" + std::string(method) + "\",\"path\":\"" + std::string(path) + "\"}";
}

response application(const request& r) {
  const std::string target(r.target());
  const std::string path = target.substr(0, target.find('?'));
  unsigned status = 200;
  if (path.rfind("/status/", 0) == 0) status = static_cast<unsigned>(std::stoul(path.substr(8)));
  response answer{static_cast<http::status>(status), r.version()};
  answer.keep_alive(r.keep_alive());
  answer.set(http::field::content_type, "application/json");
  answer.body() = json_body(std::string(r.method_string()), path);
  answer.prepare_payload();
  return answer;
}

namespace {

struct exchange_case {
  request sent;
  unsigned status;
  header_lines cors_lines;
  std::string body;
};

// Servers order different headers differently (cpp-httplib sorts them by name); lines of one
// name keep their order.
header_lines by_name(header_lines lines) {
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return lines;
}

std::vector<exchange_case> mixed_exchanges() {
  const std::string origin(app_origin);
  const header_lines allowed_actual = {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}};
  return {
      {verification_preflight(), 204, verification_preflight_answer(), ""},
      {make_request(http::verb::get, "/items/1", {{"Origin", origin}}), 200, allowed_actual,
       json_body("GET", "/items/1")},
      {make_request(http::verb::options, "/items",
                    {{"Origin", origin}, {"Access-Control-Request-Method", "PATCH"}}),
       403,
       {{"Vary", "Origin"}},
       ""},
      {make_request(http::verb::get, "/items/2", {{"Origin", std::string(other_origin)}}),
       200,
       {{"Vary", "Origin"}},
       json_body("GET", "/items/2")},
      {make_request(http::verb::delete_, "/status/500", {{"Origin", origin}}), 500, allowed_actual,
       json_body("DELETE", "/status/500")},
      {make_request(http::verb::get, "/plain"),
       200,
       {{"Vary", "Origin"}},
       json_body("GET", "/plain")},
  };
}

}  // namespace

void expect_mixed_keep_alive_traffic(unsigned short port, int connections, int rounds) {
  const std::vector<exchange_case> cases = mixed_exchanges();
  std::vector<std::unique_ptr<connection>> open;
  for (int i = 0; i < connections; ++i) open.push_back(std::make_unique<connection>(port));
  std::vector<bool> failed(open.size(), false);
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < open.size(); ++i)
      open[i]->send(cases[(i + static_cast<std::size_t>(round)) % cases.size()].sent);
    for (std::size_t i = 0; i < open.size(); ++i) {
      const exchange_case& expected = cases[(i + static_cast<std::size_t>(round)) % cases.size()];
      const response got = open[i]->receive();
      const bool right = got.result_int() == expected.status &&
                         by_name(cors_lines_of(got)) == by_name(expected.cors_lines) &&
                         got.body() == expected.body;
      if (!right && !failed[i]) {
        failed[i] = true;  // one report per connection is enough to see the pattern
        ADD_FAILURE() << "connection " << i << ", round " << round << ": "
                      << expected.sent.method_string() << " " << expected.sent.target()
                      << " answered " << got.result_int() << "\n"
                      << got.base() << got.body();
      }
    }
  }
}

}  // namespace cors_integration
