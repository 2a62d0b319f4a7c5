// Validation of cors::config: every issue kind with its exact field, value and message; every
// problem reported at once; the throwing and the non-throwing way to build a policy.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cors/cors.hpp"

namespace {

using kind = cors::config_issue_kind;

// A valid configuration that each row below breaks in one place.
cors::config valid() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  return cfg;
}

cors::config origins(std::vector<std::string> entries, bool credentials = false) {
  cors::config cfg;
  cfg.allowed_origins = std::move(entries);
  cfg.allow_credentials = credentials;
  return cfg;
}

cors::config methods(std::vector<std::string> entries) {
  cors::config cfg = valid();
  cfg.allowed_methods = std::move(entries);
  return cfg;
}

cors::config headers(std::vector<std::string> entries) {
  cors::config cfg = valid();
  cfg.allowed_headers = std::move(entries);
  return cfg;
}

cors::config exposed(std::vector<std::string> entries, bool credentials = false) {
  cors::config cfg = valid();
  cfg.exposed_headers = std::move(entries);
  cfg.allow_credentials = credentials;
  return cfg;
}

cors::config max_age(int seconds) {
  cors::config cfg = valid();
  cfg.max_age_seconds = seconds;
  return cfg;
}

cors::config status(int code) {
  cors::config cfg = valid();
  cfg.preflight_success_status = code;
  return cfg;
}

bool same(const cors::config_issue& a, const cors::config_issue& b) {
  return a.kind == b.kind && a.field == b.field && a.value == b.value && a.message == b.message;
}

std::string show(const std::vector<cors::config_issue>& issues) {
  std::string out;
  for (const cors::config_issue& i : issues)
    out += "\n  [" + std::string(cors::to_string(i.kind)) + "] " + cors::to_string(i);
  return out.empty() ? "\n  (none)" : out;
}

// Messages, spelled out once.
const std::string token_method =
    "a method is a token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~";
const std::string token_header =
    "a header name is a token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~";
const std::string insecure =
    "with credentials, a plain-http origin lets anyone on the network path read users' data; "
    "use https, or set allow_insecure_origins_with_credentials";
const std::string every_host =
    "matches every host; list the origins, or use '*' if any origin may read the responses";
const std::string misplaced_star =
    "'*' may only stand for leading labels ('https://*.example.com') or for the port "
    "('http://localhost:*')";
const std::string lower_case =
    "browsers send scheme and host in lower case, so this never matches; write it in lower case";
const std::string default_port =
    "browsers omit the scheme's default port, so this never matches; remove the port";
const std::string bad_port = "the port is not a number from 1 to 65535 without leading zeros";
const std::string bad_host =
    "the host is not a valid ASCII host name (write international names in Punycode)";
const std::string one_entry_per_origin =
    "a list of origins written as one entry; give each origin an entry of its own";
const std::string ip_wildcard = "a subdomain wildcard needs a domain name, not an IP address";
const std::string once = "listed more than once";
const std::string once_names = "listed more than once (names are case-insensitive)";

std::string public_suffix(const std::string& suffix) {
  return "'" + suffix +
         "' is a public suffix: anyone can register a domain under it; allow your own domain's "
         "subdomains instead, e.g. 'https://*.example." +
         suffix + "'";
}

// --- one problem, one issue ----------------------------------------------------------------------

struct issue_case {
  const char* name;
  cors::config cfg;
  cors::config_issue expected;
};

void PrintTo(const issue_case& c, std::ostream* os) {
  *os << c.name;
}

class config_issue_table : public ::testing::TestWithParam<issue_case> {};

// validate() reports it, and the policy constructor throws it, alone, with the same words.
TEST_P(config_issue_table, is_reported_with_its_field_value_and_message) {
  const issue_case& c = GetParam();
  const std::vector<cors::config_issue> issues = cors::validate(c.cfg);
  ASSERT_EQ(issues.size(), 1u) << show(issues);
  EXPECT_EQ(issues[0].kind, c.expected.kind) << show(issues);
  EXPECT_EQ(issues[0].field, c.expected.field);
  EXPECT_EQ(issues[0].value, c.expected.value);
  EXPECT_EQ(issues[0].message, c.expected.message);

  try {
    const cors::policy p(c.cfg);
    ADD_FAILURE() << "no config_error";
  } catch (const cors::config_error& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_TRUE(same(e.issues()[0], issues[0]));
    EXPECT_EQ(std::string(e.what()),
              "invalid CORS configuration (1 problem):\n  " + cors::to_string(c.expected));
  }
}

INSTANTIATE_TEST_SUITE_P(
    origins, config_issue_table,
    ::testing::Values(
        issue_case{"nothing_allowed",
                   origins({}),
                   {kind::no_allowed_origin, "allowed_origins", "",
                    "no origin is allowed; list origins, '*', or set an origin_predicate"}},
        issue_case{"path",
                   origins({"https://app.example.com/api"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://app.example.com/api",
                    "an origin has no path; keep only scheme://host[:port]"}},
        issue_case{
            "trailing_slash",
            origins({"https://a.example.com", "https://b.example.com", "https://app.example.com/"}),
            {kind::invalid_origin, "allowed_origins[2]", "https://app.example.com/",
             "an origin has no path; remove the trailing '/'"}},
        issue_case{"query",
                   origins({"https://app.example.com?a=1"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://app.example.com?a=1",
                    "an origin has no query; keep only scheme://host[:port]"}},
        issue_case{"fragment",
                   origins({"https://app.example.com#x"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://app.example.com#x",
                    "an origin has no fragment; keep only scheme://host[:port]"}},
        issue_case{"userinfo",
                   origins({"https://admin@app.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://admin@app.example.com",
                    "an origin has no user information ('user@'); remove it"}},
        issue_case{
            "upper_case_host",
            origins({"https://App.Example.com"}),
            {kind::invalid_origin, "allowed_origins[0]", "https://App.Example.com", lower_case}},
        issue_case{
            "upper_case_scheme",
            origins({"HTTPS://app.example.com"}),
            {kind::invalid_origin, "allowed_origins[0]", "HTTPS://app.example.com", lower_case}},
        issue_case{"https_default_port",
                   origins({"https://app.example.com:443"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://app.example.com:443",
                    default_port}},
        issue_case{"http_default_port",
                   origins({"http://app.example.com:80"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://app.example.com:80",
                    default_port}},
        issue_case{"pattern_default_port",
                   origins({"https://*.example.com:443"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://*.example.com:443",
                    default_port}},
        issue_case{"no_scheme",
                   origins({"app.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "app.example.com",
                    "an origin starts with a scheme and '://', e.g. 'https://'"}},
        issue_case{"websocket_scheme",
                   origins({"wss://app.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "wss://app.example.com",
                    "only http and https origins can be allowed"}},
        issue_case{"extension_scheme",
                   origins({"chrome-extension://abcdefgh"}),
                   {kind::invalid_origin, "allowed_origins[0]", "chrome-extension://abcdefgh",
                    "only http and https origins can be allowed"}},
        issue_case{"file_scheme",
                   origins({"file://"}),
                   {kind::invalid_origin, "allowed_origins[0]", "file://", "the host is empty"}},
        issue_case{"empty_host",
                   origins({"https://"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://", "the host is empty"}},
        issue_case{"empty_entry",
                   origins({""}),
                   {kind::invalid_origin, "allowed_origins[0]", "", "the origin is empty"}},
        issue_case{"scheme_with_space",
                   origins({" https://app.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", " https://app.example.com",
                    "the scheme is not valid"}},
        issue_case{"port_zero",
                   origins({"http://localhost:0"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://localhost:0", bad_port}},
        issue_case{
            "port_65536",
            origins({"http://localhost:65536"}),
            {kind::invalid_origin, "allowed_origins[0]", "http://localhost:65536", bad_port}},
        issue_case{"port_leading_zero",
                   origins({"http://localhost:0080"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://localhost:0080", bad_port}},
        issue_case{"port_empty",
                   origins({"http://localhost:"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://localhost:", bad_port}},
        issue_case{"ipv4_not_canonical",
                   origins({"http://127.000.000.001"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://127.000.000.001",
                    "the IPv4 address is not in dotted-decimal form without leading zeros"}},
        issue_case{"ipv6_not_canonical",
                   origins({"http://[0:0:0:0:0:0:0:1]:8080"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://[0:0:0:0:0:0:0:1]:8080",
                    "the IPv6 address is not in the compressed lower-case form browsers send"}},
        issue_case{"non_ascii_host",
                   origins({"https://b\xc3\xbc"
                            "cher.example"}),
                   {kind::invalid_origin, "allowed_origins[0]",
                    "https://b\xc3\xbc"
                    "cher.example",
                    bad_host}},
        issue_case{
            "percent_encoded_host",
            origins({"https://b%C3%BCcher.example"}),
            {kind::invalid_origin, "allowed_origins[0]", "https://b%C3%BCcher.example", bad_host}},
        issue_case{"comma_joined_list",
                   origins({"https://a.com,https://b.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://a.com,https://b.com",
                    one_entry_per_origin}},
        issue_case{"comma_and_space_joined_list",
                   origins({"https://a.example.com", "https://b.example.com, https://*.c.com"}),
                   {kind::invalid_origin, "allowed_origins[1]",
                    "https://b.example.com, https://*.c.com", one_entry_per_origin}},
        issue_case{"space_joined_list",
                   origins({"http://localhost:3000 http://localhost:8080"}),
                   {kind::invalid_origin, "allowed_origins[0]",
                    "http://localhost:3000 http://localhost:8080", one_entry_per_origin}},
        issue_case{"oversized",
                   origins({"https://" + std::string(300, 'a') + ".example"}),
                   {kind::invalid_origin, "allowed_origins[0]",
                    "https://" + std::string(300, 'a') + ".example",
                    "the origin is longer than any valid origin"}},
        issue_case{"duplicate",
                   origins({"https://app.example.com", "https://b.example.com",
                            "https://app.example.com"}),
                   {kind::duplicate_entry, "allowed_origins[2]", "https://app.example.com", once}},
        issue_case{"null_listed",
                   origins({"https://app.example.com", "null"}),
                   {kind::null_origin_listed, "allowed_origins[1]", "null",
                    "any sandboxed iframe or file: page sends 'null'; set allow_null_origin "
                    "instead if you mean it"}},
        issue_case{"wildcard_with_credentials",
                   origins({"*"}, true),
                   {kind::wildcard_origin_with_credentials, "allowed_origins[0]", "*",
                    "browsers refuse 'Access-Control-Allow-Origin: *' on credentialed requests; "
                    "list the origins, or turn allow_credentials off"}},
        issue_case{"wildcard_with_other_entries",
                   origins({"https://app.example.com", "*"}),
                   {kind::wildcard_origin_with_other_entries, "allowed_origins[1]", "*",
                    "'*' already allows every origin; remove the other entries and the "
                    "predicate"}},
        issue_case{"insecure_with_credentials",
                   origins({"https://app.example.com", "http://app.example.com"}, true),
                   {kind::insecure_origin_with_credentials, "allowed_origins[1]",
                    "http://app.example.com", insecure}},
        issue_case{"insecure_pattern_with_credentials",
                   origins({"http://*.example.com"}, true),
                   {kind::insecure_origin_with_credentials, "allowed_origins[0]",
                    "http://*.example.com", insecure}},
        issue_case{"insecure_any_port_with_credentials",
                   origins({"http://dev.example.com:*"}, true),
                   {kind::insecure_origin_with_credentials, "allowed_origins[0]",
                    "http://dev.example.com:*", insecure}},
        issue_case{"insecure_private_address_with_credentials",
                   origins({"http://192.168.1.10:8080"}, true),
                   {kind::insecure_origin_with_credentials, "allowed_origins[0]",
                    "http://192.168.1.10:8080", insecure}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    patterns, config_issue_table,
    ::testing::Values(
        issue_case{"every_host",
                   origins({"https://*"}),
                   {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*", every_host}},
        issue_case{
            "every_host_dot",
            origins({"https://*."}),
            {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*.", every_host}},
        issue_case{
            "every_host_with_port",
            origins({"http://*:8080"}),
            {kind::origin_pattern_too_broad, "allowed_origins[0]", "http://*:8080", every_host}},
        issue_case{
            "every_host_any_port",
            origins({"http://*:*"}),
            {kind::origin_pattern_too_broad, "allowed_origins[0]", "http://*:*", every_host}},
        issue_case{"public_suffix_com",
                   origins({"https://*.com"}),
                   {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*.com",
                    public_suffix("com")}},
        issue_case{"public_suffix_co_uk",
                   origins({"https://*.co.uk"}),
                   {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*.co.uk",
                    public_suffix("co.uk")}},
        issue_case{"private_public_suffix_github_io",
                   origins({"https://*.github.io"}),
                   {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*.github.io",
                    public_suffix("github.io")}},
        issue_case{"parent_of_a_wildcard_suffix_rule",
                   origins({"https://*.kawasaki.jp"}),
                   {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*.kawasaki.jp",
                    public_suffix("kawasaki.jp")}},
        issue_case{"public_suffix_with_any_port",
                   origins({"https://*.com:*"}),
                   {kind::origin_pattern_too_broad, "allowed_origins[0]", "https://*.com:*",
                    public_suffix("com")}},
        issue_case{"wildcard_over_ipv4",
                   origins({"https://*.1.2.3.4"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://*.1.2.3.4", ip_wildcard}},
        issue_case{"wildcard_over_ipv6",
                   origins({"https://*.[::1]"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://*.[::1]", ip_wildcard}},
        issue_case{"wildcard_in_middle_label",
                   origins({"https://a.*.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://a.*.example.com",
                    misplaced_star}},
        issue_case{
            "wildcard_inside_label",
            origins({"https://ex*ample.com"}),
            {kind::invalid_origin, "allowed_origins[0]", "https://ex*ample.com", misplaced_star}},
        issue_case{
            "wildcard_glued_to_label",
            origins({"https://*example.com"}),
            {kind::invalid_origin, "allowed_origins[0]", "https://*example.com", misplaced_star}},
        issue_case{"two_wildcard_labels",
                   origins({"https://*.*.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://*.*.example.com",
                    misplaced_star}},
        issue_case{
            "wildcard_scheme",
            origins({"*://app.example.com"}),
            {kind::invalid_origin, "allowed_origins[0]", "*://app.example.com", misplaced_star}},
        issue_case{"wildcard_without_scheme",
                   origins({"*.example.com"}),
                   {kind::invalid_origin, "allowed_origins[0]", "*.example.com", misplaced_star}},
        issue_case{
            "wildcard_in_port",
            origins({"http://localhost:80*"}),
            {kind::invalid_origin, "allowed_origins[0]", "http://localhost:80*", misplaced_star}},
        issue_case{"two_ports",
                   origins({"http://localhost:8080:*"}),
                   {kind::invalid_origin, "allowed_origins[0]", "http://localhost:8080:*",
                    "gives two ports"}},
        issue_case{"pattern_with_path",
                   origins({"https://*.example.com/"}),
                   {kind::invalid_origin, "allowed_origins[0]", "https://*.example.com/",
                    "an origin has no path; remove the trailing '/'"}},
        issue_case{
            "pattern_upper_case",
            origins({"https://*.Example.com"}),
            {kind::invalid_origin, "allowed_origins[0]", "https://*.Example.com", lower_case}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    methods, config_issue_table,
    ::testing::Values(
        issue_case{"not_a_token",
                   methods({"PUT", "GET POST"}),
                   {kind::invalid_method, "allowed_methods[1]", "GET POST", token_method}},
        issue_case{
            "empty", methods({""}), {kind::invalid_method, "allowed_methods[0]", "", token_method}},
        issue_case{"comma_list",
                   methods({"PUT,DELETE"}),
                   {kind::invalid_method, "allowed_methods[0]", "PUT,DELETE", token_method}},
        issue_case{"connect",
                   methods({"CONNECT"}),
                   {kind::forbidden_method, "allowed_methods[0]", "CONNECT",
                    "browsers never send CONNECT from scripts (Fetch: forbidden method)"}},
        issue_case{"trace_lower_case",
                   methods({"PUT", "trace"}),
                   {kind::forbidden_method, "allowed_methods[1]", "trace",
                    "browsers never send TRACE from scripts (Fetch: forbidden method)"}},
        issue_case{"track_mixed_case",
                   methods({"TrAcK"}),
                   {kind::forbidden_method, "allowed_methods[0]", "TrAcK",
                    "browsers never send TRACK from scripts (Fetch: forbidden method)"}},
        issue_case{"duplicate",
                   methods({"PUT", "PATCH", "PUT"}),
                   {kind::duplicate_entry, "allowed_methods[2]", "PUT", once}},
        // The value is the entry as written ("put"), not its normalized copy.
        issue_case{"duplicate_after_normalization",
                   methods({"PUT", "put"}),
                   {kind::duplicate_entry, "allowed_methods[1]", "put", once}},
        issue_case{"duplicate_other_method_same_case",
                   methods({"patch", "patch"}),
                   {kind::duplicate_entry, "allowed_methods[1]", "patch", once}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    request_headers, config_issue_table,
    ::testing::Values(
        issue_case{"not_a_token",
                   headers({"Content-Type", "X Custom"}),
                   {kind::invalid_header_name, "allowed_headers[1]", "X Custom", token_header}},
        issue_case{"empty",
                   headers({""}),
                   {kind::invalid_header_name, "allowed_headers[0]", "", token_header}},
        issue_case{"colon",
                   headers({"X-Custom:"}),
                   {kind::invalid_header_name, "allowed_headers[0]", "X-Custom:", token_header}},
        issue_case{"comma_list",
                   headers({"content-type,x-custom"}),
                   {kind::invalid_header_name, "allowed_headers[0]", "content-type,x-custom",
                    token_header}},
        issue_case{"cookie",
                   headers({"Cookie"}),
                   {kind::forbidden_header_name, "allowed_headers[0]", "Cookie",
                    "browsers never let scripts set Cookie (Fetch: forbidden request-header)"}},
        issue_case{"host",
                   headers({"host"}),
                   {kind::forbidden_header_name, "allowed_headers[0]", "host",
                    "browsers never let scripts set host (Fetch: forbidden request-header)"}},
        issue_case{"origin",
                   headers({"Origin"}),
                   {kind::forbidden_header_name, "allowed_headers[0]", "Origin",
                    "browsers never let scripts set Origin (Fetch: forbidden request-header)"}},
        issue_case{"sec_prefix",
                   headers({"Sec-Foo"}),
                   {kind::forbidden_header_name, "allowed_headers[0]", "Sec-Foo",
                    "browsers never let scripts set Sec-Foo (Fetch: forbidden request-header)"}},
        issue_case{"proxy_prefix",
                   headers({"Proxy-Foo"}),
                   {kind::forbidden_header_name, "allowed_headers[0]", "Proxy-Foo",
                    "browsers never let scripts set Proxy-Foo (Fetch: forbidden "
                    "request-header)"}},
        issue_case{"duplicate_other_case",
                   headers({"X-Custom", "Content-Type", "x-custom"}),
                   {kind::duplicate_entry, "allowed_headers[2]", "x-custom", once_names}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    exposed_headers, config_issue_table,
    ::testing::Values(
        issue_case{"wildcard_with_credentials",
                   exposed({"*"}, true),
                   {kind::wildcard_exposed_headers_with_credentials, "exposed_headers[0]", "*",
                    "on credentialed requests browsers read '*' as a header named '*'; list the "
                    "headers to expose"}},
        issue_case{"not_a_token",
                   exposed({"X-Request-Id", "X Trace"}),
                   {kind::invalid_header_name, "exposed_headers[1]", "X Trace", token_header}},
        issue_case{"set_cookie",
                   exposed({"Set-Cookie"}),
                   {kind::forbidden_header_name, "exposed_headers[0]", "Set-Cookie",
                    "browsers never expose Set-Cookie to scripts (Fetch: forbidden "
                    "response-header)"}},
        issue_case{"set_cookie2_lower_case",
                   exposed({"set-cookie2"}),
                   {kind::forbidden_header_name, "exposed_headers[0]", "set-cookie2",
                    "browsers never expose set-cookie2 to scripts (Fetch: forbidden "
                    "response-header)"}},
        issue_case{"duplicate_other_case",
                   exposed({"X-Request-Id", "x-request-id"}),
                   {kind::duplicate_entry, "exposed_headers[1]", "x-request-id", once_names}}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    numbers, config_issue_table,
    ::testing::Values(
        issue_case{"max_age_negative",
                   max_age(-1),
                   {kind::max_age_out_of_range, "max_age_seconds", "-1",
                    "must be 0 (do not cache) to 86400 seconds; Chromium caps it at 7200 "
                    "anyway"}},
        issue_case{"max_age_over_a_day",
                   max_age(86401),
                   {kind::max_age_out_of_range, "max_age_seconds", "86401",
                    "must be 0 (do not cache) to 86400 seconds; Chromium caps it at 7200 "
                    "anyway"}},
        issue_case{"status_201",
                   status(201),
                   {kind::invalid_preflight_status, "preflight_success_status", "201",
                    "a preflight succeeds with 204, or 200 for legacy clients"}},
        issue_case{"status_302",
                   status(302),
                   {kind::invalid_preflight_status, "preflight_success_status", "302",
                    "a preflight succeeds with 204, or 200 for legacy clients"}},
        issue_case{"status_403",
                   status(403),
                   {kind::invalid_preflight_status, "preflight_success_status", "403",
                    "a preflight succeeds with 204, or 200 for legacy clients"}}),
    [](const auto& info) { return std::string(info.param.name); });

// --- configurations that are valid ---------------------------------------------------------------

struct valid_case {
  const char* name;
  cors::config cfg;
};

void PrintTo(const valid_case& c, std::ostream* os) {
  *os << c.name;
}

class valid_config : public ::testing::TestWithParam<valid_case> {};

TEST_P(valid_config, has_no_issue) {
  const std::vector<cors::config_issue> issues = cors::validate(GetParam().cfg);
  EXPECT_TRUE(issues.empty()) << show(issues);
  EXPECT_NO_THROW(cors::policy{GetParam().cfg});
}

cors::config insecure_allowed(std::vector<std::string> entries) {
  cors::config cfg = origins(std::move(entries), true);
  cfg.allow_insecure_origins_with_credentials = true;
  return cfg;
}

cors::config null_only() {
  cors::config cfg;
  cfg.allow_null_origin = true;
  return cfg;
}

cors::config predicate_only() {
  cors::config cfg;
  cfg.origin_predicate = [](std::string_view) { return true; };
  return cfg;
}

cors::config everything() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com", "https://*.example.com", "http://localhost:*"};
  cfg.origin_predicate = [](std::string_view) { return false; };
  cfg.allow_null_origin = true;
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "options"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header", "Authorization"};
  cfg.exposed_headers = {"X-Request-Id", "Content-Length"};
  cfg.allow_credentials = true;
  cfg.max_age_seconds = 7200;
  cfg.allow_private_network = true;
  cfg.preflight_success_status = 200;
  cfg.preflight_passthrough = true;
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  cfg.on_rejection = [](const cors::decision&, std::string_view) {};
  return cfg;
}

INSTANTIATE_TEST_SUITE_P(
    config, valid_config,
    ::testing::Values(
        valid_case{"exact_origins", origins({"https://app.example.com", "http://localhost:8080",
                                             "http://127.0.0.1:3000", "http://[::1]:8080",
                                             "https://[2001:db8::1]"})},
        valid_case{"wildcard", origins({"*"})},
        valid_case{"subdomains", origins({"https://*.example.com"})},
        valid_case{"subdomains_any_port", origins({"https://*.example.com:*"})},
        valid_case{"subdomains_fixed_port", origins({"https://*.example.com:8443"})},
        valid_case{"subdomains_of_a_private_tld", origins({"https://*.internal"})},
        valid_case{"any_port", origins({"http://localhost:*"})},
        valid_case{"pattern_and_its_apex",
                   origins({"https://example.com", "https://*.example.com"})},
        valid_case{"same_suffix_two_ports",
                   origins({"https://*.example.com", "https://*.example.com:8443"})},
        valid_case{"loopback_with_credentials",
                   origins({"http://localhost", "http://localhost:3000", "http://127.0.0.1:8080",
                            "http://[::1]:8080", "http://app.localhost", "http://*.localhost:*",
                            "http://localhost:*", "http://127.0.0.1:*"},
                           true)},
        valid_case{"https_with_credentials",
                   origins({"https://app.example.com", "https://*.example.com"}, true)},
        valid_case{"insecure_allowed_explicitly",
                   insecure_allowed({"http://app.example.com", "http://*.example.com"})},
        valid_case{"null_only", null_only()}, valid_case{"predicate_only", predicate_only()},
        valid_case{"wildcard_methods", methods({"*"})},
        valid_case{"normalized_methods", methods({"get", "Put", "delete", "OPTIONS"})},
        valid_case{"case_differs_outside_the_six", methods({"PATCH", "patch"})},
        valid_case{"extension_method_token", methods({"PROPFIND", "M-SEARCH", "X_CUSTOM!"})},
        valid_case{"wildcard_headers", headers({"*"})},
        valid_case{"wildcard_and_authorization", headers({"*", "Authorization"})},
        valid_case{"safelisted_headers_listed", headers({"Content-Type", "Accept", "Range"})},
        valid_case{"similar_to_forbidden", headers({"X-Sec-Token", "X-Proxy-Id", "Hosts"})},
        valid_case{"wildcard_exposed", exposed({"*"})},
        valid_case{"exposed_with_credentials", exposed({"X-Request-Id"}, true)},
        valid_case{"max_age_zero", max_age(0)}, valid_case{"max_age_600", max_age(600)},
        valid_case{"max_age_a_day", max_age(86400)}, valid_case{"status_200", status(200)},
        valid_case{"status_204", status(204)}, valid_case{"every_option", everything()}),
    [](const auto& info) { return std::string(info.param.name); });

// --- every problem at once --------------------------------------------------------------------

cors::config seven_problems() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com/", "https://*.com", "https://ok.example.com"};
  cfg.allowed_methods = {"PUT", "CONNECT"};
  cfg.allowed_headers = {"Content-Type", "Cookie"};
  cfg.exposed_headers = {"Set-Cookie"};
  cfg.max_age_seconds = 86401;
  cfg.preflight_success_status = 201;
  return cfg;
}

const std::vector<cors::config_issue> seven_issues = {
    {kind::invalid_origin, "allowed_origins[0]", "https://app.example.com/",
     "an origin has no path; remove the trailing '/'"},
    {kind::origin_pattern_too_broad, "allowed_origins[1]", "https://*.com", public_suffix("com")},
    {kind::forbidden_method, "allowed_methods[1]", "CONNECT",
     "browsers never send CONNECT from scripts (Fetch: forbidden method)"},
    {kind::forbidden_header_name, "allowed_headers[1]", "Cookie",
     "browsers never let scripts set Cookie (Fetch: forbidden request-header)"},
    {kind::forbidden_header_name, "exposed_headers[0]", "Set-Cookie",
     "browsers never expose Set-Cookie to scripts (Fetch: forbidden response-header)"},
    {kind::max_age_out_of_range, "max_age_seconds", "86401",
     "must be 0 (do not cache) to 86400 seconds; Chromium caps it at 7200 anyway"},
    {kind::invalid_preflight_status, "preflight_success_status", "201",
     "a preflight succeeds with 204, or 200 for legacy clients"},
};

void expect_issues(const std::vector<cors::config_issue>& actual,
                   const std::vector<cors::config_issue>& expected) {
  ASSERT_EQ(actual.size(), expected.size()) << show(actual);
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_TRUE(same(actual[i], expected[i]))
        << "issue " << i << ": expected" << show({expected[i]}) << "\nactual" << show({actual[i]});
}

TEST(validation, reports_every_problem_at_once_in_field_order) {
  expect_issues(cors::validate(seven_problems()), seven_issues);
}

TEST(validation, every_issue_is_an_error) {
  for (const cors::config_issue& issue : cors::validate(seven_problems()))
    EXPECT_EQ(issue.severity(), cors::issue_severity::error) << to_string(issue);
  EXPECT_EQ(cors::to_string(cors::issue_severity::error), "error");
  EXPECT_EQ(cors::to_string(cors::issue_severity::warning), "warning");
}

TEST(validation, constructor_throws_every_problem_with_one_line_each) {
  try {
    const cors::policy p(seven_problems());
    FAIL() << "no config_error";
  } catch (const cors::config_error& e) {
    expect_issues(e.issues(), seven_issues);
    EXPECT_EQ(std::string(e.what()),
              "invalid CORS configuration (7 problems):\n"
              "  allowed_origins[0] 'https://app.example.com/': an origin has no path; remove "
              "the trailing '/'\n"
              "  allowed_origins[1] 'https://*.com': 'com' is a public suffix: anyone can "
              "register a domain under it; allow your own domain's subdomains instead, e.g. "
              "'https://*.example.com'\n"
              "  allowed_methods[1] 'CONNECT': browsers never send CONNECT from scripts (Fetch: "
              "forbidden method)\n"
              "  allowed_headers[1] 'Cookie': browsers never let scripts set Cookie (Fetch: "
              "forbidden request-header)\n"
              "  exposed_headers[0] 'Set-Cookie': browsers never expose Set-Cookie to scripts "
              "(Fetch: forbidden response-header)\n"
              "  max_age_seconds '86401': must be 0 (do not cache) to 86400 seconds; Chromium "
              "caps it at 7200 anyway\n"
              "  preflight_success_status '201': a preflight succeeds with 204, or 200 for "
              "legacy clients");
  }
}

TEST(validation, config_error_is_an_invalid_argument) {
  EXPECT_THROW(cors::policy{origins({})}, std::invalid_argument);
}

TEST(validation, several_problems_in_one_list_are_all_reported) {
  const auto issues = cors::validate(
      origins({"https://a.example.com/", "null", "https://a.example.com", "https://a.example.com",
               "http://b.example.com", "https://*", "https://*.co.uk"},
              true));
  expect_issues(issues,
                {
                    {kind::invalid_origin, "allowed_origins[0]", "https://a.example.com/",
                     "an origin has no path; remove the trailing '/'"},
                    {kind::null_origin_listed, "allowed_origins[1]", "null",
                     "any sandboxed iframe or file: page sends 'null'; set allow_null_origin "
                     "instead if you mean it"},
                    {kind::duplicate_entry, "allowed_origins[3]", "https://a.example.com", once},
                    {kind::insecure_origin_with_credentials, "allowed_origins[4]",
                     "http://b.example.com", insecure},
                    {kind::origin_pattern_too_broad, "allowed_origins[5]", "https://*", every_host},
                    {kind::origin_pattern_too_broad, "allowed_origins[6]", "https://*.co.uk",
                     public_suffix("co.uk")},
                });
}

TEST(validation, wildcard_with_credentials_and_others_gives_both_issues) {
  expect_issues(cors::validate(origins({"*", "https://app.example.com"}, true)),
                {
                    {kind::wildcard_origin_with_credentials, "allowed_origins[0]", "*",
                     "browsers refuse 'Access-Control-Allow-Origin: *' on credentialed "
                     "requests; list the origins, or turn allow_credentials off"},
                    {kind::wildcard_origin_with_other_entries, "allowed_origins[0]", "*",
                     "'*' already allows every origin; remove the other entries and the "
                     "predicate"},
                });
}

TEST(validation, wildcard_with_predicate_is_an_issue) {
  cors::config cfg = origins({"*"});
  cfg.origin_predicate = [](std::string_view) { return true; };
  expect_issues(cors::validate(cfg),
                {{kind::wildcard_origin_with_other_entries, "allowed_origins[0]", "*",
                  "'*' already allows every origin; remove the other entries and the "
                  "predicate"}});
}

// Fetch, "forbidden request-header": browsers never let a script set these, in any case.
TEST(validation, every_forbidden_request_header_name_is_refused) {
  const char* const forbidden[] = {"Accept-Charset",
                                   "Accept-Encoding",
                                   "Access-Control-Request-Headers",
                                   "Access-Control-Request-Method",
                                   "Access-Control-Request-Private-Network",
                                   "Connection",
                                   "Content-Length",
                                   "Cookie",
                                   "Cookie2",
                                   "Date",
                                   "DNT",
                                   "Expect",
                                   "Host",
                                   "Keep-Alive",
                                   "Origin",
                                   "Referer",
                                   "Set-Cookie",
                                   "TE",
                                   "Trailer",
                                   "Transfer-Encoding",
                                   "Upgrade",
                                   "Via",
                                   "Proxy-Authorization",
                                   "Proxy-Connection",
                                   "proxy-",
                                   "Sec-Fetch-Mode",
                                   "SEC-CH-UA",
                                   "sec-",
                                   "cookie",
                                   "HOST"};
  for (const char* name : forbidden) {
    const auto issues = cors::validate(headers({name}));
    ASSERT_EQ(issues.size(), 1u) << name;
    EXPECT_EQ(issues[0].kind, kind::forbidden_header_name) << name;
    EXPECT_EQ(issues[0].value, name);
    EXPECT_EQ(issues[0].message, "browsers never let scripts set " + std::string(name) +
                                     " (Fetch: forbidden request-header)");
  }
}

// Only the names of forbidden response headers are refused for exposure; request-only names
// such as Cookie are ordinary response header names.
TEST(validation, exposing_other_names_is_fine) {
  EXPECT_TRUE(cors::validate(exposed({"Content-Length", "Cookie", "Date", "ETag", "X-Request-Id"}))
                  .empty());
}

// The "'*' already allows every origin" issue is found once the whole list has been read, so it
// comes after the issues of the entries, with the index of the "*".
TEST(validation, wildcard_conflict_is_reported_after_the_entries) {
  expect_issues(cors::validate(origins({"*", "https://a.example.com/"})),
                {
                    {kind::invalid_origin, "allowed_origins[1]", "https://a.example.com/",
                     "an origin has no path; remove the trailing '/'"},
                    {kind::wildcard_origin_with_other_entries, "allowed_origins[0]", "*",
                     "'*' already allows every origin; remove the other entries and the "
                     "predicate"},
                });
}

TEST(validation, insecure_origins_pass_without_credentials) {
  EXPECT_TRUE(cors::validate(origins({"http://app.example.com", "http://*.example.com",
                                      "http://example.com:*"}))
                  .empty());
}

// --- the non-throwing way -----------------------------------------------------------------------

TEST(policy_create, returns_the_policy_and_no_issues) {
  const cors::policy_or_issues p = cors::policy::create(valid());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(static_cast<bool>(p));
  EXPECT_TRUE(p.issues().empty());
  EXPECT_EQ(p->configuration().allowed_origins,
            std::vector<std::string>{"https://app.example.com"});
  EXPECT_EQ(p.value().configuration().allowed_origins, p->configuration().allowed_origins);
}

TEST(policy_create, returns_every_issue_without_throwing) {
  std::optional<cors::policy_or_issues> p;
  EXPECT_NO_THROW(p.emplace(cors::policy::create(seven_problems())));
  EXPECT_FALSE(p->ok());
  expect_issues(p->issues(), seven_issues);
}

TEST(policy_create, value_without_a_policy_throws_the_issues) {
  const cors::policy_or_issues p = cors::policy::create(seven_problems());
  try {
    (void)p.value();
    ADD_FAILURE() << "value() returned without a policy";
  } catch (const cors::config_error& error) {
    expect_issues(error.issues(), seven_issues);
  }
}

TEST(policy_create, agrees_with_validate) {
  for (const cors::config& cfg : {origins({}), origins({"*"}, true), methods({"TRACE", ""}),
                                  max_age(-5), status(500), valid()}) {
    const cors::policy_or_issues p = cors::policy::create(cfg);
    const auto expected = cors::validate(cfg);
    EXPECT_EQ(p.ok(), expected.empty());
    expect_issues(p.issues(), expected);
  }
}

// --- configuration() is the config as given ------------------------------------------------------

TEST(configuration, round_trips_with_the_six_fetch_methods_upper_cased) {
  cors::config cfg = everything();
  cfg.allowed_methods = {"get", "Head", "post", "put", "delete", "options", "patch", "Propfind"};
  const cors::policy p(cfg);
  const cors::config& back = p.configuration();
  EXPECT_EQ(back.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST", "PUT", "DELETE",
                                                            "OPTIONS", "patch", "Propfind"}));
  EXPECT_EQ(back.allowed_origins, cfg.allowed_origins);
  EXPECT_EQ(back.allowed_headers, cfg.allowed_headers);  // case kept
  EXPECT_EQ(back.exposed_headers, cfg.exposed_headers);
  EXPECT_EQ(back.allow_credentials, cfg.allow_credentials);
  EXPECT_EQ(back.allow_null_origin, cfg.allow_null_origin);
  EXPECT_EQ(back.max_age_seconds, cfg.max_age_seconds);
  EXPECT_EQ(back.allow_private_network, cfg.allow_private_network);
  EXPECT_EQ(back.preflight_success_status, cfg.preflight_success_status);
  EXPECT_EQ(back.preflight_passthrough, cfg.preflight_passthrough);
  EXPECT_EQ(back.rejected_preflight_answer, cfg.rejected_preflight_answer);
  EXPECT_TRUE(static_cast<bool>(back.origin_predicate));
  EXPECT_TRUE(static_cast<bool>(back.on_rejection));
}

TEST(configuration, defaults_are_the_documented_ones) {
  const cors::config cfg;
  EXPECT_TRUE(cfg.allowed_origins.empty());
  EXPECT_FALSE(static_cast<bool>(cfg.origin_predicate));
  EXPECT_FALSE(cfg.allow_null_origin);
  EXPECT_TRUE(cfg.allowed_methods.empty());
  EXPECT_TRUE(cfg.allowed_headers.empty());
  EXPECT_TRUE(cfg.exposed_headers.empty());
  EXPECT_FALSE(cfg.allow_credentials);
  EXPECT_FALSE(cfg.allow_insecure_origins_with_credentials);
  EXPECT_FALSE(cfg.max_age_seconds.has_value());
  EXPECT_FALSE(cfg.allow_private_network);
  EXPECT_EQ(cfg.preflight_success_status, 204);
  EXPECT_FALSE(cfg.preflight_passthrough);
  EXPECT_EQ(cfg.rejected_preflight_answer, cors::rejected_preflight_response::forbidden);
  EXPECT_FALSE(static_cast<bool>(cfg.on_rejection));
  // The default config allows nothing, so it is not a policy.
  EXPECT_EQ(cors::validate(cfg).size(), 1u);
}

TEST(configuration, policies_are_copies_of_one_state) {
  const cors::policy p(valid());
  const cors::policy copy = p;  // NOLINT: the copy is the point
  EXPECT_EQ(&p.configuration(), &copy.configuration());
}

// --- names of the enumerations ----------------------------------------------------------------

TEST(config_issue_kind, every_kind_has_its_name) {
  const std::pair<kind, std::string_view> names[] = {
      {kind::no_allowed_origin, "no_allowed_origin"},
      {kind::invalid_origin, "invalid_origin"},
      {kind::null_origin_listed, "null_origin_listed"},
      {kind::origin_pattern_too_broad, "origin_pattern_too_broad"},
      {kind::wildcard_origin_with_credentials, "wildcard_origin_with_credentials"},
      {kind::insecure_origin_with_credentials, "insecure_origin_with_credentials"},
      {kind::invalid_method, "invalid_method"},
      {kind::forbidden_method, "forbidden_method"},
      {kind::invalid_header_name, "invalid_header_name"},
      {kind::forbidden_header_name, "forbidden_header_name"},
      {kind::wildcard_exposed_headers_with_credentials,
       "wildcard_exposed_headers_with_credentials"},
      {kind::duplicate_entry, "duplicate_entry"},
      {kind::max_age_out_of_range, "max_age_out_of_range"},
      {kind::invalid_preflight_status, "invalid_preflight_status"},
  };
  for (const auto& [k, name] : names) EXPECT_EQ(cors::to_string(k), name);
}

TEST(config_issue_text, quotes_the_value_when_there_is_one) {
  EXPECT_EQ(cors::to_string(cors::config_issue{kind::duplicate_entry, "allowed_methods[1]", "PUT",
                                               "listed more than once"}),
            "allowed_methods[1] 'PUT': listed more than once");
  EXPECT_EQ(cors::to_string(cors::config_issue{kind::no_allowed_origin, "allowed_origins", "",
                                               "no origin is allowed"}),
            "allowed_origins: no origin is allowed");
}

}  // namespace
