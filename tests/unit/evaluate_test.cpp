// policy::evaluate, one row per rule: the request, and the whole decision it gets — kind, outcome,
// reason, offending value, whether the policy answers, the status, and every header, exactly.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cors/cors.hpp"
#include "requests.hpp"

namespace {

using cors::rejection_reason;
using cors::request_kind;
using cors_test::actual;
using cors_test::header_list;
using cors_test::headers_of;
using cors_test::preflight;
using cors_test::with_private_network;

cors::request_view plain_options(std::string_view origin) {
  return actual(origin, "OPTIONS");
}

cors::request_view no_origin(std::string_view method = "GET") {
  cors::request_view r;
  r.method = method;
  return r;
}

// Header names, as emitted.
const std::string acao = "Access-Control-Allow-Origin";
const std::string acac = "Access-Control-Allow-Credentials";
const std::string acam = "Access-Control-Allow-Methods";
const std::string acah = "Access-Control-Allow-Headers";
const std::string acma = "Access-Control-Max-Age";
const std::string aceh = "Access-Control-Expose-Headers";
const std::string acapn = "Access-Control-Allow-Private-Network";
const std::string vary = "Vary";

constexpr std::string_view app = "https://app.client.internal";

// --- the policies
// ---------------------------------------------------------------------------------

// The seed's policy, with a pattern, a port wildcard and exposed headers.
cors::config seed() {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app), "https://*.example.com", "http://localhost:*"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.exposed_headers = {"X-Request-Id", "X-Trace"};
  cfg.max_age_seconds = 600;
  return cfg;
}

cors::config seed_credentialed() {
  cors::config cfg = seed();
  cfg.allow_credentials = true;
  return cfg;
}

cors::config seed_debug() {
  cors::config cfg = seed_credentialed();
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  return cfg;
}

cors::config seed_passthrough() {
  cors::config cfg = seed();
  cfg.preflight_passthrough = true;
  return cfg;
}

cors::config seed_status_200() {
  cors::config cfg = seed();
  cfg.preflight_success_status = 200;
  return cfg;
}

cors::config seed_private_network() {
  cors::config cfg = seed();
  cfg.allow_private_network = true;
  return cfg;
}

cors::config seed_null() {
  cors::config cfg = seed_credentialed();
  cfg.allow_null_origin = true;
  return cfg;
}

// Only the origin is configured: safelisted methods, no header, no max-age.
cors::config minimal() {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  return cfg;
}

cors::config minimal_debug() {
  cors::config cfg = minimal();
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  return cfg;
}

// Everything "*", without credentials.
cors::config open() {
  cors::config cfg;
  cfg.allowed_origins = {"*"};
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  cfg.exposed_headers = {"*"};
  cfg.max_age_seconds = 0;
  return cfg;
}

cors::config open_with_authorization() {
  cors::config cfg = open();
  cfg.allowed_headers = {"*", "Authorization"};
  return cfg;
}

// Methods and headers "*" with credentials: the requested ones are reflected.
cors::config reflecting() {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  cfg.allow_private_network = true;
  return cfg;
}

cors::config reflecting_authorization() {
  cors::config cfg = reflecting();
  cfg.allowed_headers = {"*", "authorization"};
  return cfg;
}

// Debug mode with "*" request headers: a header failure must not answer "*".
cors::config wildcard_headers_debug() {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_methods = {"PUT"};
  cfg.allowed_headers = {"*"};
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  return cfg;
}

// --- the table --------------------------------------------------------------------------------

struct decision_case {
  const char* name;
  cors::config (*cfg)();
  cors::request_view request;
  request_kind kind;
  rejection_reason reason;
  std::string_view offending;
  bool respond_now;
  int status;
  header_list headers;
};

void PrintTo(const decision_case& c, std::ostream* os) {
  *os << c.name;
}

class decision_table : public ::testing::TestWithParam<decision_case> {};

TEST_P(decision_table, is_exactly_as_specified) {
  const decision_case& c = GetParam();
  const cors::policy policy(c.cfg());
  const cors::decision d = policy.evaluate(c.request);
  EXPECT_EQ(d.kind(), c.kind);
  EXPECT_EQ(d.reason(), c.reason) << cors::to_string(d.reason());
  EXPECT_EQ(d.allowed(), c.reason == rejection_reason::none);
  EXPECT_EQ(d.offending_value(), c.offending);
  // Repetition is named when it is what was refused: several Origin lines, or several
  // Access-Control-Request-Method lines once the origin passed.
  const bool repeated =
      (c.reason == rejection_reason::malformed_origin && c.request.origin.line_count() > 1) ||
      (c.reason == rejection_reason::malformed_request_method &&
       c.request.access_control_request_method.line_count() > 1);
  EXPECT_EQ(d.offending_header_repeated(), repeated);
  EXPECT_EQ(d.respond_now(), c.respond_now);
  EXPECT_EQ(d.status(), c.status);
  EXPECT_EQ(headers_of(d), c.headers);
}

constexpr auto none = rejection_reason::none;
constexpr auto preflight_kind = request_kind::preflight;
constexpr auto actual_kind = request_kind::actual;

const std::string_view two_origins[] = {app, "https://evil.example"};
const std::string_view two_methods[] = {"PUT", "PUT"};
const std::string_view two_trues[] = {"true", "true"};
const std::string_view split_headers[] = {"content-type", "x-custom-header"};
const std::string_view reflected_lines[] = {"x-a, x-b", " ", "X-C\t"};
const std::string seventy_byte_method(70, 'M');

INSTANTIATE_TEST_SUITE_P(
    preflight, decision_table,
    ::testing::Values(
        decision_case{"seed_preflight",
                      seed,
                      preflight(app, "POST", "content-type,x-custom-header"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"request_headers_on_several_lines",
                      seed,
                      preflight(app, "PUT", cors::header_field(split_headers, 2)),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"subdomain_pattern",
                      seed,
                      preflight("https://a.b.example.com", "DELETE"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://a.b.example.com"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"port_wildcard",
                      seed,
                      preflight("http://localhost:5173", "PUT", "X-Custom-Header"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "http://localhost:5173"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"credentials",
                      seed_credentialed,
                      preflight(app, "PUT", "content-type"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"success_status_200",
                      seed_status_200,
                      preflight(app, "PUT"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      200,
                      {{acao, "https://app.client.internal"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"request_method_with_surrounding_whitespace",
                      seed,
                      preflight(app, " PUT\t"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"safelisted_method_needs_no_listing",
                      minimal,
                      preflight(app, "POST"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"}, {vary, "Origin"}}},
        decision_case{"empty_request_headers_ask_for_nothing",
                      minimal,
                      preflight(app, "GET", ""),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"}, {vary, "Origin"}}},
        decision_case{"null_origin_allowed",
                      seed_null,
                      preflight("null", "PUT"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "null"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}},
        decision_case{"everything_open",
                      open,
                      preflight("https://anyone.example", "PATCH", "x-anything,content-type"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "*"}, {acam, "*"}, {acah, "*"}, {acma, "0"}}},
        decision_case{"open_lets_any_method_case_through",
                      open,
                      preflight("https://anyone.example", "patch"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "*"}, {acam, "*"}, {acah, "*"}, {acma, "0"}}},
        decision_case{"open_refuses_authorization",
                      open,
                      preflight("https://anyone.example", "GET", "authorization,x-a"),
                      preflight_kind,
                      rejection_reason::header_not_allowed,
                      "authorization",
                      true,
                      403,
                      {}},
        decision_case{"open_with_authorization_listed",
                      open_with_authorization,
                      preflight("https://anyone.example", "GET", "Authorization"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "*"}, {acam, "*"}, {acah, "*,authorization"}, {acma, "0"}}},
        decision_case{"reflecting_method_and_headers",
                      reflecting,
                      preflight(app, "PATCH", "x-a,x-b"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "PATCH"},
                       {acah, "x-a,x-b"},
                       {vary,
                        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                        "Access-Control-Request-Private-Network"}}},
        decision_case{"reflecting_each_non_blank_line_trimmed",
                      reflecting,
                      preflight(app, "put", cors::header_field(reflected_lines, 3)),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "put"},
                       {acah, "x-a, x-b"},
                       {acah, "X-C"},
                       {vary,
                        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                        "Access-Control-Request-Private-Network"}}},
        decision_case{"reflecting_nothing_when_no_header_asked",
                      reflecting,
                      preflight(app, "DELETE", ",,"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "DELETE"},
                       {vary,
                        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                        "Access-Control-Request-Private-Network"}}},
        decision_case{"reflecting_refuses_authorization",
                      reflecting,
                      preflight(app, "PUT", "x-a,Authorization"),
                      preflight_kind,
                      rejection_reason::header_not_allowed,
                      "Authorization",
                      true,
                      403,
                      {{vary,
                        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                        "Access-Control-Request-Private-Network"}}},
        decision_case{"reflecting_authorization_listed",
                      reflecting_authorization,
                      preflight(app, "PUT", "authorization,x-a"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "PUT"},
                       {acah, "authorization,x-a"},
                       {vary,
                        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                        "Access-Control-Request-Private-Network"}}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    rejected_preflight, decision_table,
    ::testing::Values(decision_case{"origin_not_allowed",
                                    seed,
                                    preflight("https://evil.example", "PUT"),
                                    preflight_kind,
                                    rejection_reason::origin_not_allowed,
                                    "https://evil.example",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"apex_of_a_pattern",
                                    seed,
                                    preflight("https://example.com", "PUT"),
                                    preflight_kind,
                                    rejection_reason::origin_not_allowed,
                                    "https://example.com",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"null_origin_without_opt_in",
                                    seed,
                                    preflight("null", "PUT"),
                                    preflight_kind,
                                    rejection_reason::origin_not_allowed,
                                    "null",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"upper_case_origin",
                                    seed,
                                    preflight("HTTPS://APP.CLIENT.INTERNAL", "PUT"),
                                    preflight_kind,
                                    rejection_reason::malformed_origin,
                                    "HTTPS://APP.CLIENT.INTERNAL",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"default_port_spelled_out",
                                    seed,
                                    preflight("https://app.client.internal:443", "PUT"),
                                    preflight_kind,
                                    rejection_reason::malformed_origin,
                                    "https://app.client.internal:443",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"two_origin_lines",
                                    seed,
                                    [] {
                                      cors::request_view r = preflight(app, "PUT");
                                      r.origin = cors::header_field(two_origins, 2);
                                      return r;
                                    }(),
                                    preflight_kind,
                                    rejection_reason::malformed_origin,
                                    "https://app.client.internal",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"method_not_listed",
                                    seed,
                                    preflight(app, "PATCH"),
                                    preflight_kind,
                                    rejection_reason::method_not_allowed,
                                    "PATCH",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"method_case_differs",
                                    seed,
                                    preflight(app, "put"),
                                    preflight_kind,
                                    rejection_reason::method_not_allowed,
                                    "put",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"safelisted_method_in_lower_case_is_not_safelisted",
                                    minimal,
                                    preflight(app, "get"),
                                    preflight_kind,
                                    rejection_reason::method_not_allowed,
                                    "get",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"method_not_a_token",
                                    seed,
                                    preflight(app, "P(T"),
                                    preflight_kind,
                                    rejection_reason::malformed_request_method,
                                    "P(T",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"empty_method",
                                    seed,
                                    preflight(app, ""),
                                    preflight_kind,
                                    rejection_reason::malformed_request_method,
                                    "",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"method_on_two_lines",
                                    seed,
                                    [] {
                                      cors::request_view r = preflight(app, "PUT");
                                      r.access_control_request_method =
                                          cors::header_field(two_methods, 2);
                                      return r;
                                    }(),
                                    preflight_kind,
                                    rejection_reason::malformed_request_method,
                                    "PUT",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"method_over_64_bytes",
                                    open,
                                    preflight(app, seventy_byte_method),
                                    preflight_kind,
                                    rejection_reason::malformed_request_method,
                                    std::string_view(seventy_byte_method).substr(0, 64),
                                    true,
                                    403,
                                    {}},
                      decision_case{"method_with_crlf",
                                    seed,
                                    preflight(app, "PUT\r\nX-Evil: 1"),
                                    preflight_kind,
                                    rejection_reason::malformed_request_method,
                                    "PUT\r\nX-Evil: 1",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"header_not_listed",
                                    seed,
                                    preflight(app, "PUT", "content-type,x-other"),
                                    preflight_kind,
                                    rejection_reason::header_not_allowed,
                                    "x-other",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"header_list_malformed",
                                    seed,
                                    preflight(app, "PUT", "content-type;x-custom-header"),
                                    preflight_kind,
                                    rejection_reason::malformed_request_headers,
                                    "content-type;x-custom-header",
                                    true,
                                    403,
                                    {{vary, "Origin"}}},
                      decision_case{"private_network_without_opt_in",
                                    seed,
                                    with_private_network(preflight(app, "PUT"), "true"),
                                    preflight_kind,
                                    rejection_reason::private_network_not_allowed,
                                    "true",
                                    true,
                                    403,
                                    {{vary, "Origin"}}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    private_network, decision_table,
    ::testing::Values(decision_case{"allowed_when_opted_in",
                                    seed_private_network,
                                    with_private_network(preflight(app, "PUT"), "true"),
                                    preflight_kind,
                                    none,
                                    "",
                                    true,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {acapn, "true"},
                                     {vary, "Origin, Access-Control-Request-Private-Network"}}},
                      decision_case{"not_asked_gets_no_allow_header",
                                    seed_private_network,
                                    preflight(app, "PUT"),
                                    preflight_kind,
                                    none,
                                    "",
                                    true,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {vary, "Origin, Access-Control-Request-Private-Network"}}},
                      decision_case{"value_false_is_ignored",
                                    seed,
                                    with_private_network(preflight(app, "PUT"), "false"),
                                    preflight_kind,
                                    none,
                                    "",
                                    true,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {vary, "Origin"}}},
                      decision_case{"value_in_upper_case_is_ignored",
                                    seed,
                                    with_private_network(preflight(app, "PUT"), "TRUE"),
                                    preflight_kind,
                                    none,
                                    "",
                                    true,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {vary, "Origin"}}},
                      decision_case{"ignored_value_gets_no_allow_header_when_opted_in",
                                    seed_private_network,
                                    with_private_network(preflight(app, "PUT"), "1"),
                                    preflight_kind,
                                    none,
                                    "",
                                    true,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {vary, "Origin, Access-Control-Request-Private-Network"}}},
                      decision_case{"two_lines_are_ignored",
                                    seed_private_network,
                                    with_private_network(preflight(app, "PUT"),
                                                         cors::header_field(two_trues, 2)),
                                    preflight_kind,
                                    none,
                                    "",
                                    true,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {vary, "Origin, Access-Control-Request-Private-Network"}}},
                      decision_case{"on_an_actual_request_is_ignored",
                                    seed,
                                    with_private_network(actual(app), "true"),
                                    actual_kind,
                                    none,
                                    "",
                                    false,
                                    0,
                                    {{acao, "https://app.client.internal"},
                                     {aceh, "X-Request-Id,X-Trace"},
                                     {vary, "Origin"}}}),
    [](const auto& info) { return std::string(info.param.name); });

// The debug answer: everything the preflight earned before the failing check, with the success
// status so that the browser runs that check itself and names it.
INSTANTIATE_TEST_SUITE_P(
    debug_mode, decision_table,
    ::testing::Values(
        decision_case{"origin_failure_is_403_with_only_vary",
                      seed_debug,
                      preflight("https://evil.example", "PATCH", "x-other"),
                      preflight_kind,
                      rejection_reason::origin_not_allowed,
                      "https://evil.example",
                      true,
                      403,
                      {{vary, "Origin"}}},
        decision_case{"malformed_origin_is_403_with_only_vary",
                      seed_debug,
                      preflight("https://app.client.internal/", "PUT"),
                      preflight_kind,
                      rejection_reason::malformed_origin,
                      "https://app.client.internal/",
                      true,
                      403,
                      {{vary, "Origin"}}},
        decision_case{"method_failure_lists_the_allowed_methods",
                      seed_debug,
                      preflight(app, "PATCH", "x-other"),
                      preflight_kind,
                      rejection_reason::method_not_allowed,
                      "PATCH",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {vary, "Origin"}}},
        decision_case{"method_failure_without_a_method_list",
                      minimal_debug,
                      preflight(app, "PUT"),
                      preflight_kind,
                      rejection_reason::method_not_allowed,
                      "PUT",
                      true,
                      204,
                      {{acao, "https://app.client.internal"}, {vary, "Origin"}}},
        decision_case{"header_failure_lists_methods_and_headers",
                      seed_debug,
                      preflight(app, "PUT", "content-type,x-other"),
                      preflight_kind,
                      rejection_reason::header_not_allowed,
                      "x-other",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {vary, "Origin"}}},
        decision_case{"malformed_headers_list_methods_and_headers",
                      seed_debug,
                      preflight(app, "PUT", "a;b"),
                      preflight_kind,
                      rejection_reason::malformed_request_headers,
                      "a;b",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {vary, "Origin"}}},
        decision_case{"header_failure_under_wildcard_never_sends_wildcard",
                      wildcard_headers_debug,
                      preflight(app, "PUT", "x-a,authorization"),
                      preflight_kind,
                      rejection_reason::header_not_allowed,
                      "authorization",
                      true,
                      204,
                      {{acao, "https://app.client.internal"}, {acam, "PUT"}, {vary, "Origin"}}},
        decision_case{"private_network_failure_has_no_allow_header",
                      seed_debug,
                      with_private_network(preflight(app, "PUT", "x-custom-header"), "true"),
                      preflight_kind,
                      rejection_reason::private_network_not_allowed,
                      "true",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {vary, "Origin"}}},
        decision_case{"success_is_unchanged",
                      seed_debug,
                      preflight(app, "PUT", "x-custom-header"),
                      preflight_kind,
                      none,
                      "",
                      true,
                      204,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {acam, "GET,POST,PUT,DELETE"},
                       {acah, "content-type,x-custom-header"},
                       {acma, "600"},
                       {vary, "Origin"}}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    passthrough, decision_table,
    ::testing::Values(decision_case{"allowed_preflight_goes_to_the_application",
                                    seed_passthrough,
                                    preflight(app, "PUT", "content-type"),
                                    preflight_kind,
                                    none,
                                    "",
                                    false,
                                    204,
                                    {{acao, "https://app.client.internal"},
                                     {acam, "GET,POST,PUT,DELETE"},
                                     {acah, "content-type,x-custom-header"},
                                     {acma, "600"},
                                     {vary, "Origin"}}},
                      decision_case{"rejected_preflight_goes_to_the_application",
                                    seed_passthrough,
                                    preflight(app, "PATCH"),
                                    preflight_kind,
                                    rejection_reason::method_not_allowed,
                                    "PATCH",
                                    false,
                                    403,
                                    {{vary, "Origin"}}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    actual, decision_table,
    ::testing::Values(
        decision_case{"allowed",
                      seed,
                      actual(app),
                      actual_kind,
                      none,
                      "",
                      false,
                      0,
                      {{acao, "https://app.client.internal"},
                       {aceh, "X-Request-Id,X-Trace"},
                       {vary, "Origin"}}},
        decision_case{"allowed_with_credentials",
                      seed_credentialed,
                      actual(app, "DELETE"),
                      actual_kind,
                      none,
                      "",
                      false,
                      0,
                      {{acao, "https://app.client.internal"},
                       {acac, "true"},
                       {aceh, "X-Request-Id,X-Trace"},
                       {vary, "Origin"}}},
        decision_case{"no_exposed_headers",
                      minimal,
                      actual(app, "POST"),
                      actual_kind,
                      none,
                      "",
                      false,
                      0,
                      {{acao, "https://app.client.internal"}, {vary, "Origin"}}},
        decision_case{
            "null_origin_allowed",
            seed_null,
            actual("null"),
            actual_kind,
            none,
            "",
            false,
            0,
            {{acao, "null"}, {acac, "true"}, {aceh, "X-Request-Id,X-Trace"}, {vary, "Origin"}}},
        decision_case{"origin_not_allowed",
                      seed,
                      actual("https://evil.example"),
                      actual_kind,
                      rejection_reason::origin_not_allowed,
                      "https://evil.example",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"upper_case_origin",
                      seed_credentialed,
                      actual("HTTPS://APP.CLIENT.INTERNAL"),
                      actual_kind,
                      rejection_reason::malformed_origin,
                      "HTTPS://APP.CLIENT.INTERNAL",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"origin_with_crlf",
                      seed,
                      actual("https://app.client.internal\r\nSet-Cookie: a=b"),
                      actual_kind,
                      rejection_reason::malformed_origin,
                      "https://app.client.internal\r\nSet-Cookie: a=b",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"empty_origin",
                      seed,
                      actual(""),
                      actual_kind,
                      rejection_reason::malformed_origin,
                      "",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"origin_with_path",
                      seed,
                      actual("https://app.client.internal/index.html"),
                      actual_kind,
                      rejection_reason::malformed_origin,
                      "https://app.client.internal/index.html",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"two_origin_lines",
                      seed,
                      actual(cors::header_field(two_origins, 2)),
                      actual_kind,
                      rejection_reason::malformed_origin,
                      "https://app.client.internal",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"open_policy",
                      open,
                      actual("https://anyone.example", "PATCH"),
                      actual_kind,
                      none,
                      "",
                      false,
                      0,
                      {{acao, "*"}, {aceh, "*"}}},
        decision_case{"not_cors",
                      seed,
                      no_origin(),
                      request_kind::not_cors,
                      none,
                      "",
                      false,
                      0,
                      {{vary, "Origin"}}},
        decision_case{"not_cors_under_an_open_policy",
                      open,
                      no_origin("OPTIONS"),
                      request_kind::not_cors,
                      none,
                      "",
                      false,
                      0,
                      {{acao, "*"}, {aceh, "*"}}},
        decision_case{"plain_options",
                      seed,
                      plain_options(app),
                      request_kind::plain_options,
                      none,
                      "",
                      false,
                      0,
                      {{acao, "https://app.client.internal"},
                       {aceh, "X-Request-Id,X-Trace"},
                       {vary, "Origin"}}},
        decision_case{"plain_options_rejected",
                      seed,
                      plain_options("https://evil.example"),
                      request_kind::plain_options,
                      rejection_reason::origin_not_allowed,
                      "https://evil.example",
                      false,
                      0,
                      {{vary, "Origin"}}}),
    [](const auto& info) { return std::string(info.param.name); });

// --- max-age
// --------------------------------------------------------------------------------------

struct max_age_case {
  const char* name;
  std::optional<int> seconds;
  const char* emitted;  // nullptr: no header
};

void PrintTo(const max_age_case& c, std::ostream* os) {
  *os << c.name;
}

class max_age : public ::testing::TestWithParam<max_age_case> {};

TEST_P(max_age, is_sent_on_successful_preflights_only) {
  cors::config cfg = minimal();
  cfg.max_age_seconds = GetParam().seconds;
  const cors::policy policy(cfg);
  header_list expected = {{acao, "https://app.client.internal"}};
  if (GetParam().emitted != nullptr) expected.emplace_back(acma, GetParam().emitted);
  expected.emplace_back(vary, "Origin");
  EXPECT_EQ(headers_of(policy.evaluate(preflight(app, "GET"))), expected);
  EXPECT_EQ(headers_of(policy.evaluate(actual(app))),
            (header_list{{acao, "https://app.client.internal"}, {vary, "Origin"}}));
}

INSTANTIATE_TEST_SUITE_P(values, max_age,
                         ::testing::Values(max_age_case{"unset", std::nullopt, nullptr},
                                           max_age_case{"zero_means_do_not_cache", 0, "0"},
                                           max_age_case{"ten_minutes", 600, "600"},
                                           max_age_case{"chromium_cap", 7200, "7200"},
                                           max_age_case{"one_day", 86400, "86400"}),
                         [](const auto& info) { return std::string(info.param.name); });

// --- decisions are self-consistent --------------------------------------------------------------

TEST(decision_view, for_each_header_visits_the_same_headers_in_order) {
  const cors::policy policy(seed_credentialed());
  const cors::decision d = policy.evaluate(preflight(app, "PUT", "content-type"));
  header_list visited;
  d.for_each_header(
      [&](std::string_view name, std::string_view value) { visited.emplace_back(name, value); });
  EXPECT_EQ(visited, headers_of(d));
  EXPECT_EQ(d.size(), visited.size());
  EXPECT_LE(d.size(), cors::decision::max_headers);
}

TEST(decision_view, allowed_origin_is_a_view_of_the_request) {
  const cors::policy policy(seed());
  const std::string origin = "https://tenant.example.com";
  const cors::decision d = policy.evaluate(actual(origin));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.begin()->value.data(), origin.data());
}

TEST(decision_view, default_decision_is_an_empty_allowed_not_cors) {
  const cors::decision d;
  EXPECT_EQ(d.kind(), request_kind::not_cors);
  EXPECT_TRUE(d.allowed());
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(d.vary(), "");
  EXPECT_FALSE(d.respond_now());
}

TEST(decision_view, most_headers_fit_with_sixteen_reflected_lines) {
  // 16 request-header lines (the most accepted), each reflected, plus every other header.
  const std::vector<std::string_view> lines(16, "x-a");
  const cors::policy policy(reflecting());
  const cors::decision d = policy.evaluate(with_private_network(
      preflight(app, "PUT", cors::header_field(lines.data(), lines.size())), "true"));
  ASSERT_TRUE(d.allowed());
  EXPECT_EQ(d.size(), 16u + 5u);  // ACAO, ACAC, ACAM, 16 x ACAH, ACAPN, Vary
  EXPECT_LE(d.size(), cors::decision::max_headers);
}

}  // namespace
