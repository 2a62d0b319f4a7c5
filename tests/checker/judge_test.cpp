// Whether the browser lets the page read the response, and Chromium's exact console message:
// one row per check of the Fetch Standard's "CORS-preflight fetch" and "CORS check", in the
// order Chromium makes them. The messages are written out here, verbatim, as Chromium prints
// them, independently of the checker's own templates.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "cors/checker.hpp"

namespace {

namespace ck = cors::checker;
using fc = ck::failing_check;
using rk = ck::response_kind;

const std::string origin = "https://app.example.com";
const std::string target = "https://api.example.com/data";
const std::string pre = "Response to preflight request doesn't pass access control check: ";
const std::string no_acao =
    "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const std::string wildcard =
    "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
    "wildcard '*' when the request's credentials mode is 'include'.";

std::string credentials_not_true(const std::string& value) {
  return "The value of the 'Access-Control-Allow-Credentials' header in the response is '" + value +
         "' which must be 'true' when the request's credentials mode is 'include'.";
}
std::string not_equal(const std::string& value) {
  return "The 'Access-Control-Allow-Origin' header has a value '" + value +
         "' that is not equal to the supplied origin. Have the server send the header with a "
         "valid value.";
}
std::string multiple(const std::string& values) {
  return "The 'Access-Control-Allow-Origin' header contains multiple values '" + values +
         "', but only one is allowed. Have the server send the header with a valid value.";
}
std::string invalid(const std::string& value) {
  return "The 'Access-Control-Allow-Origin' header contains the invalid value '" + value +
         "'. Have the server send the header with a valid value.";
}
std::string method_refused(const std::string& method) {
  return "Method " + method +
         " is not allowed by Access-Control-Allow-Methods in preflight "
         "response.";
}
std::string header_refused(const std::string& name) {
  return "Request header field " + name +
         " is not allowed by Access-Control-Allow-Headers in preflight response.";
}

ck::http_response answer(int status, std::vector<ck::header_line> headers) {
  return {status, std::move(headers)};
}
const std::vector<ck::header_line> echo = {{"Access-Control-Allow-Origin", origin},
                                           {"Vary", "Origin"}};
const std::vector<ck::header_line> echo_credentials = {{"Access-Control-Allow-Origin", origin},
                                                       {"Access-Control-Allow-Credentials", "true"},
                                                       {"Vary", "Origin"}};

std::vector<ck::header_line> plus(std::vector<ck::header_line> a,
                                  const std::vector<ck::header_line>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One exchange: the page's request, the server's answers, and what Chromium makes of them.
struct row {
  std::string name;
  std::string method = "GET";
  std::vector<ck::header_line> headers;
  ck::credentials_mode credentials = ck::credentials_mode::same_origin;
  std::optional<ck::http_response> preflight;  // given when the request is preflighted
  ck::http_response actual{200, echo};
  std::optional<fc> check;  // nullopt: allowed
  rk kind = rk::actual;
  std::string message;

  row& sends(std::string m, std::vector<ck::header_line> h = {}) {
    method = std::move(m);
    headers = std::move(h);
    return *this;
  }
  row& with_credentials() {
    credentials = ck::credentials_mode::include;
    return *this;
  }
  row& preflight_answer(int status, std::vector<ck::header_line> h) {
    preflight = ck::http_response{status, std::move(h)};
    return *this;
  }
  row& actual_answer(int status, std::vector<ck::header_line> h) {
    actual = ck::http_response{status, std::move(h)};
    return *this;
  }
  row& blocked(fc c, rk k, std::string m) {
    check = c;
    kind = k;
    message = std::move(m);
    return *this;
  }
};

row when(std::string name) {
  row r;
  r.name = std::move(name);
  return r;
}

std::vector<row> rows() {
  const std::vector<ck::header_line> put_allowed = {{"Access-Control-Allow-Methods", "PUT"}};
  const auto acao = [](std::string value) {
    return std::vector<ck::header_line>{{"Access-Control-Allow-Origin", std::move(value)}};
  };
  const auto methods = [](std::string value) {
    return plus(echo, {{"Access-Control-Allow-Methods", std::move(value)}});
  };
  const auto headers = [](std::string value) {
    return plus(echo, {{"Access-Control-Allow-Headers", std::move(value)}});
  };
  const std::string redirect = pre + "Redirect is not allowed for a preflight request.";
  const std::string not_ok = pre + "It does not have HTTP ok status.";
  const std::string methods_unparsable =
      "Cannot parse Access-Control-Allow-Methods response header field in preflight response.";
  const std::string headers_unparsable =
      "Cannot parse Access-Control-Allow-Headers response header field in preflight response.";
  return {
      // The CORS check on the actual response of a request without preflight.
      when("echoed_origin"),
      when("wildcard_origin").actual_answer(200, acao("*")),
      when("error_status_with_cors_headers_is_readable").actual_answer(503, echo),
      when("missing").actual_answer(200, {}).blocked(fc::allow_origin_missing, rk::actual, no_acao),
      when("two_values_one_line")
          .actual_answer(200, acao("https://a.example, http://127.0.0.1:8080"))
          .blocked(fc::allow_origin_multiple, rk::actual,
                   multiple("https://a.example, http://127.0.0.1:8080")),
      when("two_lines_even_equal_ones")
          .actual_answer(200, plus(acao(origin), acao(origin)))
          .blocked(fc::allow_origin_multiple, rk::actual, multiple(origin + ", " + origin)),
      when("two_wildcards")
          .actual_answer(200, plus(acao("*"), acao("*")))
          .blocked(fc::allow_origin_multiple, rk::actual, multiple("*, *")),
      when("other_origin")
          .actual_answer(200, acao("https://other.example"))
          .blocked(fc::allow_origin_mismatch, rk::actual, not_equal("https://other.example")),
      when("trailing_slash")
          .actual_answer(200, acao(origin + "/"))
          .blocked(fc::allow_origin_mismatch, rk::actual, not_equal(origin + "/")),
      when("upper_case")
          .actual_answer(200, acao("https://APP.example.com"))
          .blocked(fc::allow_origin_mismatch, rk::actual, not_equal("https://APP.example.com")),
      when("null_for_an_origin")
          .actual_answer(200, acao("null"))
          .blocked(fc::allow_origin_mismatch, rk::actual, not_equal("null")),
      when("not_an_origin")
          .actual_answer(200, acao("app.example.com"))
          .blocked(fc::allow_origin_invalid, rk::actual, invalid("app.example.com")),
      when("control_bytes_are_escaped")
          .actual_answer(200, acao("https://x\x01\xe9"))
          .blocked(fc::allow_origin_mismatch, rk::actual, not_equal("https://x\\u0001\\u00E9")),

      // Credentials.
      when("wildcard_with_credentials")
          .with_credentials()
          .actual_answer(200, plus(acao("*"), {{"Access-Control-Allow-Credentials", "true"}}))
          .blocked(fc::allow_origin_wildcard, rk::actual, wildcard),
      when("no_allow_credentials")
          .with_credentials()
          .blocked(fc::allow_credentials, rk::actual, credentials_not_true("")),
      when("allow_credentials_upper_case")
          .with_credentials()
          .actual_answer(200, plus(echo, {{"Access-Control-Allow-Credentials", "TRUE"}}))
          .blocked(fc::allow_credentials, rk::actual, credentials_not_true("TRUE")),
      when("allow_credentials_twice")
          .with_credentials()
          .actual_answer(200,
                         plus(echo_credentials, {{"Access-Control-Allow-Credentials", "true"}}))
          .blocked(fc::allow_credentials, rk::actual, credentials_not_true("true, true")),
      when("credentials_allowed").with_credentials().actual_answer(200, echo_credentials),
      when("same_origin_credentials_are_not_sent_cross_origin").actual_answer(200, acao("*")),

      // The preflight: redirect, then the CORS check, then the status.
      when("preflight_redirect")
          .sends("PUT")
          .preflight_answer(301, plus(echo, {{"Location", "https://api.example.com/data/"}}))
          .blocked(fc::preflight_redirect, rk::preflight, redirect),
      when("preflight_308_without_cors_headers")
          .sends("PUT")
          .preflight_answer(308, {{"Location", "https://api.example.com/data/"}})
          .blocked(fc::preflight_redirect, rk::preflight, redirect),
      when("preflight_3xx_without_location_is_a_status_failure")
          .sends("PUT")
          .preflight_answer(302, plus(echo, put_allowed))
          .blocked(fc::preflight_status, rk::preflight, not_ok),
      when("preflight_405_without_cors_headers")
          .sends("PUT")
          .preflight_answer(405, {})
          .blocked(fc::allow_origin_missing, rk::preflight, pre + no_acao),
      when("preflight_405_with_cors_headers")
          .sends("PUT")
          .preflight_answer(405, plus(echo, put_allowed))
          .blocked(fc::preflight_status, rk::preflight, not_ok),
      when("preflight_origin_checked_before_status")
          .sends("PUT")
          .preflight_answer(405, acao("https://other.example"))
          .blocked(fc::allow_origin_mismatch, rk::preflight,
                   pre + not_equal("https://other.example")),
      when("preflight_two_values")
          .sends("PUT")
          .preflight_answer(204, acao("https://a.example, " + origin))
          .blocked(fc::allow_origin_multiple, rk::preflight,
                   pre + multiple("https://a.example, " + origin)),
      when("preflight_wildcard_with_credentials")
          .sends("PUT")
          .with_credentials()
          .preflight_answer(204, plus(acao("*"), {{"Access-Control-Allow-Methods", "*"}}))
          .blocked(fc::allow_origin_wildcard, rk::preflight, pre + wildcard),
      when("preflight_without_allow_credentials")
          .sends("PUT")
          .with_credentials()
          .preflight_answer(204, plus(echo, put_allowed))
          .blocked(fc::allow_credentials, rk::preflight, pre + credentials_not_true("")),

      // Access-Control-Allow-Methods: byte for byte, '*' only without credentials.
      when("method_listed").sends("PUT").preflight_answer(204, plus(echo, put_allowed)),
      when("method_not_listed")
          .sends("PUT")
          .preflight_answer(204, methods("GET, POST"))
          .blocked(fc::method_not_allowed, rk::preflight, method_refused("PUT")),
      when("method_absent")
          .sends("DELETE")
          .preflight_answer(204, echo)
          .blocked(fc::method_not_allowed, rk::preflight, method_refused("DELETE")),
      when("method_compared_byte_for_byte")
          .sends("PUT")
          .preflight_answer(204, methods("put, patch"))
          .blocked(fc::method_not_allowed, rk::preflight, method_refused("PUT")),
      when("lower_case_patch_is_not_PATCH")
          .sends("patch")
          .preflight_answer(204, methods("PUT,PATCH"))
          .blocked(fc::method_not_allowed, rk::preflight, method_refused("patch")),
      when("lower_case_patch_listed").sends("patch").preflight_answer(204, methods("put, patch")),
      when("method_wildcard").sends("PURGE").preflight_answer(204, methods("*")),
      when("method_wildcard_is_literal_with_credentials")
          .sends("PUT")
          .with_credentials()
          .preflight_answer(204, plus(echo_credentials, {{"Access-Control-Allow-Methods", "*"}}))
          .actual_answer(200, echo_credentials)
          .blocked(fc::method_not_allowed, rk::preflight, method_refused("PUT")),
      when("methods_on_several_lines")
          .sends("DELETE")
          .preflight_answer(204,
                            plus(methods("PUT"), {{"Access-Control-Allow-Methods", " DELETE ,,"}})),
      when("methods_unparsable")
          .sends("PUT")
          .preflight_answer(204, methods("GET, PU T"))
          .blocked(fc::allow_methods_invalid, rk::preflight, methods_unparsable),
      when("methods_parsed_before_headers")
          .sends("PUT", {{"X-A", "1"}})
          .preflight_answer(204, plus(methods("PUT;"), {{"Access-Control-Allow-Headers", "X-A;"}}))
          .blocked(fc::allow_methods_invalid, rk::preflight, methods_unparsable),
      when("method_checked_before_headers")
          .sends("PUT", {{"X-A", "1"}})
          .preflight_answer(204, echo)
          .blocked(fc::method_not_allowed, rk::preflight, method_refused("PUT")),

      // Access-Control-Allow-Headers: case-insensitive, '*' only without credentials.
      when("json_needs_content_type")
          .sends("POST", {{"Content-Type", "application/json"}})
          .preflight_answer(204, echo)
          .blocked(fc::header_not_allowed, rk::preflight, header_refused("content-type")),
      when("first_missing_name_in_sorted_order")
          .sends("GET", {{"X-Other", "2"}, {"X-Custom-Header", "1"}, {"X-Abc", "3"}})
          .preflight_answer(204, headers("X-Custom-Header"))
          .blocked(fc::header_not_allowed, rk::preflight, header_refused("x-abc")),
      when("header_names_any_case_empty_elements")
          .sends("GET", {{"x-CUSTOM-hEaDeR", "1"}, {"X-Other", "2"}})
          .preflight_answer(204, headers("x-custom-header , , X-OTHER")),
      when("headers_unparsable")
          .sends("GET", {{"X-A", "1"}})
          .preflight_answer(204, headers("X-A; X-B"))
          .blocked(fc::allow_headers_invalid, rk::preflight, headers_unparsable),
      when("header_wildcard")
          .sends("GET", {{"X-Anything", "1"}})
          .preflight_answer(204, headers("*")),
      when("header_wildcard_is_literal_with_credentials")
          .sends("GET", {{"X-A", "1"}})
          .with_credentials()
          .preflight_answer(204, plus(echo_credentials, {{"Access-Control-Allow-Headers", "*"}}))
          .actual_answer(200, echo_credentials)
          .blocked(fc::header_not_allowed, rk::preflight, header_refused("x-a")),
      when("authorization_listed_beside_wildcard")
          .sends("GET", {{"Authorization", "Bearer t"}})
          .preflight_answer(204, headers("*, Authorization")),

      // The actual response after a passed preflight: the seed's nginx snippet as written.
      when("preflight_passes_actual_lacks_allow_origin")
          .sends("POST", {{"Content-Type", "application/json"}, {"X-Custom-Header", "1"}})
          .preflight_answer(
              204, plus(echo, {{"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"},
                               {"Access-Control-Allow-Headers", "Content-Type, X-Custom-Header"},
                               {"Access-Control-Max-Age", "600"}}))
          .actual_answer(200, {})
          .blocked(fc::allow_origin_missing, rk::actual, no_acao),
  };
}

ck::page_request page(const row& r) {
  ck::page_request p;
  p.url = target;
  p.origin = origin;
  p.method = r.method;
  p.headers = r.headers;
  p.credentials = r.credentials;
  return p;
}

TEST(judge, every_check_in_chromiums_order_with_its_exact_message) {
  for (const row& r : rows()) {
    SCOPED_TRACE(r.name);
    const ck::request_plan plan = ck::plan_request(page(r));
    ASSERT_EQ(plan.preflight.has_value(), r.preflight.has_value()) << "preflight needed?";
    const ck::verdict v = ck::judge(plan, r.preflight, r.actual);
    EXPECT_TRUE(v.complete);
    if (!r.check) {
      EXPECT_TRUE(v.allowed()) << v.error->console_line;
      EXPECT_TRUE(v.allowed_by_standard());
      continue;
    }
    ASSERT_FALSE(v.allowed());
    EXPECT_EQ(ck::to_string(v.error->check), ck::to_string(*r.check));
    EXPECT_EQ(ck::to_string(v.error->response), ck::to_string(r.kind));
    EXPECT_EQ(v.error->message, r.message);
    EXPECT_EQ(v.error->console_line, "Access to fetch at '" + target + "' from origin '" + origin +
                                         "' has been blocked by CORS policy: " + r.message);
    EXPECT_FALSE(v.error->cause.empty());
    EXPECT_FALSE(v.error->fix.empty());
    EXPECT_FALSE(v.error->library_fix.empty());
    ASSERT_TRUE(v.standard_error.has_value());
    EXPECT_EQ(v.standard_error->message, r.message);
    EXPECT_FALSE(v.differs_from_standard());
  }
}

TEST(judge, chromium_lets_authorization_through_a_wildcard_the_standard_does_not) {
  ck::page_request p;
  p.url = target;
  p.origin = origin;
  p.headers = {{"Authorization", "Bearer t0ken"}, {"X-Custom-Header", "1"}};
  const ck::verdict v = ck::judge(
      p, answer(204, plus(echo, {{"Access-Control-Allow-Headers", "*"}})), answer(200, echo));
  EXPECT_TRUE(v.allowed());
  EXPECT_FALSE(v.allowed_by_standard());
  EXPECT_TRUE(v.differs_from_standard());
  EXPECT_EQ(ck::to_string(v.standard_error->check), "header_not_allowed");
  EXPECT_EQ(v.standard_error->message, header_refused("authorization"));
  EXPECT_EQ(v.standard_error->fix,
            "List Authorization by name in Access-Control-Allow-Headers (e.g. '*, "
            "Authorization').");
  EXPECT_EQ(v.standard_error->library_fix, "Add \"Authorization\" to config.allowed_headers.");

  // When Chromium then blocks the actual response, both verdicts are kept.
  const ck::verdict both = ck::judge(
      p, answer(204, plus(echo, {{"Access-Control-Allow-Headers", "*"}})), answer(200, {}));
  EXPECT_EQ(both.error->message, no_acao);
  EXPECT_EQ(both.standard_error->message, header_refused("authorization"));
  EXPECT_TRUE(both.differs_from_standard());
}

TEST(judge, the_null_origin_of_sandboxed_frames) {
  ck::page_request p;
  p.url = target;
  p.origin = "null";
  EXPECT_TRUE(
      ck::judge(p, std::nullopt, answer(200, {{"Access-Control-Allow-Origin", "null"}})).allowed());
  EXPECT_TRUE(
      ck::judge(p, std::nullopt, answer(200, {{"Access-Control-Allow-Origin", "*"}})).allowed());
  const ck::verdict v = ck::judge(p, std::nullopt, answer(200, echo));
  EXPECT_EQ(v.error->console_line,
            "Access to fetch at '" + target +
                "' from origin 'null' has been blocked by CORS policy: " + not_equal(origin));
  EXPECT_EQ(v.error->library_fix,
            "Set config.allow_null_origin = true (the policy echoes the origin that matched and "
            "adds Vary: Origin).");
}

struct fix_row {
  row exchange;
  std::string fix;
  std::string library_fix;
};

TEST(judge, every_failure_names_a_concrete_fix) {
  const std::vector<fix_row> rows = {
      {when("header")
           .sends("GET", {{"X-Custom-Header", "1"}})
           .preflight_answer(204, plus(echo, {{"Access-Control-Allow-Headers", "Content-Type"}})),
       "Add X-Custom-Header to Access-Control-Allow-Headers.",
       "Add \"X-Custom-Header\" to config.allowed_headers."},
      {when("method").sends("PUT").preflight_answer(204, echo),
       "Add PUT to Access-Control-Allow-Methods.", "Add \"PUT\" to config.allowed_methods."},
      {when("lower_case_method")
           .sends("patch")
           .preflight_answer(204, plus(echo, {{"Access-Control-Allow-Methods", "PATCH"}})),
       "Add patch to Access-Control-Allow-Methods (or have the page send 'PATCH').",
       "Add \"patch\" to config.allowed_methods."},
      {when("wildcard_with_credentials")
           .with_credentials()
           .actual_answer(200, {{"Access-Control-Allow-Origin", "*"}}),
       "Echo the request's origin instead of '*': Access-Control-Allow-Origin: "
       "https://app.example.com, with Access-Control-Allow-Credentials: true and Vary: Origin. "
       "Or make the request without credentials.",
       "Replace \"*\" in config.allowed_origins with \"https://app.example.com\" and set "
       "config.allow_credentials = true."},
      {when("credentials").with_credentials(),
       "Send Access-Control-Allow-Credentials: true on the preflight and on the actual response "
       "(with Access-Control-Allow-Origin: https://app.example.com, never '*'). Or make the "
       "request without credentials.",
       "Set config.allow_credentials = true."},
      {when("mismatch")
           .actual_answer(200, {{"Access-Control-Allow-Origin", "https://other.example"}}),
       "Echo the request's origin when it is allowed: Access-Control-Allow-Origin: "
       "https://app.example.com, with Vary: Origin.",
       "Add \"https://app.example.com\" to config.allowed_origins (the policy echoes the origin "
       "that matched and adds Vary: Origin)."},
      {when("preflight_not_ok")
           .sends("PUT")
           .preflight_answer(405, plus(echo, {{"Access-Control-Allow-Methods", "PUT"}})),
       "Answer the preflight with 204 or 200 (in nginx: if ($request_method = 'OPTIONS') { "
       "return 204; } after the add_header lines).",
       "Let the policy answer preflights itself (with config.preflight_success_status, 204 by "
       "default); under config.preflight_passthrough the application must answer OPTIONS with a "
       "2xx status."},
      {when("preflight_unanswered")
           .sends("PUT", {{"X-Custom-Header", "1"}})
           .preflight_answer(404, {}),
       "Answer OPTIONS /data with 204 and Access-Control-Allow-Origin: https://app.example.com, "
       "Access-Control-Allow-Methods listing PUT, Access-Control-Allow-Headers listing "
       "x-custom-header, before any authentication (a preflight never carries credentials).",
       "Let OPTIONS reach the policy before routing and authentication; add "
       "\"https://app.example.com\" to config.allowed_origins, \"PUT\" to "
       "config.allowed_methods, \"X-Custom-Header\" to config.allowed_headers."},
      {when("preflight_refused").sends("DELETE").preflight_answer(403, {}),
       "Answer OPTIONS /data with 204 and Access-Control-Allow-Origin: https://app.example.com, "
       "Access-Control-Allow-Methods listing DELETE, before any authentication (a preflight "
       "never carries credentials).",
       "Let OPTIONS reach the policy before routing and authentication; add "
       "\"https://app.example.com\" to config.allowed_origins, \"DELETE\" to "
       "config.allowed_methods. A 403 without CORS headers is the policy's own refusal: "
       "config.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers makes "
       "the browser name the check that failed."},
      {when("actual_lacks_allow_origin")
           .sends("PUT")
           .preflight_answer(204, plus(echo, {{"Access-Control-Allow-Methods", "PUT"}}))
           .actual_answer(200, {}),
       "Send Access-Control-Allow-Origin: https://app.example.com on the actual response too, "
       "whatever its status (in nginx: add_header ... always, in the location itself, not only "
       "in the OPTIONS branch).",
       "Add \"https://app.example.com\" to config.allowed_origins, and pass every response "
       "through the policy, not only preflights (cors::beast decorates them all)."},
      {when("redirect")
           .sends("PUT")
           .preflight_answer(301, {{"Location", "https://api.example.com/data/"}}),
       "Answer OPTIONS at https://api.example.com/data itself instead of redirecting it (exempt "
       "OPTIONS from the http-to-https or trailing-slash redirect), or have the page fetch "
       "https://api.example.com/data/ directly.",
       "Put the policy in front of the redirect, so that it answers the preflight itself (it "
       "does unless config.preflight_passthrough is set)."},
  };
  for (const fix_row& r : rows) {
    SCOPED_TRACE(r.exchange.name);
    const ck::verdict v = ck::judge(page(r.exchange), r.exchange.preflight, r.exchange.actual);
    ASSERT_FALSE(v.allowed());
    EXPECT_EQ(v.error->fix, r.fix);
    EXPECT_EQ(v.error->library_fix, r.library_fix);
  }
}

TEST(judge, causes_say_what_the_server_did) {
  ck::page_request p;
  p.url = target;
  p.origin = origin;
  p.method = "PUT";
  const ck::verdict seed = ck::judge(
      p, answer(204, plus(echo, {{"Access-Control-Allow-Methods", "PUT"}})), answer(200, {}));
  EXPECT_EQ(seed.error->cause,
            "The PUT response (200) has no Access-Control-Allow-Origin, although the preflight's "
            "had one: the CORS headers are added to OPTIONS answers only (as in the nginx snippet "
            "that adds them inside if ($request_method = 'OPTIONS')).");
  const ck::verdict lower = ck::judge(
      p, answer(204, plus(echo, {{"Access-Control-Allow-Methods", "put"}})), answer(200, echo));
  EXPECT_EQ(lower.error->cause,
            "The preflight's Access-Control-Allow-Methods is 'put', which does not list PUT; "
            "methods are compared byte for byte: 'put' is not 'PUT'.");
  p.method = "GET";
  const ck::verdict slash = ck::judge(
      p, std::nullopt, answer(200, {{"Access-Control-Allow-Origin", "https://app.example.com/"}}));
  EXPECT_EQ(slash.error->cause,
            "Access-Control-Allow-Origin is 'https://app.example.com/', not the request's origin "
            "'https://app.example.com' (only the trailing slash differs: an origin has none). The "
            "browser compares them byte for byte: scheme, host and port.");
  const ck::verdict scheme = ck::judge(
      p, std::nullopt, answer(200, {{"Access-Control-Allow-Origin", "http://app.example.com"}}));
  EXPECT_NE(scheme.error->cause.find("(only the scheme differs)"), std::string::npos);
}

struct exposure_row {
  std::string name;
  bool credentials;
  std::vector<ck::header_line> headers;  // besides the CORS ones
  std::vector<std::string> readable;
  std::vector<std::string> hidden;
};

TEST(judge, which_response_headers_a_script_can_read) {
  const std::vector<exposure_row> rows = {
      {"safelisted_only",
       false,
       {{"Content-Type", "application/json"}, {"X-Request-Id", "7"}, {"Cache-Control", "no-store"}},
       {"content-type", "cache-control"},
       {"access-control-allow-origin", "access-control-allow-credentials", "vary", "x-request-id"}},
      {"exposed_by_name",
       false,
       {{"X-Request-Id", "7"}, {"Access-Control-Expose-Headers", "x-request-ID, X-Other"}},
       {"x-request-id"},
       {"access-control-allow-origin", "access-control-allow-credentials", "vary",
        "access-control-expose-headers"}},
      {"wildcard_without_credentials",
       false,
       {{"X-Request-Id", "7"}, {"Set-Cookie", "a=1"}, {"Access-Control-Expose-Headers", "*"}},
       {"access-control-allow-origin", "access-control-allow-credentials", "vary", "x-request-id",
        "access-control-expose-headers"},
       {"set-cookie"}},
      {"wildcard_is_literal_with_credentials",
       true,
       {{"X-Request-Id", "7"}, {"Access-Control-Expose-Headers", "*"}},
       {},
       {"access-control-allow-origin", "access-control-allow-credentials", "vary", "x-request-id",
        "access-control-expose-headers"}},
  };
  for (const exposure_row& r : rows) {
    SCOPED_TRACE(r.name);
    ck::page_request p;
    p.url = target;
    p.origin = origin;
    if (r.credentials) p.credentials = ck::credentials_mode::include;
    const ck::verdict v =
        ck::judge(p, std::nullopt, answer(200, plus(echo_credentials, r.headers)));
    ASSERT_TRUE(v.allowed());
    EXPECT_EQ(v.readable_headers, r.readable);
    EXPECT_EQ(v.hidden_headers, r.hidden);
  }
}

struct max_age_row {
  std::optional<std::string> value;
  int seconds;
  std::string note;  // empty: none about max-age
};

TEST(judge, how_long_chromium_caches_a_preflight) {
  const std::vector<max_age_row> rows = {
      {std::nullopt, 5, "no Access-Control-Max-Age: browsers cache this preflight for 5 s only"},
      {"600", 600, ""},
      {"0", 0, ""},
      {"-1", 0, ""},
      {"7200", 7200, ""},
      {"86400", 7200,
       "Access-Control-Max-Age 86400 is more than Chromium keeps: it caches this preflight for "
       "7200 s (Chromium at most 7200 s, Firefox 86400 s, WebKit 600 s)"},
      {"100000", 7200,
       "Access-Control-Max-Age 100000 is more than Chromium keeps: it caches this preflight for "
       "7200 s (Chromium at most 7200 s, Firefox 86400 s, WebKit 600 s)"},
      {"ten", 5,
       "Access-Control-Max-Age 'ten' is not a number of seconds: Chromium caches this preflight "
       "for 5 s (Chromium and WebKit for 5 s, Firefox not at all)"},
      {"600, 600", 5,
       "Access-Control-Max-Age '600, 600' is not a number of seconds: Chromium caches this "
       "preflight for 5 s (Chromium and WebKit for 5 s, Firefox not at all)"},
  };
  for (const max_age_row& r : rows) {
    SCOPED_TRACE(r.value.value_or("(absent)"));
    ck::page_request p;
    p.url = target;
    p.origin = origin;
    p.method = "PUT";
    std::vector<ck::header_line> headers = plus(echo, {{"Access-Control-Allow-Methods", "PUT"}});
    if (r.value) headers.push_back({"Access-Control-Max-Age", *r.value});
    const ck::verdict v = ck::judge(p, answer(204, headers), std::nullopt);
    EXPECT_TRUE(v.allowed());
    EXPECT_FALSE(v.complete);  // the actual response is still to come
    EXPECT_EQ(v.preflight_cache_seconds, r.seconds);
    if (r.note.empty())
      EXPECT_TRUE(v.notes.empty()) << v.notes.front();
    else
      EXPECT_EQ(v.notes, std::vector<std::string>{r.note});
  }
}

TEST(judge, an_echoed_origin_without_vary_is_noted) {
  ck::page_request p;
  p.url = target;
  p.origin = origin;
  const std::string note =
      "the response names the origin in Access-Control-Allow-Origin without Vary: Origin: a "
      "shared cache may serve it to another origin, which then fails now and then; add Vary: "
      "Origin";
  EXPECT_EQ(
      ck::judge(p, std::nullopt, answer(200, {{"Access-Control-Allow-Origin", origin}})).notes,
      std::vector<std::string>{note});
  EXPECT_TRUE(ck::judge(p, std::nullopt,
                        answer(200, {{"Access-Control-Allow-Origin", origin},
                                     {"Vary", "Accept-Encoding"},
                                     {"vary", "origin"}}))
                  .notes.empty());
  EXPECT_TRUE(ck::judge(p, std::nullopt, answer(200, {{"Access-Control-Allow-Origin", "*"}}))
                  .notes.empty());
}

TEST(judge, needs_the_preflight_response_of_a_preflighted_request) {
  ck::page_request p;
  p.url = target;
  p.origin = origin;
  p.method = "PUT";
  EXPECT_THROW(ck::judge(p, std::nullopt, answer(200, echo)), std::invalid_argument);
  // A failed preflight needs no actual response.
  const ck::verdict v = ck::judge(p, answer(403, {}), std::nullopt);
  EXPECT_TRUE(v.complete);
  EXPECT_EQ(v.error->message, pre + no_acao);
}

TEST(judge, same_origin_requests_are_always_readable) {
  ck::page_request p;
  p.url = "https://app.example.com/data";
  p.origin = origin;
  p.method = "PUT";
  p.headers = {{"X-Custom-Header", "1"}};
  const ck::verdict v =
      ck::judge(p, std::nullopt, answer(200, {{"X-Request-Id", "1"}, {"Set-Cookie", "a=b"}}));
  EXPECT_TRUE(v.allowed());
  EXPECT_EQ(v.readable_headers, std::vector<std::string>{"x-request-id"});
  EXPECT_EQ(v.hidden_headers, std::vector<std::string>{"set-cookie"});
}

}  // namespace
