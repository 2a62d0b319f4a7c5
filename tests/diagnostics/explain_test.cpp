// The one-line explanations a server's log receives for rejected requests.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "cors/cors.hpp"
#include "requests.hpp"

namespace {

using cors_test::actual;
using cors_test::preflight;

cors::config seed_config() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal", "https://*.example.com"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  return cfg;
}

struct explanation_case {
  const char* name;
  cors::request_view request;
  std::string expected;
};

// The case's name in the test listing, instead of its bytes.
void PrintTo(const explanation_case& c, std::ostream* out) {
  *out << c.name;
}

class explanation : public ::testing::TestWithParam<explanation_case> {};

TEST_P(explanation, names_the_failing_check_and_the_fix) {
  const cors::policy policy(seed_config());
  const cors::decision d = policy.evaluate(GetParam().request);
  EXPECT_EQ(policy.explain(d), GetParam().expected);
}

const std::string long_origin = "https://" + std::string(200, 'a') + ".example.org";
const std::string_view same_origin_twice[] = {"https://app.client.internal",
                                              "https://app.client.internal"};
const std::string_view foreign_then_allowed[] = {"https://evil.example",
                                                 "https://app.client.internal"};
const std::string_view allowed_then_foreign[] = {"https://app.client.internal",
                                                 "https://evil.example"};
const std::string_view same_method_twice[] = {"PUT", "PUT"};

INSTANTIATE_TEST_SUITE_P(
    rejections, explanation,
    ::testing::Values(
        explanation_case{"header",
                         preflight("https://app.client.internal", "POST", "content-type,x-other"),
                         "preflight rejected: request header 'x-other' is not allowed (allowed: "
                         "content-type, x-custom-header)"},
        explanation_case{"method", preflight("https://app.client.internal", "PATCH"),
                         "preflight rejected: method 'PATCH' is not allowed (allowed: GET, "
                         "HEAD, POST, PUT, DELETE)"},
        explanation_case{"method_case", preflight("https://app.client.internal", "put"),
                         "preflight rejected: method 'put' is not allowed (allowed: GET, HEAD, "
                         "POST, PUT, DELETE); methods are case-sensitive and 'PUT' is allowed"},
        explanation_case{"origin", actual("https://evil.example"),
                         "request rejected: origin 'https://evil.example' is not allowed "
                         "(allowed: https://app.client.internal, https://*.example.com)"},
        explanation_case{"scheme_near_miss", actual("http://app.client.internal"),
                         "request rejected: origin 'http://app.client.internal' is not allowed "
                         "(allowed: https://app.client.internal, https://*.example.com); "
                         "'https://app.client.internal' is allowed, which differs only by "
                         "scheme"},
        explanation_case{"port_near_miss", preflight("https://app.client.internal:8443", "PUT"),
                         "preflight rejected: origin 'https://app.client.internal:8443' is not "
                         "allowed (allowed: https://app.client.internal, https://*.example.com); "
                         "'https://app.client.internal' is allowed, which differs only by port"},
        explanation_case{"www_near_miss", actual("https://www.app.client.internal"),
                         "request rejected: origin 'https://www.app.client.internal' is not "
                         "allowed (allowed: https://app.client.internal, https://*.example.com); "
                         "'https://app.client.internal' is allowed, which differs only by "
                         "'www.'"},
        explanation_case{"upper_case", actual("HTTPS://APP.CLIENT.INTERNAL"),
                         "request rejected: malformed Origin 'HTTPS://APP.CLIENT.INTERNAL': "
                         "browsers send scheme and host in lower case, so this never matches; "
                         "write it in lower case; 'https://app.client.internal' is allowed, "
                         "which differs only by case"},
        explanation_case{"default_port", actual("https://app.client.internal:443"),
                         "request rejected: malformed Origin 'https://app.client.internal:443': "
                         "browsers omit the scheme's default port, so this never matches; "
                         "remove the port"},
        explanation_case{"control_bytes_escaped", actual("https://a\r\nSet-Cookie: x"),
                         "request rejected: malformed Origin 'https://a\\x0d\\x0aSet-Cookie: x'"},
        explanation_case{"long_value_cut", actual(long_origin),
                         "request rejected: malformed Origin 'https://" + std::string(120, 'a') +
                             "...(220 bytes)': the host is not a valid "
                             "ASCII host name (write international names in Punycode)"},
        explanation_case{"same_origin_on_two_lines",
                         actual(cors::header_field(same_origin_twice, 2)),
                         "request rejected: more than one Origin line, the first "
                         "'https://app.client.internal' (browsers send exactly one; refused "
                         "even when the lines are equal)"},
        explanation_case{"foreign_then_allowed_origin_lines",
                         preflight(cors::header_field(foreign_then_allowed, 2), "PUT"),
                         "preflight rejected: more than one Origin line, the first "
                         "'https://evil.example' (browsers send exactly one; refused even when "
                         "the lines are equal)"},
        explanation_case{"allowed_then_foreign_origin_lines",
                         actual(cors::header_field(allowed_then_foreign, 2)),
                         "request rejected: more than one Origin line, the first "
                         "'https://app.client.internal' (browsers send exactly one; refused "
                         "even when the lines are equal)"},
        explanation_case{"origins_joined_by_a_comma",
                         actual("https://app.client.internal, https://evil.example"),
                         "request rejected: malformed Origin 'https://app.client.internal, "
                         "https://evil.example': several origins in one line (a proxy may join "
                         "repeated Origin lines with commas); browsers send exactly one"},
        explanation_case{
            "same_method_on_two_lines",
            preflight("https://app.client.internal", cors::header_field(same_method_twice, 2)),
            "preflight rejected: more than one Access-Control-Request-Method line, "
            "the first 'PUT' (browsers send exactly one)"},
        explanation_case{"malformed_headers",
                         preflight("https://app.client.internal", "PUT", "a;b"),
                         "preflight rejected: malformed Access-Control-Request-Headers near "
                         "'a;b' (a comma-separated list of header names, at most 128 names, 16 "
                         "lines and 16 empty elements)"},
        explanation_case{"malformed_method", preflight("https://app.client.internal", "P(T"),
                         "preflight rejected: malformed Access-Control-Request-Method 'P(T'"}),
    [](const ::testing::TestParamInfo<explanation_case>& info) { return info.param.name; });

TEST(explanation, allowed_requests_have_none) {
  const cors::policy policy(seed_config());
  EXPECT_EQ(policy.explain(policy.evaluate(actual("https://app.client.internal"))), "");
  EXPECT_EQ(policy.explain(policy.evaluate(preflight("https://a.example.com", "PUT"))), "");
}

TEST(explanation, wildcard_headers_explain_authorization) {
  cors::config cfg;
  cfg.allowed_origins = {"*"};
  cfg.allowed_headers = {"*"};
  const cors::policy policy(cfg);
  const cors::decision d =
      policy.evaluate(preflight("https://x.example", "GET", "authorization,x-a"));
  EXPECT_EQ(policy.explain(d),
            "preflight rejected: request header 'authorization' is not allowed (allowed: *, "
            "which never covers Authorization: list \"Authorization\" explicitly)");
}

TEST(explanation, long_lists_are_cut) {
  cors::config cfg;
  for (int i = 0; i < 20; ++i)
    cfg.allowed_origins.push_back("https://a" + std::to_string(i) + ".example");
  const cors::policy policy(cfg);
  EXPECT_EQ(policy.explain(policy.evaluate(actual("https://b.example"))),
            "request rejected: origin 'https://b.example' is not allowed (allowed: "
            "https://a0.example, https://a1.example, https://a2.example, https://a3.example, "
            "https://a4.example, https://a5.example, https://a6.example, https://a7.example and "
            "12 more)");
}

// A 253-byte host, the longest DNS name; the first 128 bytes of "https://" and it, which is what
// an explanation shows of a longer item.
std::string longest_host(char last) {
  return std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
         std::string(60, 'd') + last;
}
const std::string first_128_bytes = "https://" + std::string(63, 'a') + "." + std::string(56, 'b');

std::string repeated(const std::string& item, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += (i > 0 ? ", " : "") + item;
  return out;
}

TEST(explanation, lists_of_the_longest_origins_are_cut_to_fit_the_line) {
  cors::config cfg;
  for (char c = 'a'; c <= 'l'; ++c)
    cfg.allowed_origins.push_back("https://" + longest_host(c) + ":65535");
  cfg.origin_predicate = [](std::string_view) { return false; };
  cfg.allow_null_origin = true;
  const cors::policy policy(cfg);
  const std::string other_port = "https://" + longest_host('z') + ":8443";
  EXPECT_EQ(policy.explain(policy.evaluate(actual(other_port))),
            "request rejected: origin '" + first_128_bytes +
                "...(266 bytes)' is not allowed (allowed: " + repeated(first_128_bytes + "...", 7) +
                " and 5 more, and the origin predicate, and null)");
  const std::string other_scheme = "http://" + longest_host('a') + ":65535";
  EXPECT_EQ(policy.explain(policy.evaluate(actual(other_scheme))),
            "request rejected: origin 'http://" + std::string(63, 'a') + "." +
                std::string(57, 'b') +
                "...(266 bytes)' is not allowed (allowed: " + repeated(first_128_bytes + "...", 7) +
                " and 5 more, and the origin predicate, and null); '" + first_128_bytes +
                "...' is allowed, which differs only by scheme");
}

TEST(explanation, lists_of_long_methods_and_header_names_are_cut) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example"};
  for (int i = 0; i < 12; ++i) {
    cfg.allowed_methods.push_back("M" + std::to_string(i) + std::string(200, 'X'));
    cfg.allowed_headers.push_back("h" + std::to_string(i) + std::string(200, 'x'));
  }
  const cors::policy policy(cfg);
  std::string methods = "GET, HEAD, POST";
  for (int i = 0; i < 5; ++i) methods += ", M" + std::to_string(i) + std::string(126, 'X') + "...";
  EXPECT_EQ(
      policy.explain(policy.evaluate(preflight("https://app.example", "PATCH"))),
      "preflight rejected: method 'PATCH' is not allowed (allowed: " + methods + " and 7 more)");
  // Names in the policy's order (sorted), eight at most.
  std::string names;
  for (const char* number : {"0", "10", "11", "1", "2", "3", "4", "5"}) {
    const std::string name = std::string("h") + number;
    names += (names.empty() ? "" : ", ") + name + std::string(128 - name.size(), 'x') + "...";
  }
  EXPECT_EQ(policy.explain(policy.evaluate(preflight("https://app.example", "GET", "x-other"))),
            "preflight rejected: request header 'x-other' is not allowed (allowed: " + names +
                " and 4 more)");
}

TEST(rejection_sink, receives_every_rejection_once) {
  std::vector<std::string> lines;
  cors::config cfg = seed_config();
  cfg.on_rejection = [&lines](const cors::decision& d, std::string_view line) {
    EXPECT_FALSE(d.allowed());
    lines.emplace_back(line);
  };
  const cors::policy policy(cfg);
  EXPECT_TRUE(policy.evaluate(actual("https://app.client.internal")).allowed());  // no line
  cors::request_view no_origin;
  no_origin.method = "GET";
  EXPECT_TRUE(policy.evaluate(no_origin).allowed());  // not CORS: no line
  EXPECT_FALSE(
      policy.evaluate(preflight("https://app.client.internal", "POST", "x-other")).allowed());
  EXPECT_FALSE(policy.evaluate(actual("https://evil.example")).allowed());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "preflight rejected: request header 'x-other' is not allowed (allowed: "
            "content-type, x-custom-header)");
  EXPECT_EQ(lines[1],
            "request rejected: origin 'https://evil.example' is not allowed (allowed: "
            "https://app.client.internal, https://*.example.com)");
}

TEST(rejection_sink, throwing_sink_does_not_change_the_decision) {
  cors::config cfg = seed_config();
  cfg.on_rejection = [](const cors::decision&, std::string_view) {
    throw std::runtime_error("log down");
  };
  const cors::policy policy(cfg);
  const cors::decision d = policy.evaluate(preflight("https://evil.example", "PUT"));
  EXPECT_EQ(d.reason(), cors::rejection_reason::origin_not_allowed);
  EXPECT_EQ(d.status(), 403);
}

}  // namespace
