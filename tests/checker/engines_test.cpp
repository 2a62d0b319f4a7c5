// What each engine makes of the same exchange: its verdict, its exact console message and
// lines, and how long it caches a preflight. One row per exchange, with Chromium's, Firefox's
// and WebKit's messages written out verbatim (as the browser suite sees them), independently of
// the checker's templates.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "cors/checker.hpp"

namespace {

namespace ck = cors::checker;
using fc = ck::failing_check;

const std::string origin = "http://app.localhost:8080";
const std::string target = "http://127.0.0.1:9000/data";
const std::string chromium_pre =
    "Response to preflight request doesn't pass access control check: ";
const std::string firefox_line =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
    "http://127.0.0.1:9000/data. ";
const std::string firefox_no_success =
    "\n" + firefox_line + "(Reason: CORS request did not succeed). Status code: (null).";
const std::string webkit_second_line =
    "\nFetch API cannot load http://127.0.0.1:9000/data due to access control checks.";

struct expectation {
  fc check;
  std::string message;
};

struct row {
  std::string name;
  std::string method = "GET";
  std::vector<ck::header_line> headers;
  bool credentials = false;
  std::optional<ck::http_response> preflight;
  ck::http_response actual{200, {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}};
  // nullopt: allowed by that engine.
  std::optional<expectation> chromium, firefox, webkit;
};

std::vector<row> rows() {
  const ck::http_response bare_403{403, {{"Vary", "Origin"}}};
  const ck::http_response full_405{405,
                                   {{"Access-Control-Allow-Origin", "*"},
                                    {"Access-Control-Allow-Methods", "*"},
                                    {"Access-Control-Allow-Headers", "*"}}};
  const auto allow = [](std::vector<ck::header_line> extra) {
    std::vector<ck::header_line> h = {{"Access-Control-Allow-Origin", origin}};
    h.insert(h.end(), extra.begin(), extra.end());
    return ck::http_response{204, h};
  };
  return {
      {"no_allow_origin",
       "GET",
       {},
       false,
       std::nullopt,
       {200, {}},
       expectation{fc::allow_origin_missing,
                   "No 'Access-Control-Allow-Origin' header is present on the requested resource."},
       expectation{fc::allow_origin_missing,
                   "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status "
                   "code: 200."},
       expectation{
           fc::allow_origin_missing,
           "Origin http://app.localhost:8080 is not allowed by Access-Control-Allow-Origin. "
           "Status code: 200"}},
      // A rejected preflight: WebKit reports the status, the others the missing header.
      {"preflight_bare_403",
       "PUT",
       {},
       false,
       bare_403,
       {200, {}},
       expectation{fc::allow_origin_missing,
                   chromium_pre +
                       "No 'Access-Control-Allow-Origin' header is present on the requested "
                       "resource."},
       expectation{fc::allow_origin_missing,
                   "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status "
                   "code: 403."},
       expectation{fc::preflight_status, "Preflight response is not successful. Status code: 403"}},
      {"preflight_405_with_headers",
       "PUT",
       {},
       false,
       full_405,
       {200, {}},
       expectation{fc::preflight_status, chromium_pre + "It does not have HTTP ok status."},
       expectation{fc::preflight_status,
                   "(Reason: CORS preflight response did not succeed). Status code: 405."},
       expectation{fc::preflight_status, "Preflight response is not successful. Status code: 405"}},
      {"preflight_redirect",
       "PUT",
       {},
       false,
       ck::http_response{307, {{"Location", "https://127.0.0.1:9443/data"}}},
       {200, {}},
       expectation{fc::preflight_redirect,
                   chromium_pre + "Redirect is not allowed for a preflight request."},
       expectation{fc::preflight_redirect, "(Reason: CORS request external redirect not allowed)."},
       expectation{fc::preflight_status, "Preflight response is not successful. Status code: 307"}},
      {"wildcard_with_credentials",
       "GET",
       {},
       true,
       std::nullopt,
       {200, {{"Access-Control-Allow-Origin", "*"}}},
       expectation{fc::allow_origin_wildcard,
                   "The value of the 'Access-Control-Allow-Origin' header in the response must not "
                   "be the wildcard '*' when the request's credentials mode is 'include'."},
       expectation{fc::allow_origin_wildcard,
                   "(Reason: Credential is not supported if the CORS header "
                   "\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019)."},
       expectation{fc::allow_origin_wildcard,
                   "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is "
                   "true."}},
      {"credentials_upper_case",
       "GET",
       {},
       true,
       std::nullopt,
       {200,
        {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Credentials", "TRUE"}}},
       expectation{fc::allow_credentials,
                   "The value of the 'Access-Control-Allow-Credentials' header in the response is "
                   "'TRUE' which must be 'true' when the request's credentials mode is 'include'."},
       expectation{fc::allow_credentials,
                   "(Reason: expected \u2018true\u2019 in CORS header "
                   "\u2018Access-Control-Allow-Credentials\u2019)."},
       expectation{fc::allow_credentials,
                   "Credentials flag is true, but Access-Control-Allow-Credentials is not "
                   "\"true\"."}},
      {"other_origin",
       "GET",
       {},
       false,
       std::nullopt,
       {200, {{"Access-Control-Allow-Origin", "http://other.localhost:8080"}}},
       expectation{fc::allow_origin_mismatch,
                   "The 'Access-Control-Allow-Origin' header has a value "
                   "'http://other.localhost:8080' that is not equal to the supplied origin. Have "
                   "the server send the header with a valid value."},
       expectation{fc::allow_origin_mismatch,
                   "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match "
                   "\u2018http://other.localhost:8080\u2019)."},
       expectation{
           fc::allow_origin_mismatch,
           "Origin http://app.localhost:8080 is not allowed by Access-Control-Allow-Origin. "
           "Status code: 200"}},
      {"two_origins_one_line",
       "GET",
       {},
       false,
       std::nullopt,
       {200, {{"Access-Control-Allow-Origin", "http://other.localhost:8080, " + origin}}},
       expectation{fc::allow_origin_multiple,
                   "The 'Access-Control-Allow-Origin' header contains multiple values "
                   "'http://other.localhost:8080, http://app.localhost:8080', but only one is "
                   "allowed. Have the server send the header with a valid value."},
       expectation{fc::allow_origin_multiple,
                   "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match "
                   "\u2018http://other.localhost:8080, http://app.localhost:8080\u2019)."},
       expectation{fc::allow_origin_multiple,
                   "Access-Control-Allow-Origin cannot contain more than one origin."}},
      {"two_origin_lines",
       "GET",
       {},
       false,
       std::nullopt,
       {200, {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Origin", origin}}},
       expectation{fc::allow_origin_multiple,
                   "The 'Access-Control-Allow-Origin' header contains multiple values "
                   "'http://app.localhost:8080, http://app.localhost:8080', but only one is "
                   "allowed. Have the server send the header with a valid value."},
       expectation{fc::allow_origin_multiple,
                   "(Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not "
                   "allowed)."},
       expectation{fc::allow_origin_multiple,
                   "Access-Control-Allow-Origin cannot contain more than one origin."}},
      {"method_not_allowed",
       "PUT",
       {},
       false,
       allow({{"Access-Control-Allow-Methods", "put, patch"}}),
       {200, {}},
       expectation{fc::method_not_allowed,
                   "Method PUT is not allowed by Access-Control-Allow-Methods in preflight "
                   "response."},
       expectation{fc::method_not_allowed,
                   "(Reason: Did not find method in CORS header "
                   "\u2018Access-Control-Allow-Methods\u2019)."},
       expectation{fc::method_not_allowed,
                   "Method PUT is not allowed by Access-Control-Allow-Methods."}},
      // WebKit names the header as the script wrote it; the others in lower case.
      {"header_not_allowed",
       "GET",
       {{"X-Other", "1"}},
       false,
       allow({{"Access-Control-Allow-Headers", "X-Custom-Header"}}),
       {200, {}},
       expectation{fc::header_not_allowed,
                   "Request header field x-other is not allowed by Access-Control-Allow-Headers in "
                   "preflight response."},
       expectation{fc::header_not_allowed,
                   "(Reason: header \u2018x-other\u2019 is not allowed according to header "
                   "\u2018Access-Control-Allow-Headers\u2019 from CORS preflight response)."},
       expectation{fc::header_not_allowed,
                   "Request header field X-Other is not allowed by Access-Control-Allow-Headers."}},
      {"methods_not_tokens",
       "PUT",
       {},
       false,
       allow({{"Access-Control-Allow-Methods", "PUT, GET;"}}),
       {200, {}},
       expectation{fc::allow_methods_invalid,
                   "Cannot parse Access-Control-Allow-Methods response header field in preflight "
                   "response."},
       expectation{fc::allow_methods_invalid,
                   "(Reason: invalid token \u2018GET;\u2019 in CORS header "
                   "\u2018Access-Control-Allow-Methods\u2019)."},
       expectation{fc::allow_methods_invalid,
                   "Header Access-Control-Allow-Methods has an invalid value: PUT, GET;"}},
      // Every engine lets Authorization through '*' (the Fetch Standard does not).
      {"authorization_under_wildcard",
       "GET",
       {{"Authorization", "Bearer t"}},
       false,
       ck::http_response{
           204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}}},
       {200, {{"Access-Control-Allow-Origin", "*"}}},
       std::nullopt,
       std::nullopt,
       std::nullopt},
  };
}

const std::optional<expectation>& expected(const row& r, ck::engine e) {
  return e == ck::engine::chromium ? r.chromium : e == ck::engine::firefox ? r.firefox : r.webkit;
}

ck::page_request request_of(const row& r) {
  ck::page_request request;
  request.url = target;
  request.origin = origin;
  request.method = r.method;
  request.headers = r.headers;
  if (r.credentials) request.credentials = ck::credentials_mode::include;
  return request;
}

TEST(engines, each_engine_gives_its_verdict_and_exact_message) {
  for (const row& r : rows()) {
    for (const ck::engine e : {ck::engine::chromium, ck::engine::firefox, ck::engine::webkit}) {
      SCOPED_TRACE(r.name + " in " + std::string(ck::to_string(e)));
      const ck::verdict v = ck::judge(request_of(r), r.preflight, r.actual, e);
      EXPECT_EQ(v.judged_as, e);
      const std::optional<expectation>& want = expected(r, e);
      ASSERT_EQ(v.allowed(), !want.has_value())
          << (v.error ? v.error->message : std::string("allowed"));
      if (!want) continue;
      EXPECT_EQ(ck::to_string(v.error->check), ck::to_string(want->check));
      EXPECT_EQ(v.error->message, want->message);
    }
  }
}

TEST(engines, console_lines_are_each_engines_own) {
  ck::page_request r;
  r.url = target;
  r.origin = origin;
  r.method = "PUT";
  const ck::http_response bare_403{403, {}};
  const ck::verdict firefox = ck::judge(r, bare_403, std::nullopt, ck::engine::firefox);
  ASSERT_FALSE(firefox.allowed());
  EXPECT_EQ(firefox.error->console_line,
            firefox_line +
                "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status "
                "code: 403." +
                firefox_no_success);
  const ck::verdict webkit = ck::judge(r, bare_403, std::nullopt, ck::engine::webkit);
  ASSERT_FALSE(webkit.allowed());
  EXPECT_EQ(webkit.error->console_line,
            "Preflight response is not successful. Status code: 403" + webkit_second_line);
  // WebKit's message does not say that the headers fail too; the cause does.
  EXPECT_NE(webkit.error->cause.find("there is no Access-Control-Allow-Origin"), std::string::npos)
      << webkit.error->cause;
  const ck::verdict chromium = ck::judge(r, bare_403, std::nullopt);
  ASSERT_FALSE(chromium.allowed());
  EXPECT_EQ(chromium.error->console_line,
            "Access to fetch at 'http://127.0.0.1:9000/data' from origin "
            "'http://app.localhost:8080' has been blocked by CORS policy: " +
                chromium_pre +
                "No 'Access-Control-Allow-Origin' header is present on the requested resource.");
  // A redirected preflight: three lines in Firefox, as the browser suite sees them.
  const ck::verdict redirected =
      ck::judge(r, ck::http_response{307, {{"Location", "http://127.0.0.1:9/elsewhere"}}},
                std::nullopt, ck::engine::firefox);
  ASSERT_FALSE(redirected.allowed());
  EXPECT_EQ(redirected.error->console_line,
            firefox_line + "(Reason: CORS request external redirect not allowed).\n" +
                firefox_line +
                "(Reason: CORS preflight response did not succeed). Status code: 307." +
                firefox_no_success);
  // The one Firefox message that quotes its URL.
  r.method = "GET";
  r.credentials = ck::credentials_mode::include;
  const ck::verdict wildcard =
      ck::judge(r, std::nullopt, ck::http_response{200, {{"Access-Control-Allow-Origin", "*"}}},
                ck::engine::firefox);
  ASSERT_FALSE(wildcard.allowed());
  EXPECT_EQ(wildcard.error->console_line,
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
            "resource at \u2018http://127.0.0.1:9000/data\u2019. (Reason: Credential is not "
            "supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is "
            "\u2018*\u2019).");
}

// Access-Control-Max-Age, per engine: caps, default, negative and unparsable values.
TEST(engines, preflight_cache_seconds) {
  struct cache_row {
    std::optional<std::string> max_age;
    int chromium, firefox, webkit;
  };
  const std::vector<cache_row> cache_rows = {
      {std::nullopt, 5, 5, 5},   {"0", 0, 0, 0},
      {"600", 600, 600, 600},    {"-1", 0, 0, 0},
      {"soon", 5, 0, 5},         {"3600", 3600, 3600, 600},
      {"7201", 7200, 7201, 600}, {"100000", 7200, 86400, 600},
  };
  ck::page_request r;
  r.url = target;
  r.origin = origin;
  r.method = "PUT";
  for (const cache_row& c : cache_rows) {
    std::vector<ck::header_line> headers = {{"Access-Control-Allow-Origin", origin},
                                            {"Access-Control-Allow-Methods", "PUT"}};
    if (c.max_age) headers.push_back({"Access-Control-Max-Age", *c.max_age});
    const ck::http_response preflight{204, headers};
    SCOPED_TRACE(c.max_age.value_or("(none)"));
    EXPECT_EQ(ck::judge(r, preflight, std::nullopt, ck::engine::chromium).preflight_cache_seconds,
              c.chromium);
    EXPECT_EQ(ck::judge(r, preflight, std::nullopt, ck::engine::firefox).preflight_cache_seconds,
              c.firefox);
    EXPECT_EQ(ck::judge(r, preflight, std::nullopt, ck::engine::webkit).preflight_cache_seconds,
              c.webkit);
  }
}

TEST(engines, authorization_under_wildcard_differs_from_the_standard_and_firefox_warns) {
  ck::page_request r;
  r.url = target;
  r.origin = origin;
  r.headers = {{"Authorization", "Bearer t"}};
  const ck::http_response preflight{
      204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}}};
  const ck::http_response actual{200, {{"Access-Control-Allow-Origin", "*"}}};
  for (const ck::engine e : {ck::engine::chromium, ck::engine::firefox, ck::engine::webkit}) {
    const ck::verdict v = ck::judge(r, preflight, actual, e);
    EXPECT_TRUE(v.allowed());
    EXPECT_FALSE(v.allowed_by_standard());
    EXPECT_TRUE(v.differs_from_standard());
    const bool warned = std::any_of(v.notes.begin(), v.notes.end(), [](const std::string& n) {
      return n.find(
                 "(Reason: When the `Access-Control-Allow-Headers` is `*`, the "
                 "`Authorization` header is not covered.") != std::string::npos;
    });
    EXPECT_EQ(warned, e == ck::engine::firefox) << ck::to_string(e);
  }
}

TEST(engines, names) {
  EXPECT_EQ(ck::parse_engine("chromium"), ck::engine::chromium);
  EXPECT_EQ(ck::parse_engine("firefox"), ck::engine::firefox);
  EXPECT_EQ(ck::parse_engine("safari"), ck::engine::webkit);
  EXPECT_EQ(ck::parse_engine("webkit"), ck::engine::webkit);
  EXPECT_EQ(ck::parse_engine("Chrome"), std::nullopt);
  EXPECT_EQ(ck::to_string(ck::engine::webkit), "webkit");
}

}  // namespace
