// cors-doctor against a real nginx: the classic nginx CORS snippet as it is usually pasted, its
// broken variants, and the fixed one. Each row starts nginx with its configuration and asserts
// the doctor's exit status and the exact console line Chromium prints.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace {

namespace dt = cors::doctor_tests;

const std::string origin = "https://app.client.internal";
const std::string pre = "Response to preflight request doesn't pass access control check: ";
const std::string no_acao =
    "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

// The snippet as it circulates: CORS headers on the preflight only.
const std::string seed_snippet = R"(
    location / {
      if ($request_method = 'OPTIONS') {
        add_header 'Access-Control-Allow-Origin' 'https://app.client.internal';
        add_header 'Access-Control-Allow-Methods' 'GET, POST, PUT, DELETE, OPTIONS';
        add_header 'Access-Control-Allow-Headers' 'Content-Type, X-Custom-Header';
        add_header 'Access-Control-Max-Age' 600;
        return 204;
      }
      return 200 '{"ok":true}';
    })";

// OPTIONS is not intercepted: the static handler answers it 405, and add_header without
// 'always' adds nothing to a 405.
const std::string not_intercepted = R"(
    root {dir}/html;
    location / {
      add_header 'Access-Control-Allow-Origin' 'https://app.client.internal';
      add_header 'Access-Control-Allow-Methods' 'GET, POST, PUT, DELETE, OPTIONS';
      add_header 'Access-Control-Allow-Headers' 'Content-Type, X-Custom-Header';
    })";

// The same with 'always': the 405 now carries the CORS headers.
const std::string always_on_405 = R"(
    root {dir}/html;
    location / {
      add_header 'Access-Control-Allow-Origin' 'https://app.client.internal' always;
      add_header 'Access-Control-Allow-Methods' 'GET, POST, PUT, DELETE, OPTIONS' always;
      add_header 'Access-Control-Allow-Headers' 'Content-Type, X-Custom-Header' always;
    })";

// A location's add_header lines are replaced, not extended, by those of an 'if' inside it:
// the preflight branch repeats the origin.
std::string fixed_with(const std::string& allow_headers, bool vary = true) {
  const std::string vary_line = vary ? "add_header 'Vary' 'Origin' always;" : "";
  return R"(
    location / {
      add_header 'Access-Control-Allow-Origin' 'https://app.client.internal' always;
      )" +
         vary_line +
         R"(
      if ($request_method = 'OPTIONS') {
        add_header 'Access-Control-Allow-Origin' 'https://app.client.internal';
        )" +
         vary_line +
         R"(
        add_header 'Access-Control-Allow-Methods' 'GET, POST, PUT, DELETE, OPTIONS';
        add_header 'Access-Control-Allow-Headers' ')" +
         allow_headers + R"(';
        add_header 'Access-Control-Max-Age' 600;
        return 204;
      }
      return 200 '{"ok":true}';
    })";
}

const std::string wildcard_with_credentials = R"(
    location / {
      add_header 'Access-Control-Allow-Origin' '*' always;
      add_header 'Access-Control-Allow-Credentials' 'true' always;
      if ($request_method = 'OPTIONS') {
        add_header 'Access-Control-Allow-Origin' '*';
        add_header 'Access-Control-Allow-Credentials' 'true';
        add_header 'Access-Control-Allow-Methods' 'GET, POST, PUT, DELETE, OPTIONS';
        add_header 'Access-Control-Allow-Headers' 'Content-Type, X-Custom-Header';
        return 204;
      }
      return 200 '{"ok":true}';
    })";

// A trailing-slash redirect that catches OPTIONS too.
const std::string redirect_on_options = R"(
    location = /api {
      return 301 http://127.0.0.1:{port}/api/;
    })" + fixed_with("Content-Type, X-Custom-Header");

// A proxy layer and the application each add the header.
const std::string two_layers = R"(
    location / {
      add_header 'Access-Control-Allow-Origin' 'https://app.client.internal' always;
      add_header 'Access-Control-Allow-Origin' $http_origin always;
      return 200 '{"ok":true}';
    })";

const std::vector<std::string> json_post = {"--method", "POST",
                                            "--header", "Content-Type: application/json",
                                            "--header", "X-Custom-Header: 1"};

struct row {
  std::string name;
  std::string config;
  std::vector<std::string> args;  // besides URL and --origin
  int exit_status;
  std::string message;  // Chromium's, after "blocked by CORS policy: "; empty when allowed
};

std::vector<row> rows() {
  return {
      {"seed_snippet_actual_response_lacks_allow_origin", seed_snippet, json_post, 1, no_acao},
      {"seed_snippet_simple_get", seed_snippet, {}, 1, no_acao},
      {"seed_snippet_method_not_listed",
       seed_snippet,
       {"--method", "PATCH"},
       1,
       "Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response."},
      {"options_not_intercepted_405", not_intercepted, {"--method", "PUT"}, 1, pre + no_acao},
      {"always_on_the_405",
       always_on_405,
       {"--method", "PUT"},
       1,
       pre + "It does not have HTTP ok status."},
      {"header_missing_from_allow_headers", fixed_with("Content-Type"), json_post, 1,
       "Request header field x-custom-header is not allowed by Access-Control-Allow-Headers in "
       "preflight response."},
      {"wildcard_with_credentials_preflight",
       wildcard_with_credentials,
       {"--method", "PUT", "--credentials"},
       1,
       pre + "The value of the 'Access-Control-Allow-Origin' header in the response must not be "
             "the wildcard '*' when the request's credentials mode is 'include'."},
      {"wildcard_with_credentials_simple",
       wildcard_with_credentials,
       {"--credentials"},
       1,
       "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
       "wildcard '*' when the request's credentials mode is 'include'."},
      {"wildcard_without_credentials", wildcard_with_credentials, json_post, 0, ""},
      {"redirect_on_options",
       redirect_on_options,
       {"--method", "PUT"},
       1,
       pre + "Redirect is not allowed for a preflight request."},
      {"two_layers_two_values",
       two_layers,
       {},
       1,
       "The 'Access-Control-Allow-Origin' header contains multiple values "
       "'https://app.client.internal, https://app.client.internal', but only one is allowed. "
       "Have the server send the header with a valid value."},
      {"fixed_config", fixed_with("Content-Type, X-Custom-Header"), json_post, 0, ""},
      {"fixed_config_simple_get", fixed_with("Content-Type, X-Custom-Header"), {}, 0, ""},
  };
}

std::string console_line(const std::string& url, const std::string& message) {
  return "Access to fetch at '" + url + "' from origin '" + origin +
         "' has been blocked by CORS policy: " + message + "\n";
}

TEST(doctor_nginx, every_variant_gets_the_browsers_verdict_and_message) {
  REQUIRE_NGINX();
  for (const row& r : rows()) {
    SCOPED_TRACE(r.name);
    const dt::nginx server(r.config);
    std::vector<std::string> args = {server.url("/api"), "--origin", origin};
    args.insert(args.end(), r.args.begin(), r.args.end());
    const dt::finished f = dt::doctor(args);
    EXPECT_EQ(f.exit_status, r.exit_status) << f.out << f.err;
    if (r.message.empty()) {
      EXPECT_NE(f.out.find("== Verdict: ALLOWED, the page can read the response (status 200)\n"),
                std::string::npos)
          << f.out;
      EXPECT_EQ(f.out.find("blocked by CORS policy"), std::string::npos) << f.out;
    } else {
      EXPECT_NE(f.out.find(console_line(server.url("/api"), r.message)), std::string::npos)
          << f.out;
    }
    EXPECT_EQ(f.err, "");
  }
}

TEST(doctor_nginx, the_seed_snippet_passes_the_preflight_and_fails_on_the_actual_response) {
  REQUIRE_NGINX();
  const dt::nginx server(seed_snippet);
  std::vector<std::string> args = {server.url("/api"), "--origin", origin};
  args.insert(args.end(), json_post.begin(), json_post.end());
  const dt::finished f = dt::doctor(args);
  ASSERT_EQ(f.exit_status, 1) << f.out;
  // The preflight nginx received is the browser's: lower-case, sorted names, no spaces.
  const std::vector<std::string> log = server.access_log(2);
  ASSERT_EQ(log.size(), 2u) << f.out;
  EXPECT_EQ(log[0],
            "OPTIONS /api acrm=\"POST\" acrh=\"content-type,x-custom-header\" "
            "origin=\"https://app.client.internal\"");
  EXPECT_EQ(log[1], "POST /api acrm=\"-\" acrh=\"-\" origin=\"https://app.client.internal\"");
  EXPECT_NE(f.out.find("< HTTP/1.1 204 No Content\n"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("< {\"ok\":true}\n"), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("== Verdict: BLOCKED, the browser does not let the page read the "
                       "response\nThe preflight passed; Chromium caches its result for 600 s.\n"),
            std::string::npos)
      << f.out;
  EXPECT_NE(f.out.find("Cause: The POST response (200) has no Access-Control-Allow-Origin, "
                       "although the preflight's had one"),
            std::string::npos)
      << f.out;
  EXPECT_NE(f.out.find("With this library: Add \"https://app.client.internal\" to "
                       "config.allowed_origins, and pass every response through the policy"),
            std::string::npos)
      << f.out;
}

TEST(doctor_nginx, json_output_carries_the_exchanges_and_the_verdict) {
  REQUIRE_NGINX();
  const dt::nginx server(seed_snippet);
  std::vector<std::string> args = {server.url("/api"), "--origin", origin, "--json"};
  args.insert(args.end(), json_post.begin(), json_post.end());
  const dt::finished f = dt::doctor(args);
  ASSERT_EQ(f.exit_status, 1) << f.out;
  nlohmann::json json;
  ASSERT_NO_THROW(json = nlohmann::json::parse(f.out)) << f.out;
  EXPECT_EQ(json.at("verdict"), "blocked");
  EXPECT_EQ(json.at("standard_verdict"), "blocked");
  EXPECT_EQ(json.at("exit_status"), 1);
  EXPECT_EQ(json.at("method"), "POST");
  EXPECT_EQ(json.at("error").at("check"), "allow_origin_missing");
  EXPECT_EQ(json.at("error").at("response"), "actual");
  EXPECT_EQ(json.at("error").at("message"), no_acao);
  EXPECT_EQ(json.at("error").at("console_line").get<std::string>() + "\n",
            console_line(server.url("/api"), no_acao));
  EXPECT_EQ(json.at("preflight").at("response").at("status"), 204);
  EXPECT_EQ(json.at("actual").at("response").at("status"), 200);
  EXPECT_EQ(json.at("actual").at("response").at("body"), "{\"ok\":true}");
  EXPECT_EQ(json.at("preflight_cache_seconds"), 600);
  std::vector<std::string> sent;
  for (const auto& header : json.at("preflight").at("request").at("headers"))
    sent.push_back(header.at("name").get<std::string>() + ": " +
                   header.at("value").get<std::string>());
  EXPECT_EQ(
      sent,
      (std::vector<std::string>{
          "Host: " + server.url("").substr(7), "Accept: */*", "Access-Control-Request-Method: POST",
          "Access-Control-Request-Headers: content-type,x-custom-header",
          "Origin: https://app.client.internal", "User-Agent: cors-doctor/0.1.0",
          "Sec-Fetch-Mode: cors", "Sec-Fetch-Site: cross-site", "Sec-Fetch-Dest: empty"}));
}

TEST(doctor_nginx, a_missing_vary_is_noted_without_blocking) {
  REQUIRE_NGINX();
  const dt::nginx server(fixed_with("Content-Type, X-Custom-Header", false));
  const dt::finished f = dt::doctor({server.url("/api"), "--origin", origin});
  EXPECT_EQ(f.exit_status, 0) << f.out;
  EXPECT_NE(f.out.find("  - the response names the origin in Access-Control-Allow-Origin "
                       "without Vary: Origin"),
            std::string::npos)
      << f.out;
}

// Chromium lets Authorization through Access-Control-Allow-Headers: *, the Fetch Standard does
// not: the doctor exits with Chromium's verdict, says where the standard differs, and --strict
// makes the standard's verdict count.
TEST(doctor_nginx, authorization_under_a_wildcard_follows_chromium_unless_strict) {
  REQUIRE_NGINX();
  const dt::nginx server(R"(
    location / {
      add_header 'Access-Control-Allow-Origin' '*' always;
      if ($request_method = 'OPTIONS') {
        add_header 'Access-Control-Allow-Origin' '*';
        add_header 'Access-Control-Allow-Headers' '*';
        return 204;
      }
      return 200 '{"ok":true}';
    })");
  const std::vector<std::string> args = {server.url("/api"), "--origin", origin, "--header",
                                         "Authorization: Bearer t0ken"};
  const dt::finished chromium = dt::doctor(args);
  EXPECT_EQ(chromium.exit_status, 0) << chromium.out;
  EXPECT_NE(chromium.out.find("== The Fetch Standard blocks it: Chromium 156 lets it through, "
                              "browsers that follow the standard do not\n" +
                              console_line(server.url("/api"),
                                           "Request header field authorization is not allowed by "
                                           "Access-Control-Allow-Headers in preflight response.")),
            std::string::npos)
      << chromium.out;
  std::vector<std::string> strict = args;
  strict.push_back("--strict");
  EXPECT_EQ(dt::doctor(strict).exit_status, 1);
}

// TLS: a self-signed certificate made by the test. Verification is on by default.
class doctor_tls : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_NGINX();
    server_ = std::make_unique<dt::nginx>(fixed_with("Content-Type, X-Custom-Header"), true);
  }
  std::string url(const std::string& host) const {
    return "https://" + host + ":" + std::to_string(server_->port()) + "/api";
  }
  // The doctor with SSL_CERT_FILE naming the test's certificate, as if it were trusted.
  dt::finished trusting(std::vector<std::string> args) const {
    ::setenv("SSL_CERT_FILE", (server_->dir() / "cert.pem").c_str(), 1);
    dt::finished f = dt::doctor(std::move(args));
    ::unsetenv("SSL_CERT_FILE");
    return f;
  }
  std::unique_ptr<dt::nginx> server_;
};

TEST_F(doctor_tls, an_untrusted_certificate_is_a_network_error) {
  const dt::finished f = dt::doctor({url("127.0.0.1"), "--origin", origin});
  EXPECT_EQ(f.exit_status, 3) << f.out;
  EXPECT_EQ(f.err, "cors-doctor: TLS handshake with 127.0.0.1:" + std::to_string(server_->port()) +
                       " failed: certificate verify failed: self-signed certificate "
                       "(certificates are verified against the system's trust store; "
                       "--insecure skips the check)\n");
  EXPECT_NE(f.out.find("== Network error\n"), std::string::npos) << f.out;
}

TEST_F(doctor_tls, insecure_skips_the_verification) {
  const dt::finished f =
      dt::doctor({url("127.0.0.1"), "--origin", origin, "--insecure", "--method", "PUT"});
  EXPECT_EQ(f.exit_status, 0) << f.out << f.err;
  EXPECT_NE(f.out.find("== Verdict: ALLOWED"), std::string::npos) << f.out;
}

TEST_F(doctor_tls, a_trusted_certificate_must_name_the_host) {
  const dt::finished good = trusting({url("localhost"), "--origin", origin});
  EXPECT_EQ(good.exit_status, 0) << good.out << good.err;
  // The certificate names localhost, not 127.0.0.1.
  const dt::finished wrong = trusting({url("127.0.0.1"), "--origin", origin});
  EXPECT_EQ(wrong.exit_status, 3) << wrong.out;
  EXPECT_NE(wrong.err.find("certificate verify failed: IP address mismatch"), std::string::npos)
      << wrong.err;
}

}  // namespace
