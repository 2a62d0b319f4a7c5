// cors-doctor against the project's own cors-demo-server under several policies: what the
// library answers, judged the way a browser judges it.
#include <gtest/gtest.h>

#include "support.hpp"

namespace {

namespace dt = cors::doctor_tests;

const std::string origin = "http://app.localhost:3000";
const std::string pre = "Response to preflight request doesn't pass access control check: ";
const std::string no_acao =
    "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

struct row {
  std::string name;
  std::vector<std::string> policy;  // cors-demo-server's flags
  std::vector<std::string> args;    // cors-doctor's, besides URL and --origin
  int exit_status;
  std::string message;  // empty when allowed
};

const std::vector<std::string> listed = {"--allow-origin",   origin,
                                         "--allow-methods",  "GET,POST,PUT,DELETE",
                                         "--allow-headers",  "Content-Type,X-Custom-Header",
                                         "--expose-headers", "X-Request-Id",
                                         "--max-age",        "600"};

std::vector<std::string> with(std::vector<std::string> flags, std::vector<std::string> more) {
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

std::vector<row> rows() {
  return {
      {"simple_get", listed, {}, 0, ""},
      {"json_post",
       listed,
       {"--method", "POST", "--header", "Content-Type: application/json", "--header",
        "X-Custom-Header: 1"},
       0,
       ""},
      {"header_not_listed_403", listed, {"--header", "X-Other: 1"}, 1, pre + no_acao},
      {"method_not_listed_403", listed, {"--method", "PATCH"}, 1, pre + no_acao},
      {"debug_names_the_header",
       with(listed, {"--debug-preflight"}),
       {"--header", "X-Other: 1"},
       1,
       "Request header field x-other is not allowed by Access-Control-Allow-Headers in preflight "
       "response."},
      {"debug_names_lower_case_patch",
       {"--allow-origin", origin, "--allow-methods", "PUT,PATCH", "--debug-preflight"},
       {"--method", "patch"},
       1,
       "Method patch is not allowed by Access-Control-Allow-Methods in preflight response."},
      {"preflight_status_200",
       with(listed, {"--preflight-status", "200"}),
       {"--method", "PUT"},
       0,
       ""},
      {"credentials_not_allowed",
       listed,
       {"--credentials"},
       1,
       "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which "
       "must be 'true' when the request's credentials mode is 'include'."},
      {"credentials_allowed",
       with(listed, {"--allow-credentials"}),
       {"--credentials", "--method", "PUT", "--header", "X-Custom-Header: 1"},
       0,
       ""},
      {"wildcard_refuses_credentials",
       {"--allow-origin", "*"},
       {"--credentials"},
       1,
       "The value of the 'Access-Control-Allow-Origin' header in the response must not be the "
       "wildcard '*' when the request's credentials mode is 'include'."},
      {"other_origin", listed, {}, 1, no_acao},  // --origin replaced below
  };
}

TEST(doctor_demo_server, the_librarys_answers_get_the_browsers_verdict) {
  for (const row& r : rows()) {
    SCOPED_TRACE(r.name);
    const dt::demo_server server(r.policy);
    const std::string page = r.name == "other_origin" ? "http://evil.localhost:3000" : origin;
    std::vector<std::string> args = {server.url("/data"), "--origin", page};
    args.insert(args.end(), r.args.begin(), r.args.end());
    const dt::finished f = dt::doctor(args);
    EXPECT_EQ(f.exit_status, r.exit_status) << f.out << f.err;
    if (r.message.empty()) {
      EXPECT_NE(f.out.find("== Verdict: ALLOWED"), std::string::npos) << f.out;
    } else {
      EXPECT_NE(f.out.find("Access to fetch at '" + server.url("/data") + "' from origin '" + page +
                           "' has been blocked by CORS policy: " + r.message + "\n"),
                std::string::npos)
          << f.out;
    }
  }
}

TEST(doctor_demo_server, exposed_headers_are_readable_and_the_others_hidden) {
  const dt::demo_server server(listed);
  const dt::finished f = dt::doctor({server.url("/data"), "--origin", origin});
  ASSERT_EQ(f.exit_status, 0) << f.out;
  EXPECT_NE(f.out.find("Readable by script: x-request-id, content-type, content-length\n"),
            std::string::npos)
      << f.out;
  EXPECT_NE(f.out.find("Hidden from script: server, access-control-allow-origin, "
                       "access-control-expose-headers, vary\n"),
            std::string::npos)
      << f.out;
}

// --browser: whose verdict decides and whose message is printed; every engine is in the JSON.
// A refused preflight is a 403 without CORS headers, which WebKit reports by its status.
TEST(doctor_demo_server, each_browser_gets_its_own_message) {
  const dt::demo_server server(listed);
  const std::string url = server.url("/data");
  const std::vector<std::string> request = {url, "--origin", origin, "--method", "PATCH"};
  const auto with_browser = [&](std::vector<std::string> more) {
    std::vector<std::string> args = request;
    args.insert(args.end(), more.begin(), more.end());
    return dt::doctor(args);
  };
  const dt::finished firefox = with_browser({"--browser", "firefox"});
  EXPECT_EQ(firefox.exit_status, 1) << firefox.out;
  EXPECT_NE(firefox.out.find(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
                "resource at " +
                url +
                ". (Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status "
                "code: 403.\n"),
            std::string::npos)
      << firefox.out;
  const dt::finished safari = with_browser({"--browser", "safari"});
  EXPECT_EQ(safari.exit_status, 1) << safari.out;
  EXPECT_NE(safari.out.find("Preflight response is not successful. Status code: 403\nFetch API "
                            "cannot load " +
                            url + " due to access control checks.\n"),
            std::string::npos)
      << safari.out;
  // Chromium's verdict, with a line for the engine that reports another check.
  const dt::finished chromium = with_browser({});
  EXPECT_EQ(chromium.exit_status, 1);
  EXPECT_NE(chromium.out.find("The other engines see it otherwise (--browser all shows each in "
                              "full):\n  - WebKit (Safari): blocked: Preflight response is not "
                              "successful. Status code: 403\n"),
            std::string::npos)
      << chromium.out;
  const dt::finished all = with_browser({"--browser", "all", "--json"});
  EXPECT_EQ(all.exit_status, 1);
  EXPECT_NE(all.out.find("\"browser\": \"all\""), std::string::npos) << all.out;
  for (const std::string engine : {"chromium", "firefox", "webkit"})
    EXPECT_NE(all.out.find("\"" + engine + "\": {"), std::string::npos) << engine << all.out;
  const dt::finished unknown = with_browser({"--browser", "chrome"});
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(
      unknown.err.find("--browser 'chrome': give chromium, firefox, safari (or webkit), or all"),
      std::string::npos)
      << unknown.err;
}

}  // namespace
