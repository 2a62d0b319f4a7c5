// Evaluates the verification preflight against a policy and prints the answer, without a server:
// OPTIONS /data from https://app.client.internal asking for POST with X-Custom-Header.
#include <cstdio>

#include "cors/cors.hpp"

int main() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  const cors::policy policy(cfg);  // throws cors::config_error listing every problem

  cors::request_view request;
  request.method = "OPTIONS";
  request.origin = "https://app.client.internal";
  request.access_control_request_method = "POST";
  request.access_control_request_headers = "content-type,x-custom-header";

  const cors::decision decision = policy.evaluate(request);
  std::printf("OPTIONS /data HTTP/1.1\n");
  std::printf("Origin: https://app.client.internal\n");
  std::printf("Access-Control-Request-Method: POST\n");
  std::printf("Access-Control-Request-Headers: content-type,x-custom-header\n\n");
  std::printf("HTTP/1.1 %d %s\n", decision.status(),
              decision.allowed() ? "No Content" : "Forbidden");
  for (const cors::response_header& header : decision)
    std::printf("%.*s: %.*s\n", static_cast<int>(header.name.size()), header.name.data(),
                static_cast<int>(header.value.size()), header.value.data());
  std::printf("\n(%.*s, %s)\n", static_cast<int>(to_string(decision.kind()).size()),
              to_string(decision.kind()).data(), decision.allowed() ? "allowed" : "rejected");
  return decision.allowed() ? 0 : 1;
}
