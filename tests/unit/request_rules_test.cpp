// The method, request-header and exposed-header rules, each as a table: what is configured,
// what a preflight asks for, whether it passes, and what Access-Control-Allow-* says.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"
#include "requests.hpp"

namespace {

constexpr std::string_view app = "https://app.example.com";

// A preflight from the allowed origin.
cors::request_view preflight(std::string_view method, cors::header_field headers = {}) {
  return cors_test::preflight(app, method, headers);
}

// The value of the only `name` header of `d`, or "(absent)"; "(several)" if repeated.
std::string header(const cors::decision& d, std::string_view name) {
  std::string found = "(absent)";
  int count = 0;
  for (const cors::response_header& h : d) {
    if (h.name != name) continue;
    found = std::string(h.value);
    ++count;
  }
  return count > 1 ? "(several)" : found;
}

// --- methods
// --------------------------------------------------------------------------------------

struct method_case {
  const char* name;
  std::vector<std::string> allowed;
  bool credentials;
  std::string_view requested;
  bool passes;
  const char* allow_methods;  // Access-Control-Allow-Methods on success, or "(absent)"
};

void PrintTo(const method_case& c, std::ostream* os) {
  *os << c.name;
}

class method_rule : public ::testing::TestWithParam<method_case> {};

TEST_P(method_rule, decides_and_answers) {
  const method_case& c = GetParam();
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_methods = c.allowed;
  cfg.allow_credentials = c.credentials;
  const cors::policy policy(cfg);
  const cors::decision d = policy.evaluate(preflight(c.requested));
  if (!c.passes) {
    EXPECT_EQ(d.reason(), cors::rejection_reason::method_not_allowed);
    EXPECT_EQ(d.offending_value(), c.requested);
    EXPECT_EQ(header(d, "Access-Control-Allow-Methods"), "(absent)");
    return;
  }
  EXPECT_TRUE(d.allowed()) << cors::to_string(d.reason());
  EXPECT_EQ(header(d, "Access-Control-Allow-Methods"), c.allow_methods);
}

INSTANTIATE_TEST_SUITE_P(
    methods, method_rule,
    ::testing::Values(
        // GET, HEAD and POST are CORS-safelisted: they pass whatever is configured.
        method_case{"get_always", {}, false, "GET", true, "(absent)"},
        method_case{"head_always", {}, false, "HEAD", true, "(absent)"},
        method_case{"post_always", {"PUT"}, false, "POST", true, "PUT"},
        // Listed methods, compared byte for byte.
        method_case{"listed", {"PUT", "DELETE"}, false, "PUT", true, "PUT,DELETE"},
        method_case{"not_listed", {"PUT", "DELETE"}, false, "PATCH", false, ""},
        method_case{
            "listed_lower_case_delete_is_upper_cased", {"delete"}, false, "DELETE", true, "DELETE"},
        method_case{
            "lower_case_request_never_matches_normalized", {"delete"}, false, "delete", false, ""},
        method_case{"mixed_case_put_is_upper_cased", {"Put"}, false, "PUT", true, "PUT"},
        method_case{"options_is_upper_cased", {"options"}, false, "OPTIONS", true, "OPTIONS"},
        method_case{"patch_keeps_its_case", {"patch"}, false, "patch", true, "patch"},
        method_case{"patch_does_not_allow_PATCH", {"patch"}, false, "PATCH", false, ""},
        method_case{"PATCH_does_not_allow_patch", {"PATCH"}, false, "patch", false, ""},
        method_case{"both_cases_of_patch", {"PATCH", "patch"}, false, "patch", true, "PATCH,patch"},
        method_case{"extension_method", {"PROPFIND"}, false, "PROPFIND", true, "PROPFIND"},
        method_case{"lower_case_get_is_not_safelisted", {}, false, "get", false, ""},
        method_case{"listed_get_is_upper_cased", {"get"}, false, "GET", true, "GET"},
        // "*": any method; sent as "*" without credentials, as the requested method with them
        // (browsers read "*" literally on credentialed requests).
        method_case{"wildcard", {"*"}, false, "PATCH", true, "*"},
        method_case{"wildcard_any_case", {"*"}, false, "patch", true, "*"},
        method_case{"wildcard_safelisted", {"*"}, false, "GET", true, "*"},
        method_case{"wildcard_with_credentials_echoes", {"*"}, true, "PATCH", true, "PATCH"},
        method_case{
            "wildcard_with_credentials_echoes_case", {"*"}, true, "propfind", true, "propfind"},
        method_case{"wildcard_with_credentials_safelisted", {"*"}, true, "GET", true, "GET"},
        method_case{"wildcard_and_names", {"PUT", "*"}, false, "DELETE", true, "*"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(method_rule, wildcard_with_credentials_varies_on_the_request_method) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_methods = {"*"};
  cfg.allow_credentials = true;
  const cors::policy credentialed(cfg);
  const cors::decision d = credentialed.evaluate(preflight("PATCH"));
  EXPECT_EQ(header(d, "Vary"), "Origin, Access-Control-Request-Method");
  EXPECT_EQ(d.vary(), "Origin, Access-Control-Request-Method");

  cfg.allow_credentials = false;
  const cors::policy anonymous(cfg);
  EXPECT_EQ(anonymous.evaluate(preflight("PATCH")).vary(), "Origin");
}

// --- request headers
// --------------------------------------------------------------------------------

struct header_case {
  const char* name;
  std::vector<std::string> allowed;
  bool credentials;
  std::string_view requested;
  bool passes;
  const char* allow_headers;   // Access-Control-Allow-Headers on success
  std::string_view offending;  // on failure
};

void PrintTo(const header_case& c, std::ostream* os) {
  *os << c.name;
}

class header_rule : public ::testing::TestWithParam<header_case> {};

TEST_P(header_rule, decides_and_answers) {
  const header_case& c = GetParam();
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_headers = c.allowed;
  cfg.allow_credentials = c.credentials;
  const cors::policy policy(cfg);
  const cors::decision d = policy.evaluate(preflight("GET", c.requested));
  if (!c.passes) {
    EXPECT_EQ(d.reason(), cors::rejection_reason::header_not_allowed);
    EXPECT_EQ(d.offending_value(), c.offending);
    EXPECT_EQ(header(d, "Access-Control-Allow-Headers"), "(absent)");
    return;
  }
  EXPECT_TRUE(d.allowed()) << cors::to_string(d.reason());
  EXPECT_EQ(header(d, "Access-Control-Allow-Headers"), c.allow_headers);
}

INSTANTIATE_TEST_SUITE_P(
    request_headers, header_rule,
    ::testing::Values(
        header_case{"listed",
                    {"Content-Type", "X-Custom-Header"},
                    false,
                    "content-type,x-custom-header",
                    true,
                    "content-type,x-custom-header",
                    ""},
        header_case{"listed_in_config_order", {"X-B", "x-a"}, false, "x-a", true, "x-b,x-a", ""},
        header_case{"request_in_upper_case",
                    {"x-custom-header"},
                    false,
                    "X-CUSTOM-HEADER",
                    true,
                    "x-custom-header",
                    ""},
        header_case{"request_in_mixed_case",
                    {"X-Custom-Header"},
                    false,
                    "x-CUSTOM-header",
                    true,
                    "x-custom-header",
                    ""},
        header_case{"not_listed",
                    {"X-Custom-Header"},
                    false,
                    "x-custom-header,x-other",
                    false,
                    "",
                    "x-other"},
        header_case{"safelisted_names_must_be_listed_when_asked",
                    {},
                    false,
                    "content-type",
                    false,
                    "",
                    "content-type"},
        header_case{"nothing_asked_nothing_listed", {}, false, "", true, "(absent)", ""},
        header_case{"authorization_listed",
                    {"Authorization"},
                    false,
                    "authorization",
                    true,
                    "authorization",
                    ""},
        // "*": every name but Authorization (Fetch: the wildcard never covers it).
        header_case{"wildcard", {"*"}, false, "x-anything,content-type", true, "*", ""},
        header_case{"wildcard_refuses_authorization",
                    {"*"},
                    false,
                    "authorization",
                    false,
                    "",
                    "authorization"},
        header_case{"wildcard_refuses_authorization_any_case",
                    {"*"},
                    false,
                    "x-a,Authorization",
                    false,
                    "",
                    "Authorization"},
        header_case{"wildcard_and_authorization",
                    {"*", "Authorization"},
                    false,
                    "authorization,x-a",
                    true,
                    "*,authorization",
                    ""},
        header_case{"wildcard_and_authorization_order_free",
                    {"authorization", "*"},
                    false,
                    "authorization",
                    true,
                    "*,authorization",
                    ""},
        // "*" with credentials: browsers read "*" literally, so the request is reflected.
        header_case{"wildcard_with_credentials_reflects",
                    {"*"},
                    true,
                    "x-b,content-type",
                    true,
                    "x-b,content-type",
                    ""},
        header_case{"wildcard_with_credentials_reflects_case", {"*"}, true, "X-B", true, "X-B", ""},
        header_case{"wildcard_with_credentials_refuses_authorization",
                    {"*"},
                    true,
                    "authorization",
                    false,
                    "",
                    "authorization"},
        header_case{"wildcard_with_credentials_and_authorization",
                    {"*", "Authorization"},
                    true,
                    "authorization,x-a",
                    true,
                    "authorization,x-a",
                    ""},
        header_case{
            "wildcard_with_credentials_nothing_asked", {"*"}, true, "", true, "(absent)", ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(header_rule, wildcard_with_credentials_varies_on_the_request_headers) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  const cors::policy credentialed(cfg);
  EXPECT_EQ(header(credentialed.evaluate(preflight("GET", "x-a")), "Vary"),
            "Origin, Access-Control-Request-Headers");
  cfg.allow_credentials = false;
  const cors::policy anonymous(cfg);
  EXPECT_EQ(header(anonymous.evaluate(preflight("GET", "x-a")), "Vary"), "Origin");
}

TEST(header_rule, several_request_lines_are_reflected_one_by_one) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  const std::string_view lines[] = {"x-a,x-b", "x-c"};
  const cors::policy policy(cfg);
  const cors::decision d = policy.evaluate(preflight("GET", {lines, 2}));
  std::vector<std::string_view> reflected;
  for (const cors::response_header& h : d)
    if (h.name == "Access-Control-Allow-Headers") reflected.push_back(h.value);
  EXPECT_EQ(reflected, (std::vector<std::string_view>{"x-a,x-b", "x-c"}));
  // Views into the request, not copies.
  EXPECT_EQ(reflected[0].data(), lines[0].data());
}

// --- exposed headers
// ------------------------------------------------------------------------------

struct exposed_case {
  const char* name;
  std::vector<std::string> exposed;
  bool credentials;
  const char* expose_headers;
};

void PrintTo(const exposed_case& c, std::ostream* os) {
  *os << c.name;
}

class exposed_headers_table : public ::testing::TestWithParam<exposed_case> {};

TEST_P(exposed_headers_table, are_sent_on_actual_responses_only) {
  const exposed_case& c = GetParam();
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.exposed_headers = c.exposed;
  cfg.allow_credentials = c.credentials;
  const cors::policy policy(cfg);
  cors::request_view get;
  get.method = "GET";
  get.origin = app;
  EXPECT_EQ(header(policy.evaluate(get), "Access-Control-Expose-Headers"), c.expose_headers);
  EXPECT_EQ(header(policy.evaluate(preflight("GET")), "Access-Control-Expose-Headers"), "(absent)");
}

INSTANTIATE_TEST_SUITE_P(
    exposed, exposed_headers_table,
    ::testing::Values(exposed_case{"none", {}, false, "(absent)"},
                      exposed_case{"one", {"X-Request-Id"}, false, "X-Request-Id"},
                      exposed_case{"case_kept_order_kept",
                                   {"X-Trace", "x-request-id"},
                                   false,
                                   "X-Trace,x-request-id"},
                      exposed_case{"with_credentials", {"X-Request-Id"}, true, "X-Request-Id"},
                      exposed_case{"wildcard", {"*"}, false, "*"},
                      exposed_case{"wildcard_and_names", {"X-Request-Id", "*"}, false, "*"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(exposed_headers_table, rejected_requests_get_none) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.exposed_headers = {"X-Request-Id"};
  cors::request_view get;
  get.method = "GET";
  get.origin = "https://evil.example";
  const cors::policy policy(cfg);
  EXPECT_EQ(header(policy.evaluate(get), "Access-Control-Expose-Headers"), "(absent)");
}

}  // namespace
