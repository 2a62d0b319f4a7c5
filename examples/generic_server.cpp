// The server-agnostic interface: a cors::policy in front of a server that is not Beast or
// cpp-httplib. "tiny" is a pretend framework, shaped like most: headers as name/value pairs,
// handlers as functions from request to response. with_cors() below is all the glue it needs
// (docs/adapters.md walks through it). main() sends it a preflight, an actual request and its
// 404, and prints the exchanges.
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "cors/adapter.hpp"
#include "cors/cors.hpp"

namespace tiny {

struct request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names; repeated lines comma-joined
};

struct response {
  int status = 200;
  std::multimap<std::string, std::string> headers;
  std::string body;
};

using handler = std::function<response(const request&)>;

}  // namespace tiny

// ---- the glue ------------------------------------------------------------------------------

tiny::handler with_cors(cors::policy policy, tiny::handler next) {
  return [policy = std::move(policy), next = std::move(next)](const tiny::request& r) {
    const cors::request_lines lines(r.method, r.headers);  // views into r, which outlives d
    const cors::decision d = policy.evaluate(lines.view());
    tiny::response res = d.respond_now() ? tiny::response{d.status(), {}, {}} : next(r);
    cors::response_lines(d, res.headers)  // the application's Vary merged, not repeated
        .write([&](auto name, auto value) { res.headers.emplace(name, value); },
               [&](auto name) { res.headers.erase(std::string(name)); });
    return res;
  };
}

// ---- a demonstration -----------------------------------------------------------------------

tiny::response application(const tiny::request& r) {
  if (r.path != "/data") return {404, {{"Content-Type", "application/json"}}, R"({"error":"no"})"};
  return {200, {{"Content-Type", "application/json"}}, R"({"data":[1,2,3]})"};
}

void print_exchange(const tiny::request& r, const tiny::response& response) {
  std::printf("%s %s\n", r.method.c_str(), r.path.c_str());
  for (const auto& [name, value] : r.headers) std::printf("%s: %s\n", name.c_str(), value.c_str());
  std::printf("-> %d\n", response.status);
  for (const auto& [name, value] : response.headers)
    std::printf("%s: %s\n", name.c_str(), value.c_str());
  if (!response.body.empty()) std::printf("%s\n", response.body.c_str());
  std::printf("\n");
}

int main() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  const tiny::handler server = with_cors(cors::policy(cfg), application);

  const tiny::request preflight{
      "OPTIONS",
      "/data",
      {{"origin", "https://app.client.internal"},
       {"access-control-request-method", "POST"},
       {"access-control-request-headers", "content-type,x-custom-header"}}};
  const tiny::request actual{"POST", "/data", {{"origin", "https://app.client.internal"}}};
  const tiny::request missing{"GET", "/nothing", {{"origin", "https://app.client.internal"}}};

  const tiny::response answers[] = {server(preflight), server(actual), server(missing)};
  print_exchange(preflight, answers[0]);
  print_exchange(actual, answers[1]);
  print_exchange(missing, answers[2]);

  // Exits 0 only if every answer is exactly the one a browser needs (the test suite runs this).
  using lines = std::multimap<std::string, std::string>;
  const lines json_and_cors = {{"Content-Type", "application/json"},
                               {"Access-Control-Allow-Origin", "https://app.client.internal"},
                               {"Vary", "Origin"}};
  const lines preflight_answer = {{"Access-Control-Allow-Origin", "https://app.client.internal"},
                                  {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
                                  {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
                                  {"Access-Control-Max-Age", "600"},
                                  {"Vary", "Origin"}};
  const bool as_needed = answers[0].status == 204 && answers[0].headers == preflight_answer &&
                         answers[1].status == 200 && answers[1].headers == json_and_cors &&
                         answers[2].status == 404 && answers[2].headers == json_and_cors;
  return as_needed ? 0 : 1;
}
