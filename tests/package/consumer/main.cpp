#include <cors/cors.hpp>

int main() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  const cors::policy policy(cfg);
  cors::request_view request;
  request.method = "GET";
  request.origin = "https://app.example.com";
  const cors::decision d = policy.evaluate(request);
  return d.allowed() && d.size() == 2 ? 0 : 1;
}
