// cors-doctor scan against a real nginx: one vulnerable configuration per misconfiguration
// class, each found with its class and severity and nothing else; the SARIF log of a scan is
// validated against the SARIF 2.1.0 schema.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace {

namespace dt = cors::doctor_tests;

const std::string trusted = "https://app.example.com";

// A location that puts $cors in Access-Control-Allow-Origin, after `check` has set it. nginx
// leaves out a header whose value is empty, so a rejected origin gets none.
std::string location(const std::string& check, bool credentials = true, bool vary = true,
                     const std::string& more = "") {
  return R"(
    location / {
      set $cors "";
      )" +
         check +
         R"(
      add_header Access-Control-Allow-Origin $cors always;
      )" +
         (credentials ? "add_header Access-Control-Allow-Credentials true always;" : "") +
         R"(
      add_header Access-Control-Allow-Methods 'GET, PUT' always;
      add_header Access-Control-Allow-Headers 'Content-Type' always;
      )" +
         (vary ? "add_header Vary Origin always;" : "") + more + R"(
      if ($request_method = OPTIONS) { return 204; }
      return 200 '{"ok":true}';
    })";
}

std::string matching(const std::string& regex) {
  return "if ($http_origin ~ \"" + regex + "\") { set $cors $http_origin; }";
}

const std::string exact =
    "if ($http_origin = \"https://app.example.com\") { set $cors $http_origin; }";

struct row {
  std::string name;
  std::string config;
  std::vector<std::string> args;  // besides URL, --origin https://app.example.com and --json
  std::string found;              // the class
  std::string severity;
  std::string hostile;  // the Origin that got the answer
};

const std::vector<std::string> put_json = {"--method", "PUT", "--header",
                                           "Content-Type: application/json"};

std::vector<row> rows() {
  return {
      {"reflection_with_credentials",
       location("set $cors $http_origin;"),
       {},
       "origin_reflected",
       "critical",
       "https://attacker.example"},
      {"reflection_preflighted", location("set $cors $http_origin;"), put_json, "origin_reflected",
       "critical", "https://attacker.example"},
      {"reflection_without_credentials",
       location("set $cors $http_origin;", false),
       {},
       "origin_reflected",
       "medium",
       "https://attacker.example"},
      {"null_trusted",
       location(exact + " if ($http_origin = \"null\") { set $cors \"null\"; }"),
       {},
       "null_origin",
       "critical",
       "null"},
      {"http_trusted",
       location(matching("^https?://app\\.example\\.com$")),
       {},
       "http_origin",
       "medium",
       "http://app.example.com"},
      {"any_subdomain_with_credentials",
       location(matching("^https://([a-z0-9-]+\\.)*example\\.com$")),
       {},
       "any_subdomain",
       "low",
       "https://cors-doctor-probe.app.example.com"},
      {"unanchored_end_prefix", location(matching("^https://app\\.example\\.com")), put_json,
       "prefix_match", "critical", "https://app.example.com.attacker.example"},
      {"unanchored_start_suffix",
       location(matching("^https://.*example\\.com$")),
       {},
       "suffix_match",
       "critical",
       "https://attackerexample.com"},
      {"unescaped_dot",
       location(matching("^https://app.example\\.com$")),
       {},
       "unescaped_dot",
       "critical",
       "https://appxexample.com"},
      {"no_dot_after_host",
       location(matching("^https://app\\.example\\.com(?!\\.)")),
       {},
       "special_characters",
       "high",
       "https://app.example.com_.attacker.example"},
      {"third_party_hosting",
       location(matching("^https://(app\\.example\\.com|[a-z0-9-]+\\.github\\.io)$")),
       {"--origin", "https://docs.github.io"},
       "third_party_hosting",
       "critical",
       "https://cors-doctor-probe.github.io"},
      {"wildcard_with_credentials",
       location("set $cors \"*\";"),
       {},
       "wildcard_with_credentials",
       "informational",
       "https://app.example.com"},
      {"methods_and_headers_reflected",
       R"(
    location / {
      set $cors "";
      )" + exact +
           R"(
      add_header Access-Control-Allow-Origin $cors always;
      add_header Access-Control-Allow-Credentials true always;
      add_header Access-Control-Allow-Methods $http_access_control_request_method always;
      add_header Access-Control-Allow-Headers $http_access_control_request_headers always;
      add_header Vary Origin always;
      if ($request_method = OPTIONS) { return 204; }
      return 200 '{"ok":true}';
    })",
       put_json, "methods_headers_reflected", "low", "https://app.example.com"},
      {"missing_vary",
       location(exact, true, false),
       {},
       "missing_vary",
       "low",
       "https://app.example.com"},
      {"error_responses_lose_cors_headers",
       R"(
    root {dir}/html;
    location / {
      add_header Access-Control-Allow-Origin 'https://app.example.com';
      add_header Vary Origin;
    })",
       {},
       "error_response_cors",
       "informational",
       "https://app.example.com"},
  };
}

nlohmann::json parse(const std::string& text) {
  return nlohmann::json::parse(text);
}

dt::finished scan(const dt::nginx& server, const std::string& path,
                  const std::vector<std::string>& more) {
  std::vector<std::string> args = {"scan",   server.url(path), "--origin",  trusted,
                                   "--rate", "1000",           "--timeout", "5"};
  args.insert(args.end(), more.begin(), more.end());
  return dt::doctor(args);
}

TEST(doctor_scan_nginx, each_vulnerable_configuration_is_found_with_its_class_and_nothing_else) {
  REQUIRE_NGINX();
  for (const row& r : rows()) {
    SCOPED_TRACE(r.name);
    const dt::nginx server(r.config);
    std::vector<std::string> more = r.args;
    more.push_back("--json");
    const dt::finished f = scan(server, "/api", more);
    EXPECT_EQ(f.exit_status, r.severity == "informational" ? 0 : 1) << f.out << f.err;
    const auto json = parse(f.out);
    const nlohmann::json& url = json.at("urls").at(0);
    std::vector<std::string> found;
    for (const nlohmann::json& finding : url.at("findings"))
      found.push_back(finding.at("class").get<std::string>() + "/" +
                      finding.at("severity").get<std::string>() + " from " +
                      finding.at("hostile_origin").get<std::string>());
    EXPECT_EQ(found, std::vector<std::string>{r.found + "/" + r.severity + " from " + r.hostile})
        << f.out;
    EXPECT_TRUE(url.at("notes").empty()) << f.out;
    EXPECT_LE(url.at("requests_sent").get<int>(), json.at("request_budget_per_url").get<int>());
  }
}

TEST(doctor_scan_nginx, the_text_report_shows_the_exchange_the_reason_and_the_fixes) {
  REQUIRE_NGINX();
  const dt::nginx server(location("set $cors $http_origin;"));
  const dt::finished f = scan(server, "/api", {"--header", "Cookie: session=1"});
  EXPECT_EQ(f.exit_status, 1) << f.err;
  for (const std::string& line : {
           std::string("Note: Cookie is a forbidden request header: fetch() drops it, the "
                       "browser sets it itself\n"),
           std::string("[CRITICAL] origin_reflected: any origin is trusted"),
           std::string("  Hostile origin: https://attacker.example\n"),
           std::string("    > GET /api HTTP/1.1\n    > Origin: https://attacker.example\n"),
           std::string("    < Access-Control-Allow-Origin: https://attacker.example\n"),
           std::string("    < Access-Control-Allow-Credentials: true\n"),
           std::string("  Why: A page at https://attacker.example can read the response with "
                       "credentials: 'include'"),
           std::string("  Fix (nginx): map $http_origin $cors_origin"),
           std::string("  Fix (Apache): SetEnvIf Origin \"^https://app\\.example\\.com$\""),
       })
    EXPECT_NE(f.out.find(line), std::string::npos) << line << "\n" << f.out;
}

TEST(doctor_scan_nginx, fail_on_sets_the_threshold_and_the_rate_limit_spaces_requests) {
  REQUIRE_NGINX();
  const dt::nginx server(location("set $cors $http_origin;", false));  // medium
  EXPECT_EQ(scan(server, "/api", {"--fail-on", "high"}).exit_status, 0);
  EXPECT_EQ(scan(server, "/api", {"--fail-on", "medium"}).exit_status, 1);
  // Only OPTIONS and the named method, and never more requests than the budget.
  const std::size_t before = server.access_log(0).size();
  const auto start = std::chrono::steady_clock::now();
  const dt::finished f =
      dt::doctor({"scan", server.url("/api"), "--origin", trusted, "--method", "PUT", "--header",
                  "Content-Type: application/json", "--rate", "100", "--json"});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const int sent = parse(f.out).at("urls").at(0).at("requests_sent").get<int>();
  const std::vector<std::string> log = server.access_log(before + static_cast<std::size_t>(sent));
  ASSERT_EQ(log.size(), before + static_cast<std::size_t>(sent));
  for (std::size_t i = before; i < log.size(); ++i)
    EXPECT_TRUE(log[i].rfind("OPTIONS ", 0) == 0 || log[i].rfind("PUT ", 0) == 0) << log[i];
  // 100 a second: the n-th request waits at least (n - 1) * 10 ms.
  EXPECT_GE(elapsed, std::chrono::milliseconds(10 * (sent - 1)));
}

TEST(doctor_scan_nginx, help_exits_0_and_the_doctors_help_names_the_scan) {
  const dt::finished scan_help = dt::doctor({"scan", "--help"});
  EXPECT_EQ(scan_help.exit_status, 0);
  EXPECT_EQ(scan_help.out.rfind("Usage: cors-doctor scan URL... --origin TRUSTED", 0), 0u)
      << scan_help.out;
  EXPECT_NE(dt::doctor({"--help"}).out.find("cors-doctor scan --help"), std::string::npos);
}

TEST(doctor_scan_nginx, a_refused_connection_exits_3_and_bad_input_exits_2) {
  const unsigned short port = dt::free_port();
  const dt::finished refused =
      dt::doctor({"scan", "http://127.0.0.1:" + std::to_string(port) + "/", "--origin", trusted});
  EXPECT_EQ(refused.exit_status, 3) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("Connection refused"), std::string::npos) << refused.err;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"scan", "http://127.0.0.1:9/"},
           {"scan", "--origin", trusted},
           {"scan", "http://127.0.0.1:9/", "--origin", "https://app.example.com/"},
           {"scan", "http://127.0.0.1:9/", "--origin", trusted, "--hosting-suffix", "com"},
           {"scan", "http://127.0.0.1:9/", "--origin", trusted, "--fail-on", "severe"},
           {"scan", "http://127.0.0.1:9/", "--origin", trusted, "--rate", "0"},
           {"scan", "http://127.0.0.1:9/", "--origin", trusted, "--json", "--sarif"},
           {"scan", "http://127.0.0.1:9/", "--origin", trusted, "--method", "TRACE"},
       }) {
    const dt::finished f = dt::doctor(args);
    EXPECT_EQ(f.exit_status, 2) << args.back() << "\n" << f.err;
  }
}

// The SARIF log validated against the official SARIF 2.1.0 schema (shipped beside this test)
// by Debian's python3-jsonschema.
TEST(doctor_scan_nginx, the_sarif_log_is_valid_sarif_2_1_0) {
  REQUIRE_NGINX();
  const dt::nginx server(location(matching("^https://app\\.example\\.com"), true, false));
  const dt::finished f = scan(server, "/api", {"--sarif"});
  ASSERT_EQ(f.exit_status, 1) << f.err;
  const dt::temp_dir dir;
  std::ofstream(dir.path() / "scan.sarif") << f.out;
  const dt::finished valid = dt::run(
      {CORS_PYTHON3, CORS_SARIF_VALIDATOR, CORS_SARIF_SCHEMA, (dir.path() / "scan.sarif").string()},
      dir.path(), std::chrono::seconds(30));
  EXPECT_EQ(valid.exit_status, 0) << valid.out << valid.err;
  EXPECT_EQ(valid.out, "valid SARIF 2.1.0: 2 result(s)\n") << valid.err;
  const auto json = parse(f.out);
  std::vector<std::string> rules;
  for (const nlohmann::json& result : json.at("runs").at(0).at("results"))
    rules.push_back(result.at("ruleId").get<std::string>() + "/" +
                    result.at("level").get<std::string>());
  EXPECT_EQ(rules, (std::vector<std::string>{"prefix_match/error", "missing_vary/note"}));
}

}  // namespace
