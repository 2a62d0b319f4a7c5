// Policy files: every option read into cors::config, and every problem reported with its exact
// line, column and message, the configuration's own issues at the entry they name.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cors/policy_file.hpp"

namespace {

// Every line build() reports for `json`, as describe() writes it.
std::vector<std::string> problems(const std::string& json) {
  const cors::policy_file file = cors::policy_file::parse(json, "policy.json");
  std::vector<std::string> lines;
  for (const cors::file_issue& issue : file.build().issues) lines.push_back(file.describe(issue));
  return lines;
}

struct problem_row {
  const char* name;
  std::string json;
  std::vector<std::string> expected;
};

// What ctest shows after a row's name ("# GetParam() = ..."): the case's name, not the row's
// 64 bytes, which differ from run to run.
void PrintTo(const problem_row& row, std::ostream* out) {
  *out << row.name;
}

class file_problems : public testing::TestWithParam<problem_row> {};

TEST_P(file_problems, are_reported_at_their_position) {
  EXPECT_EQ(problems(GetParam().json), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    policy_file, file_problems,
    testing::Values(
        problem_row{"config_issue_at_the_entry",
                    "{\n"
                    "  \"allowed_origins\": [\n"
                    "    \"https://a.example.com\",\n"
                    "    \"https://b.example.com\",\n"
                    "    \"https://app.example.com/\"\n"
                    "  ]\n"
                    "}\n",
                    {"policy.json:5:5: allowed_origins[2] 'https://app.example.com/': an origin "
                     "has no path; remove the trailing '/'"}},
        problem_row{"every_problem_at_once_in_file_order",
                    "{\"allowed_origins\": [\"https://*.com\", \"null\"],\n"
                    " \"allowed_methods\": [\"CONNECT\"], \"max_age_seconds\": 86401}",
                    {"policy.json:1:22: allowed_origins[0] 'https://*.com': 'com' is a public "
                     "suffix: anyone can register a domain under it; allow your own domain's "
                     "subdomains instead, e.g. 'https://*.example.com'",
                     "policy.json:1:39: allowed_origins[1] 'null': any sandboxed iframe or file: "
                     "page sends 'null'; set allow_null_origin instead if you mean it",
                     "policy.json:2:22: allowed_methods[0] 'CONNECT': browsers never send CONNECT "
                     "from scripts (Fetch: forbidden method)",
                     "policy.json:2:53: max_age_seconds '86401': must be 0 (do not cache) to "
                     "86400 seconds; Chromium caps it at 7200 anyway"}},
        problem_row{"escaped_quotes_do_not_move_the_position",
                    R"({"allowed_origins": ["a\"b\\", "https://x.example.com:443"]})",
                    {"policy.json:1:22: allowed_origins[0] 'a\"b\\x5c': an origin starts with a "
                     "scheme and '://', e.g. 'https://'",
                     "policy.json:1:32: allowed_origins[1] 'https://x.example.com:443': browsers "
                     "omit the scheme's default port, so this never matches; remove the port"}},
        problem_row{"missing_origins_at_the_object",
                    "\n  {\"allowed_methods\": [\"PUT\"]}",
                    {"policy.json:2:3: allowed_origins: no origin is allowed; list origins, '*', "
                     "or set an origin_predicate"}},
        problem_row{"empty_origins_at_the_list",
                    "{\"allowed_origins\": []}",
                    {"policy.json:1:21: allowed_origins: no origin is allowed; list origins, '*', "
                     "or set an origin_predicate"}},
        problem_row{"unknown_key_with_suggestion",
                    "{\"allowed_origins\": [\"*\"], \"allowedMethods\": [\"PUT\"]}",
                    {"policy.json:1:28: allowedMethods: not a policy option; did you mean "
                     "'allowed_methods'?"}},
        problem_row{"unknown_key_with_typo",
                    "{\"allowed_origins\": [\"*\"], \"max_age_second\": 5}",
                    {"policy.json:1:28: max_age_second: not a policy option; did you mean "
                     "'max_age_seconds'?"}},
        problem_row{"unknown_key_without_suggestion",
                    "{\"allowed_origins\": [\"*\"], \"routes\": {\"a\": [1, {}]}}",
                    {"policy.json:1:28: routes: not a policy option"}},
        problem_row{"duplicate_key",
                    "{\"allowed_origins\": [\"*\"],\n \"allow_credentials\": false,\n"
                    " \"allow_credentials\": true}",
                    {"policy.json:3:2: allow_credentials: given twice (first at 2:2); keep one"}},
        problem_row{"list_of_the_wrong_type",
                    "{\"allowed_origins\": \"https://a.example.com\"}",
                    {"policy.json:1:1: allowed_origins: no origin is allowed; list origins, '*', "
                     "or set an origin_predicate",
                     "policy.json:1:21: allowed_origins: expected an array of strings, not a "
                     "string"}},
        problem_row{
            "entries_of_the_wrong_type_keep_their_index",
            "{\"allowed_origins\": [1, null, [\"x\"], {}, true, \"https://a.example.com/\"]}",
            {"policy.json:1:22: allowed_origins[0]: expected a string, not a number",
             "policy.json:1:25: allowed_origins[1]: expected a string, not null",
             "policy.json:1:31: allowed_origins[2]: expected a string, not an array",
             "policy.json:1:38: allowed_origins[3]: expected a string, not an object",
             "policy.json:1:42: allowed_origins[4]: expected a string, not true or false",
             "policy.json:1:48: allowed_origins[5] 'https://a.example.com/': an origin "
             "has no path; remove the trailing '/'"}},
        problem_row{"booleans_and_integers",
                    "{\"allowed_origins\": [\"*\"], \"allow_credentials\": \"yes\",\n"
                    " \"max_age_seconds\": 1.5, \"preflight_success_status\": [204],\n"
                    " \"preflight_passthrough\": 1}",
                    {"policy.json:1:49: allow_credentials: expected true or false, not a string",
                     "policy.json:2:21: max_age_seconds: expected an integer, not a fractional "
                     "number",
                     "policy.json:2:54: preflight_success_status: expected an integer, not an "
                     "array",
                     "policy.json:3:27: preflight_passthrough: expected true or false, not a "
                     "number"}},
        problem_row{"integers_beyond_int",
                    "{\"allowed_origins\": [\"*\"], \"max_age_seconds\": -99999999999,\n"
                    " \"preflight_success_status\": 18446744073709551615}",
                    {"policy.json:1:47: max_age_seconds '-99999999999': must be 0 (do not cache) "
                     "to 86400 seconds",
                     "policy.json:2:30: preflight_success_status '18446744073709551615': a "
                     "preflight succeeds with 204, or 200 for legacy clients"}},
        problem_row{"rejected_preflight_answer_choice",
                    "{\"allowed_origins\": [\"*\"], \"rejected_preflight_answer\": \"debug\"}",
                    {"policy.json:1:57: rejected_preflight_answer 'debug': expected \"forbidden\" "
                     "or \"partial_headers\""}},
        problem_row{"syntax_error_with_its_position",
                    "{\n  \"allowed_origins\": [\"https://a.example.com\",]\n}",
                    {"policy.json:2:47: syntax error while parsing value - unexpected ']'; "
                     "expected '[', '{', or a literal"}},
        problem_row{"trailing_content",
                    "{\"allowed_origins\": [\"*\"]} {}",
                    {"policy.json:1:28: syntax error while parsing value - unexpected '{'; "
                     "expected end of input"}},
        problem_row{"empty_file",
                    "",
                    {"policy.json:1:1: syntax error while parsing value - unexpected end of "
                     "input; expected '[', '{', or a literal"}},
        problem_row{"invalid_utf8_is_escaped",
                    "{\"allowed_origins\": [\"\xff\"]}",
                    {"policy.json:1:23: syntax error while parsing value - invalid string: "
                     "ill-formed UTF-8 byte; last read: '\"\\xff'"}},
        problem_row{"unknown_key_with_control_bytes_is_escaped",
                    std::string("{\"al\x7fwed_origins\": [], \"x\\u0000y\": 1, "
                                "\"allowed_origins\": [\"https://a.example.com\"]}"),
                    {"policy.json:1:2: al\\x7fwed_origins: not a policy option; did you mean "
                     "'allowed_origins'?",
                     "policy.json:1:24: x\\x00y: not a policy option"}},
        problem_row{"root_not_an_object",
                    "  [\"https://a.example.com\"]",
                    {"policy.json:1:3: a policy file is one JSON object, e.g. "
                     "{\"allowed_origins\": [\"https://app.example.com\"]}"}},
        problem_row{"too_deep",
                    "{\"x\": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}",
                    {"policy.json:1:2: x: not a policy option",
                     "policy.json:1:22: nested deeper than 16 levels; a policy file needs two"}}),
    [](const testing::TestParamInfo<problem_row>& row) { return std::string(row.param.name); });

TEST(policy_file, reads_every_option) {
  const cors::policy_file file = cors::policy_file::parse(R"({
    "$schema": "https://example.com/cors-policy.schema.json",
    "allowed_origins": ["https://app.example.com", "https://*.example.com"],
    "allow_null_origin": true,
    "allowed_methods": ["GET", "PUT"],
    "allowed_headers": ["Content-Type"],
    "exposed_headers": ["X-Request-Id"],
    "allow_credentials": true,
    "allow_insecure_origins_with_credentials": true,
    "max_age_seconds": 600,
    "allow_private_network": true,
    "preflight_success_status": 200,
    "preflight_passthrough": true,
    "rejected_preflight_answer": "partial_headers"
  })",
                                                          "policy.json");
  EXPECT_TRUE(file.issues().empty());
  const cors::config& cfg = file.configuration();
  EXPECT_EQ(cfg.allowed_origins,
            (std::vector<std::string>{"https://app.example.com", "https://*.example.com"}));
  EXPECT_TRUE(cfg.allow_null_origin);
  EXPECT_EQ(cfg.allowed_methods, (std::vector<std::string>{"GET", "PUT"}));
  EXPECT_EQ(cfg.allowed_headers, (std::vector<std::string>{"Content-Type"}));
  EXPECT_EQ(cfg.exposed_headers, (std::vector<std::string>{"X-Request-Id"}));
  EXPECT_TRUE(cfg.allow_credentials);
  EXPECT_TRUE(cfg.allow_insecure_origins_with_credentials);
  EXPECT_EQ(cfg.max_age_seconds, 600);
  EXPECT_TRUE(cfg.allow_private_network);
  EXPECT_EQ(cfg.preflight_success_status, 200);
  EXPECT_TRUE(cfg.preflight_passthrough);
  EXPECT_EQ(cfg.rejected_preflight_answer, cors::rejected_preflight_response::partial_headers);
  const cors::built_policy built = file.build();
  ASSERT_TRUE(built.policy.has_value());
  EXPECT_TRUE(built.issues.empty());
}

TEST(policy_file, defaults_where_the_file_is_silent) {
  const cors::policy_file file =
      cors::policy_file::parse(R"({"allowed_origins": ["*"], "max_age_seconds": null})", "p");
  const cors::config& cfg = file.configuration();
  EXPECT_FALSE(cfg.max_age_seconds.has_value());
  EXPECT_FALSE(cfg.allow_credentials);
  EXPECT_EQ(cfg.preflight_success_status, 204);
  EXPECT_EQ(cfg.rejected_preflight_answer, cors::rejected_preflight_response::forbidden);
  EXPECT_TRUE(file.build().policy.has_value());
}

TEST(policy_file, the_program_adds_callbacks_before_building) {
  cors::policy_file file = cors::policy_file::parse(R"({"allowed_methods": ["PUT"]})", "p");
  file.configuration().origin_predicate = [](std::string_view) { return true; };
  EXPECT_TRUE(file.build().policy.has_value());
}

TEST(policy_file, lint_warnings_are_positioned) {
  const cors::policy_file file = cors::policy_file::parse(
      "{\"allowed_origins\": [\"*\"],\n \"allowed_methods\": [\"GET\", \"patch\"]}", "p.json");
  std::vector<std::string> lines;
  for (const cors::file_issue& issue : file.lint()) lines.push_back(file.describe(issue));
  EXPECT_EQ(lines,
            (std::vector<std::string>{
                "p.json:2:22: allowed_methods[0] 'GET': GET, HEAD and POST are always allowed "
                "(CORS-safelisted); listing them changes nothing",
                "p.json:2:29: allowed_methods[1] 'patch': fetch() sends 'patch' exactly as "
                "written, so a page sending the usual upper-case form is refused; list the "
                "method as pages send it"}));
  EXPECT_TRUE(file.build().policy.has_value());
}

// A reload moves the file's configuration into the policy (std::move(file).build()): the same
// issues at the same positions, and a policy that answers as the copying build's does.
TEST(policy_file, building_from_an_rvalue_moves_the_configuration) {
  const std::string json =
      "{\"allowed_origins\": [\"https://app.example.com\", \"https://*.tenant.example\"],\n"
      " \"allowed_methods\": [\"PUT\"], \"max_age_seconds\": 600}";
  cors::policy_file file = cors::policy_file::parse(json, "p.json");
  const cors::built_policy copied = file.build();
  const cors::built_policy moved = std::move(file).build();
  ASSERT_TRUE(copied.policy.has_value());
  ASSERT_TRUE(moved.policy.has_value());
  EXPECT_TRUE(moved.issues.empty());
  EXPECT_EQ(moved.policy->configuration().allowed_origins,
            (std::vector<std::string>{"https://app.example.com", "https://*.tenant.example"}));
  EXPECT_EQ(moved.policy->configuration().max_age_seconds, 600);
  const std::pair<const char*, bool> origins[] = {{"https://app.example.com", true},
                                                  {"https://a.tenant.example", true},
                                                  {"https://tenant.example", false},
                                                  {"https://evil.example", false}};
  for (const auto& [origin, allowed] : origins) {
    cors::request_view preflight;
    preflight.method = "OPTIONS";
    preflight.origin = origin;
    preflight.access_control_request_method = "PUT";
    const cors::decision from_copy = copied.policy->evaluate(preflight);
    const cors::decision from_move = moved.policy->evaluate(preflight);
    EXPECT_EQ(from_move.allowed(), allowed) << origin;
    EXPECT_EQ(from_copy.allowed(), allowed) << origin;
    EXPECT_EQ(from_move.reason(), from_copy.reason()) << origin;
    EXPECT_EQ(moved.policy->explain(from_move), copied.policy->explain(from_copy)) << origin;
  }
  // A file with problems: the same lines, at the same positions, either way.
  cors::policy_file bad = cors::policy_file::parse(
      "{\"allowed_origins\": [\"https://ok.example\",\n  \"https://app.example.com/\"]}", "p.json");
  const cors::built_policy bad_copied = bad.build();
  const std::string name = bad.name();
  const cors::built_policy bad_moved = std::move(bad).build();
  EXPECT_FALSE(bad_moved.policy.has_value());
  ASSERT_EQ(bad_moved.issues.size(), 1U);
  EXPECT_EQ(cors::to_string(bad_moved.issues[0], name),
            cors::to_string(bad_copied.issues[0], name));
  EXPECT_EQ(bad_moved.issues[0].line, 2U);
  EXPECT_EQ(bad_moved.issues[0].column, 3U);
}

TEST(policy_file, size_limit_is_checked_before_parsing) {
  const cors::policy_file file =
      cors::policy_file::parse(R"({"allowed_origins": ["*"]})", "big.json", 10);
  ASSERT_EQ(file.issues().size(), 1U);
  EXPECT_EQ(file.issues()[0].kind, cors::file_issue_kind::too_large);
  EXPECT_EQ(file.describe(file.issues()[0]),
            "big.json: the file is larger than the limit of 10 bytes");
}

TEST(policy_file, reads_files_and_names_what_went_wrong) {
  const std::string path = testing::TempDir() + "cors_policy_file_test.json";
  std::ofstream(path) << R"({"allowed_origins": ["https://app.example.com"]})";
  const cors::policy_file good = cors::policy_file::read(path);
  EXPECT_TRUE(good.build().policy.has_value());
  EXPECT_EQ(good.name(), path);
  EXPECT_FALSE(cors::policy_file::read(path, 20).build().policy.has_value());
  std::remove(path.c_str());

  const cors::policy_file missing = cors::policy_file::read(path);
  ASSERT_EQ(missing.issues().size(), 1U);
  EXPECT_EQ(missing.issues()[0].kind, cors::file_issue_kind::unreadable);
  EXPECT_EQ(missing.describe(missing.issues()[0]),
            path + ": cannot open: No such file or directory");

  const cors::policy_file directory = cors::policy_file::read(testing::TempDir());
  ASSERT_EQ(directory.issues().size(), 1U);
  EXPECT_EQ(directory.issues()[0].kind, cors::file_issue_kind::unreadable);
  EXPECT_EQ(directory.describe(directory.issues()[0]),
            testing::TempDir() + ": cannot read: Is a directory");
}

}  // namespace
