// The server-agnostic interface: a cors::policy in front of a server that is not Beast. "tiny" is
// a pretend framework, shaped like most: headers in a map, handlers as functions from request
// to response. with_cors() below is all the glue it needs. main() sends it a preflight, an
// actual request and its 404, and prints the exchanges.
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cors/cors.hpp"

namespace tiny {

struct request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names; repeated lines comma-joined
};

struct response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

using handler = std::function<response(const request&)>;

}  // namespace tiny

// ---- the glue ------------------------------------------------------------------------------

cors::header_field field(const tiny::request& r, const std::string& name) {
  const auto it = r.headers.find(name);
  return it != r.headers.end() ? cors::header_field(it->second) : cors::header_field();
}

tiny::handler with_cors(cors::policy policy, tiny::handler next) {
  return [policy = std::move(policy), next = std::move(next)](const tiny::request& r) {
    cors::request_view view;  // views into r, which outlives the decision
    view.method = r.method;
    view.origin = field(r, "origin");
    view.access_control_request_method = field(r, "access-control-request-method");
    view.access_control_request_headers = field(r, "access-control-request-headers");
    view.access_control_request_private_network =
        field(r, "access-control-request-private-network");
    const cors::decision d = policy.evaluate(view);
    tiny::response response = d.respond_now() ? tiny::response{d.status(), {}, {}} : next(r);
    // The application's 404 and 500 get the headers too. Vary is the one header to merge rather
    // than add; this application never sets it (see cors::beast::merge_vary for a full merge).
    for (const cors::response_header& h : d) response.headers.emplace_back(h.name, h.value);
    return response;
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
  using lines = std::vector<std::pair<std::string, std::string>>;
  const lines cors_headers = {{"Access-Control-Allow-Origin", "https://app.client.internal"},
                              {"Vary", "Origin"}};
  const lines json_and_cors = {
      {"Content-Type", "application/json"}, cors_headers[0], cors_headers[1]};
  const lines preflight_answer = {cors_headers[0],
                                  {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
                                  {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
                                  {"Access-Control-Max-Age", "600"},
                                  cors_headers[1]};
  const bool as_needed = answers[0].status == 204 && answers[0].headers == preflight_answer &&
                         answers[1].status == 200 && answers[1].headers == json_and_cors &&
                         answers[2].status == 404 && answers[2].headers == json_and_cors;
  return as_needed ? 0 : 1;
}
