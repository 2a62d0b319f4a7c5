// Vary (Fetch, "CORS protocol and HTTP caches"): a response whose CORS headers depend on the
// request says which request headers they depend on — on every response of an origin-dependent
// policy, allowed, rejected or not CORS at all; never for "*" policies.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "cors/cors.hpp"

namespace {

constexpr std::string_view app = "https://app.example.com";
constexpr std::string_view evil = "https://evil.example";

enum class shape {
  not_cors,
  not_cors_options,
  actual_allowed,
  actual_rejected,
  actual_malformed,
  plain_options,
  preflight_allowed,
  preflight_origin_rejected,
  preflight_method_rejected,
  preflight_header_rejected,
  preflight_private_network,
};

cors::request_view request(shape s) {
  cors::request_view r;
  r.method = "GET";
  switch (s) {
    case shape::not_cors:
      break;
    case shape::not_cors_options:
      r.method = "OPTIONS";
      r.access_control_request_method = "PUT";
      break;
    case shape::actual_allowed:
      r.origin = app;
      break;
    case shape::actual_rejected:
      r.origin = evil;
      break;
    case shape::actual_malformed:
      r.origin = "HTTPS://APP.EXAMPLE.COM";
      break;
    case shape::plain_options:
      r.method = "OPTIONS";
      r.origin = app;
      break;
    case shape::preflight_allowed:
    case shape::preflight_origin_rejected:
    case shape::preflight_method_rejected:
    case shape::preflight_header_rejected:
    case shape::preflight_private_network:
      r.method = "OPTIONS";
      r.origin = s == shape::preflight_origin_rejected ? evil : app;
      r.access_control_request_method = s == shape::preflight_method_rejected ? "TRACE" : "PUT";
      r.access_control_request_headers =
          s == shape::preflight_header_rejected ? "authorization" : "x-custom";
      if (s == shape::preflight_private_network) r.access_control_request_private_network = "true";
      break;
  }
  return r;
}

cors::config exact() {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_methods = {"PUT"};
  cfg.allowed_headers = {"X-Custom"};
  return cfg;
}

cors::config exact_debug() {
  cors::config cfg = exact();
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  return cfg;
}

cors::config pattern() {
  cors::config cfg = exact();
  cfg.allowed_origins = {"https://*.example.com", "https://app.example.com"};
  return cfg;
}

cors::config predicate() {
  cors::config cfg = exact();
  cfg.allowed_origins.clear();
  cfg.origin_predicate = [](std::string_view origin) { return origin == app; };
  return cfg;
}

cors::config null_only() {
  cors::config cfg = exact();
  cfg.allowed_origins.clear();
  cfg.allow_null_origin = true;
  return cfg;
}

cors::config any() {
  cors::config cfg;
  cfg.allowed_origins = {"*"};
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  return cfg;
}

cors::config any_private_network() {
  cors::config cfg = any();
  cfg.allow_private_network = true;
  return cfg;
}

cors::config reflect_methods() {
  cors::config cfg = exact();
  cfg.allowed_methods = {"*"};
  cfg.allow_credentials = true;
  return cfg;
}

cors::config reflect_headers() {
  cors::config cfg = exact();
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  return cfg;
}

cors::config reflect_all_private_network() {
  cors::config cfg = exact();
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  cfg.allow_private_network = true;
  return cfg;
}

cors::config private_network() {
  cors::config cfg = exact();
  cfg.allow_private_network = true;
  return cfg;
}

struct vary_case {
  const char* name;
  cors::config (*cfg)();
  shape request;
  const char* vary;  // "" when no Vary is sent
};

void PrintTo(const vary_case& c, std::ostream* os) {
  *os << c.name;
}

class vary_rule : public ::testing::TestWithParam<vary_case> {};

TEST_P(vary_rule, names_what_the_response_depends_on) {
  const vary_case& c = GetParam();
  const cors::policy policy(c.cfg());
  const cors::decision d = policy.evaluate(request(c.request));
  int lines = 0;
  std::string_view value;
  for (const cors::response_header& h : d) {
    if (h.name != "Vary") continue;
    ++lines;
    value = h.value;
  }
  EXPECT_EQ(d.vary(), c.vary);
  if (std::string_view(c.vary).empty()) {
    EXPECT_EQ(lines, 0);
  } else {
    EXPECT_EQ(lines, 1);  // one entry, never repeated
    EXPECT_EQ(value, c.vary);
    EXPECT_EQ(d.end()[-1].name, "Vary");  // last, after the Access-Control-* headers
  }
}

constexpr const char* origin = "Origin";
constexpr const char* no_vary = "";

INSTANTIATE_TEST_SUITE_P(
    origin_dependent, vary_rule,
    ::testing::Values(
        vary_case{"not_cors", exact, shape::not_cors, origin},
        vary_case{"not_cors_options", exact, shape::not_cors_options, origin},
        vary_case{"actual_allowed", exact, shape::actual_allowed, origin},
        vary_case{"actual_rejected", exact, shape::actual_rejected, origin},
        vary_case{"actual_malformed", exact, shape::actual_malformed, origin},
        vary_case{"plain_options", exact, shape::plain_options, origin},
        vary_case{"preflight_allowed", exact, shape::preflight_allowed, origin},
        vary_case{"preflight_origin_rejected", exact, shape::preflight_origin_rejected, origin},
        vary_case{"preflight_method_rejected", exact, shape::preflight_method_rejected, origin},
        vary_case{"preflight_header_rejected", exact, shape::preflight_header_rejected, origin},
        vary_case{"preflight_private_network_rejected", exact, shape::preflight_private_network,
                  origin},
        vary_case{"debug_origin_rejected", exact_debug, shape::preflight_origin_rejected, origin},
        vary_case{"debug_method_rejected", exact_debug, shape::preflight_method_rejected, origin},
        vary_case{"debug_header_rejected", exact_debug, shape::preflight_header_rejected, origin},
        vary_case{"pattern_not_cors", pattern, shape::not_cors, origin},
        vary_case{"pattern_actual", pattern, shape::actual_allowed, origin},
        vary_case{"pattern_preflight", pattern, shape::preflight_allowed, origin},
        vary_case{"predicate_not_cors", predicate, shape::not_cors, origin},
        vary_case{"predicate_actual", predicate, shape::actual_allowed, origin},
        vary_case{"predicate_preflight", predicate, shape::preflight_allowed, origin},
        vary_case{"null_only_not_cors", null_only, shape::not_cors, origin},
        vary_case{"null_only_actual_rejected", null_only, shape::actual_rejected, origin}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    wildcard, vary_rule,
    ::testing::Values(
        vary_case{"not_cors", any, shape::not_cors, no_vary},
        vary_case{"actual", any, shape::actual_allowed, no_vary},
        vary_case{"actual_malformed_origin", any, shape::actual_malformed, no_vary},
        vary_case{"plain_options", any, shape::plain_options, no_vary},
        vary_case{"preflight", any, shape::preflight_allowed, no_vary},
        vary_case{"preflight_rejected", any, shape::preflight_header_rejected, no_vary},
        vary_case{"private_network_not_cors", any_private_network, shape::not_cors, no_vary},
        vary_case{"private_network_actual", any_private_network, shape::actual_allowed, no_vary},
        vary_case{"private_network_preflight", any_private_network,
                  shape::preflight_private_network, "Access-Control-Request-Private-Network"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    reflected, vary_rule,
    ::testing::Values(
        vary_case{"methods_preflight", reflect_methods, shape::preflight_allowed,
                  "Origin, Access-Control-Request-Method"},
        vary_case{"methods_preflight_rejected", reflect_methods, shape::preflight_origin_rejected,
                  "Origin, Access-Control-Request-Method"},
        vary_case{"methods_actual", reflect_methods, shape::actual_allowed, origin},
        vary_case{"methods_not_cors", reflect_methods, shape::not_cors, origin},
        vary_case{"headers_preflight", reflect_headers, shape::preflight_allowed,
                  "Origin, Access-Control-Request-Headers"},
        vary_case{"headers_actual", reflect_headers, shape::actual_allowed, origin},
        vary_case{"private_network_preflight", private_network, shape::preflight_private_network,
                  "Origin, Access-Control-Request-Private-Network"},
        vary_case{"private_network_preflight_not_asked", private_network, shape::preflight_allowed,
                  "Origin, Access-Control-Request-Private-Network"},
        vary_case{"private_network_actual", private_network, shape::actual_allowed, origin},
        vary_case{"everything_preflight", reflect_all_private_network, shape::preflight_allowed,
                  "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                  "Access-Control-Request-Private-Network"},
        vary_case{"everything_actual", reflect_all_private_network, shape::plain_options, origin}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(vary, wildcard_policies_send_the_same_headers_with_and_without_origin) {
  // That is why they need no Vary: one cached copy is right for everyone.
  cors::config cfg;
  cfg.allowed_origins = {"*"};
  cfg.exposed_headers = {"X-Request-Id"};
  const cors::policy policy(cfg);
  const cors::decision with = policy.evaluate(request(shape::actual_allowed));
  const cors::decision without = policy.evaluate(request(shape::not_cors));
  ASSERT_EQ(with.size(), 2u);
  ASSERT_EQ(without.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(with.begin()[i].name, without.begin()[i].name);
    EXPECT_EQ(with.begin()[i].value, without.begin()[i].value);
  }
  EXPECT_EQ(without.begin()[0].name, "Access-Control-Allow-Origin");
  EXPECT_EQ(without.begin()[0].value, "*");
  EXPECT_EQ(without.begin()[1].name, "Access-Control-Expose-Headers");
  EXPECT_EQ(without.begin()[1].value, "X-Request-Id");
}

}  // namespace
