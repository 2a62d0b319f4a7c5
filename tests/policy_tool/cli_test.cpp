// cors-policy end to end: what check and explain print, and their exit status.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#ifndef CORS_POLICY_TOOL
#error "CORS_POLICY_TOOL must name the cors-policy executable"
#endif

namespace {

struct result {
  int status = -1;
  std::string out;  // stdout, then stderr
};

std::string quoted(const std::string& argument) {
  std::string out = "'";
  for (const char c : argument) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

result run(const std::vector<std::string>& arguments) {
  std::string command = CORS_POLICY_TOOL;
  for (const std::string& argument : arguments) command += " " + quoted(argument);
  command += " 2>&1";
  result r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> chunk{};
  std::size_t got = 0;
  while ((got = fread(chunk.data(), 1, chunk.size(), pipe)) > 0) r.out.append(chunk.data(), got);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A file of this test's own: ctest runs the tests in parallel.
std::string file_with(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() +
                           testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
                           name;
  std::ofstream(path) << text;
  return path;
}

const std::string good = R"({
  "allowed_origins": ["https://app.example.com", "https://*.example.com"],
  "allowed_methods": ["PUT", "DELETE"],
  "allowed_headers": ["Content-Type"],
  "max_age_seconds": 600
})";

TEST(cors_policy_check, a_clean_file_exits_0) {
  const std::string path = file_with("clean.json", good);
  const result r = run({"check", path});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, path + ": OK (2 allowed origins)\n");
}

TEST(cors_policy_check, errors_and_warnings_of_every_file_exit_1) {
  const std::string bad = file_with("bad.json",
                                    "{\"allowed_origins\": [\"https://app.example.com/\"],\n"
                                    " \"allowed_method\": [\"PUT\"]}");
  const std::string warned = file_with("warned.json",
                                       "{\"allowed_origins\": [\"https://app.example.com\"],\n"
                                       " \"allowed_methods\": [\"GET\"]}");
  const std::string clean = file_with("clean.json", good);
  const result r = run({"check", bad, warned, clean});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, bad +
                       ":1:22: allowed_origins[0] 'https://app.example.com/': an origin has no "
                       "path; remove the trailing '/'\n" +
                       bad +
                       ":2:2: allowed_method: not a policy option; did you mean "
                       "'allowed_methods'?\n" +
                       bad + ": 2 errors, 0 warnings\n" + warned +
                       ":2:22: warning: allowed_methods[0] 'GET': GET, HEAD and POST are always "
                       "allowed (CORS-safelisted); listing them changes nothing\n" +
                       warned + ": 0 errors, 1 warning\n" + clean + ": OK (2 allowed origins)\n");
}

TEST(cors_policy_check, json_output_names_every_issue) {
  const std::string bad =
      file_with("bad.json", R"({"allowed_origins": ["*"], "max_age_seconds": -1})");
  const result r = run({"check", "--json", bad});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "{\n"
            "  \"files\": [\n"
            "    {\n"
            "      \"errors\": [\n"
            "        {\n"
            "          \"column\": 47,\n"
            "          \"config_kind\": \"max_age_out_of_range\",\n"
            "          \"field\": \"max_age_seconds\",\n"
            "          \"kind\": \"config\",\n"
            "          \"line\": 1,\n"
            "          \"message\": \"must be 0 (do not cache) to 86400 seconds; Chromium "
            "caps it at 7200 anyway\",\n"
            "          \"text\": \"" +
                bad +
                ":1:47: max_age_seconds '-1': must be 0 (do not cache) to 86400 "
                "seconds; Chromium caps it at 7200 anyway\",\n"
                "          \"value\": \"-1\"\n"
                "        }\n"
                "      ],\n"
                "      \"file\": \"" +
                bad +
                "\",\n"
                "      \"valid\": false,\n"
                "      \"warnings\": []\n"
                "    }\n"
                "  ]\n"
                "}\n");
}

TEST(cors_policy_check, usage_errors_exit_2) {
  EXPECT_EQ(run({}).status, 2);
  EXPECT_EQ(run({"check"}).status, 2);
  EXPECT_EQ(run({"check", "--yaml", "x.json"}).status, 2);
  EXPECT_EQ(run({"lint", "x.json"}).status, 2);
  EXPECT_EQ(run({"--help"}).status, 0);
}

TEST(cors_policy_check, a_missing_file_is_an_issue) {
  const result r = run({"check", "/nonexistent/policy.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "/nonexistent/policy.json: cannot open: No such file or directory\n"
            "/nonexistent/policy.json: 1 error, 0 warnings\n");
}

TEST(cors_policy_explain, an_allowed_preflighted_request) {
  const std::string path = file_with("explain.json", good);
  const result r = run({"explain", path, "--origin", "https://app.example.com", "--method", "PUT",
                        "--header", "Content-Type: application/json"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("answer: 204 (answered by the policy)\n"
                       "  Access-Control-Allow-Origin: https://app.example.com\n"
                       "  Access-Control-Allow-Methods: PUT,DELETE\n"
                       "  Access-Control-Allow-Headers: content-type\n"
                       "  Access-Control-Max-Age: 600\n"
                       "  Vary: Origin\n"
                       "request: PUT https://api.example.com/\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("answer: 200 (from the application)\n"
                       "  Access-Control-Allow-Origin: https://app.example.com\n"
                       "  Vary: Origin\n"
                       "browser: allowed; the page can read the response\n"),
            std::string::npos)
      << r.out;
}

TEST(cors_policy_explain, a_rejected_request_says_why_and_exits_1) {
  const std::string path = file_with("explain.json", good);
  const result r =
      run({"explain", path, "--origin", "https://app.example.com", "--method", "PATCH"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("answer: 403 (answered by the policy)\n"
                       "  Vary: Origin\n"
                       "  why: preflight rejected: method 'PATCH' is not allowed (allowed: GET, "
                       "HEAD, POST, PUT, DELETE)\n"
                       "browser: blocked: Access to fetch at 'https://api.example.com/' from "
                       "origin 'https://app.example.com' has been blocked by CORS policy: "
                       "Response to preflight request doesn't pass access control check: No "
                       "'Access-Control-Allow-Origin' header is present on the requested "
                       "resource.\n"),
            std::string::npos)
      << r.out;
  // The policy's reason is the fix; the browser-side guess at one is not repeated.
  EXPECT_EQ(r.out.find("fix:"), std::string::npos) << r.out;
}

TEST(cors_policy_explain, a_file_with_problems_is_not_explained) {
  const std::string path = file_with("broken.json", "{\"allowed_origins\": 1}");
  const result r = run({"explain", path, "--origin", "https://app.example.com"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, path +
                       ":1:1: allowed_origins: no origin is allowed; list origins, '*', or set an "
                       "origin_predicate\n" +
                       path +
                       ":1:21: allowed_origins: expected an array of strings, not a number\n");
  EXPECT_EQ(run({"explain", path}).status, 2);
  EXPECT_EQ(run({"explain", path, "--origin", "https://a.example", "--method", "CONNECT"}).status,
            2);
}

}  // namespace
