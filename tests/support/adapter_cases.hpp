// What every adapter's tests send and serve, so that the Beast and cpp-httplib adapters are held
// to the same rows (tests/integration/): the allocation tests' requests of every kind —
// preflights with every request header and with more lines than a policy reads, a refused
// origin, plain OPTIONS, actual requests with one and two Origin lines, no CORS at all —
// against policies answering every way (listed, reflecting under "*" with credentials,
// preflights passed through, "*"); and the integration tests' per-route policies.
#ifndef CORS_TESTS_SUPPORT_ADAPTER_CASES_HPP
#define CORS_TESTS_SUPPORT_ADAPTER_CASES_HPP

#include <string>
#include <utility>
#include <vector>

#include "cors/policy.hpp"
#include "cors/route_policies.hpp"

namespace cors_test {

using request_line = std::pair<std::string, std::string>;

// A request as its method and header lines, for each adapter to build its server's own from.
struct request_case {
  std::string method;
  std::vector<request_line> lines;
};

// Their target is always "/api/items?page=2".
inline std::vector<request_case> adapter_requests() {
  const std::string origin = "https://app.example.com";
  std::vector<request_line> many_lines = {{"Origin", origin},
                                          {"Access-Control-Request-Method", "PUT"}};
  for (int i = 0; i < 40; ++i) many_lines.emplace_back("Access-Control-Request-Headers", "x-a");
  return {
      {"OPTIONS",
       {{"Origin", origin},
        {"Access-Control-Request-Method", "PUT"},
        {"Access-Control-Request-Headers", "content-type"},
        {"Access-Control-Request-Headers", "x-a, x-b"},
        {"Access-Control-Request-Private-Network", "true"}}},
      {"OPTIONS", many_lines},
      {"OPTIONS", {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "PUT"}}},
      {"OPTIONS", {{"Origin", origin}}},
      {"GET", {{"Origin", origin}}},
      {"GET", {{"Origin", origin}, {"Origin", origin}}},
      {"GET", {}},
  };
}

inline std::vector<cors::policy> adapter_policies() {
  cors::config listed;
  listed.allowed_origins = {"https://app.example.com", "https://*.example.com"};
  listed.allowed_methods = {"PUT"};
  listed.allowed_headers = {"Content-Type", "X-A", "X-B"};
  listed.exposed_headers = {"X-Request-Id"};
  listed.max_age_seconds = 600;
  listed.allow_private_network = true;
  cors::config reflecting = listed;  // "*" with credentials reflects method and headers
  reflecting.allowed_methods = {"*"};
  reflecting.allowed_headers = {"*"};
  reflecting.exposed_headers.clear();
  reflecting.allow_credentials = true;
  cors::config passthrough = listed;
  passthrough.preflight_passthrough = true;
  passthrough.preflight_success_status = 200;
  cors::config any;
  any.allowed_origins = {"*"};
  return {cors::policy(listed), cors::policy(reflecting), cors::policy(passthrough),
          cors::policy(any)};
}

// "/public" for any origin; "/app" for `origin` with credentials and PUT; "/app/internal" without
// CORS; no other route.
inline cors::route_policies adapter_routes(const std::string& origin) {
  cors::config public_cfg;
  public_cfg.allowed_origins = {"*"};
  cors::config app_cfg;
  app_cfg.allowed_origins = {origin};
  app_cfg.allow_credentials = true;
  app_cfg.allowed_methods = {"PUT"};
  cors::route_policies routes;
  routes.add("/public", cors::policy(public_cfg))
      .add("/app", cors::policy(app_cfg))
      .add_without_cors("/app/internal");
  return routes;
}

// A GET from `origin` to `target` under adapter_routes(), and the CORS lines of its answer.
struct route_case {
  std::string target;
  std::vector<request_line> cors;
};

inline std::vector<route_case> adapter_route_cases(const std::string& origin) {
  const std::vector<request_line> public_answer = {{"Access-Control-Allow-Origin", "*"}};
  const std::vector<request_line> app_answer = {{"Access-Control-Allow-Origin", origin},
                                                {"Access-Control-Allow-Credentials", "true"},
                                                {"Vary", "Origin"}};
  return {
      {"/public", public_answer},
      {"/public/items?x=1", public_answer},
      {"/app/me", app_answer},
      {"/app?next=/public", app_answer},  // the query string is not the path
      {"/app/internal", {}},              // a longer prefix, without CORS
      {"/app/internal/keys", {}},
      {"/app/internalize", app_answer},  // not a segment of /app/internal
      {"/publicity", {}},                // no route: no CORS
      {"/", {}},
  };
}

// The answer's CORS lines to a preflight from `origin` for PUT on /app/me.
inline std::vector<request_line> adapter_route_preflight_answer(const std::string& origin) {
  return {{"Access-Control-Allow-Origin", origin},
          {"Access-Control-Allow-Credentials", "true"},
          {"Access-Control-Allow-Methods", "PUT"},
          {"Vary", "Origin"}};
}

}  // namespace cors_test

#endif  // CORS_TESTS_SUPPORT_ADAPTER_CASES_HPP
