// Access-Control-Request-Headers: detail::check_request_headers, the bounded single-pass check,
// fed what browsers send, what proxies make of it, and what attackers send.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "header_list.hpp"
#include "requests.hpp"

namespace {

using cors_test::repeat;

using cors::header_field;
using cors::detail::check_request_headers;
using cors::detail::header_list_limits;
using cors::detail::header_list_status;
using cors::detail::header_rule;
using namespace std::string_view_literals;

header_rule listed(std::vector<std::string> lower_case_names) {
  header_rule rule;
  for (const std::string& n : lower_case_names)
    if (n == "authorization") rule.authorization_listed = true;
  rule.names.assign(std::move(lower_case_names));
  return rule;
}

header_rule any(bool authorization_listed = false) {
  header_rule rule;
  rule.any = true;
  rule.authorization_listed = authorization_listed;
  if (authorization_listed) rule.names.assign({"authorization"});
  return rule;
}

const header_rule seed_rule = listed({"content-type", "x-custom-header"});

// --- one line
// -------------------------------------------------------------------------------------

struct list_case {
  const char* name;
  std::string_view value;
  header_list_status status;
  std::string_view offending;  // compared only when status != ok
  std::size_t names;           // compared only when status == ok
};

void PrintTo(const list_case& c, std::ostream* os) {
  *os << c.name;
}

class one_line : public ::testing::TestWithParam<list_case> {};

TEST_P(one_line, against_the_seed_list) {
  const list_case& c = GetParam();
  const auto result = check_request_headers(header_field(c.value), seed_rule);
  EXPECT_EQ(result.status, c.status);
  if (c.status == header_list_status::ok) {
    EXPECT_EQ(result.names, c.names);
  } else {
    EXPECT_EQ(result.offending, c.offending);
  }
}

constexpr auto ok = header_list_status::ok;
constexpr auto malformed = header_list_status::malformed;
constexpr auto not_allowed = header_list_status::not_allowed;

INSTANTIATE_TEST_SUITE_P(
    request_headers, one_line,
    ::testing::Values(
        // What Chromium sends: lower case, sorted, no spaces.
        list_case{"browser_form", "content-type,x-custom-header", ok, "", 2},
        list_case{"single_name", "x-custom-header", ok, "", 1},
        list_case{"empty_value", "", ok, "", 0},
        // What proxies and other clients send.
        list_case{"space_after_comma", "content-type, x-custom-header", ok, "", 2},
        list_case{"spaces_around_comma", "content-type , x-custom-header", ok, "", 2},
        list_case{"two_spaces", "content-type,  x-custom-header  ", ok, "", 2},
        list_case{"tabs", "content-type,\tx-custom-header\t", ok, "", 2},
        list_case{"tab_and_space", "\t content-type \t,x-custom-header", ok, "", 2},
        list_case{"empty_elements", ",,content-type,,", ok, "", 1},
        list_case{"only_commas", ",,,", ok, "", 0},
        list_case{"upper_case", "Content-Type,X-Custom-Header", ok, "", 2},
        list_case{"mixed_case", "CONTENT-type,x-CUSTOM-header", ok, "", 2},
        list_case{"unsorted", "x-custom-header,content-type", ok, "", 2},
        list_case{"repeated_within_the_policys_count", "content-type,content-type", ok, "", 2},
        // Three allowed names from a policy of two: one repeats, which browsers never do.
        list_case{"more_names_than_the_policy_lists", "x-custom-header,content-type,content-type",
                  malformed, "content-type", 0},
        list_case{"more_names_than_the_policy_lists_unknown_last",
                  "x-custom-header,content-type,x-other", not_allowed, "x-other", 0},
        list_case{"sixteen_empty_elements", ",,,,,,,,,,,,,,,,content-type", ok, "", 1},
        // Names that are not on the list.
        list_case{"unknown_name", "content-type,x-other", not_allowed, "x-other", 0},
        list_case{"unknown_first", "x-other,content-type", not_allowed, "x-other", 0},
        list_case{"unknown_keeps_case", "X-Other", not_allowed, "X-Other", 0},
        list_case{"prefix_of_allowed", "content", not_allowed, "content", 0},
        list_case{"allowed_is_prefix", "content-type-x", not_allowed, "content-type-x", 0},
        list_case{"authorization_unlisted", "authorization", not_allowed, "authorization", 0},
        // Outside the grammar: malformed, offending is where the element starts.
        list_case{"three_spaces_before", "   content-type", malformed, "   content-type", 0},
        list_case{"three_spaces_after", "content-type   ,x", malformed, "content-type   ,x", 0},
        list_case{"three_tabs", "content-type,\t\t\tx-custom-header", malformed,
                  "\t\t\tx-custom-header", 0},
        list_case{"space_inside_name", "content type", malformed, "content type", 0},
        list_case{"semicolon", "content-type;x", malformed, "content-type;x", 0},
        list_case{"semicolon_in_second", "content-type,x;y", malformed, "x;y", 0},
        list_case{"cr_lf", "content-type\r\nx-evil: 1", malformed, "content-type\r\nx-evil: 1", 0},
        list_case{"lone_cr", "content-type\r", malformed, "content-type\r", 0},
        list_case{"nul", "content-type\0x"sv, malformed, "content-type\0x"sv, 0},
        list_case{"byte_0x80", "content-type,x\x80", malformed, "x\x80", 0},
        list_case{"quote", "\"content-type\"", malformed, "\"content-type\"", 0},
        list_case{"colon", "content-type:", malformed, "content-type:", 0},
        list_case{"slash", "a/b", malformed, "a/b", 0},
        list_case{"seventeen_empty_elements", ",,,,,,,,,,,,,,,,,content-type", malformed,
                  ",content-type", 0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(request_headers, name_of256_bytes_passes_and257_is_malformed) {
  const std::string name_256(header_list_limits::max_name_length, 'a');
  const std::string name_257(header_list_limits::max_name_length + 1, 'a');
  EXPECT_EQ(check_request_headers(header_field(name_256), any()).status, ok);
  const auto result = check_request_headers(header_field(name_257), any());
  EXPECT_EQ(result.status, malformed);
  EXPECT_EQ(result.offending, std::string_view(name_257).substr(0, 64));
}

TEST(request_headers, long_unknown_name_is_not_allowed_not_malformed) {
  const std::string name_256(256, 'x');
  const auto result = check_request_headers(header_field(name_256), seed_rule);
  EXPECT_EQ(result.status, not_allowed);
  EXPECT_EQ(result.offending, name_256);
}

std::string names(int count, std::string_view name = "x-a") {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    out += name;
  }
  return out;
}

TEST(request_headers, at128_names_passes_and129_is_malformed) {
  const std::string names_128 = names(128);
  const std::string names_129 = names(129);
  const auto passed = check_request_headers(header_field(names_128), any());
  EXPECT_EQ(passed.status, ok);
  EXPECT_EQ(passed.names, 128u);
  const auto refused = check_request_headers(header_field(names_129), any());
  EXPECT_EQ(refused.status, malformed);
  EXPECT_EQ(refused.offending, "x-a");  // the 129th element
}

TEST(request_headers, name_limit_counts_across_lines) {
  const std::string half = names(65);
  const std::string_view lines[] = {half, half};
  EXPECT_EQ(check_request_headers(header_field(lines, 2), any()).status, malformed);
}

// --- several lines
// --------------------------------------------------------------------------------

TEST(request_headers, several_lines_are_one_list) {
  const std::string_view lines[] = {"content-type", "x-custom-header"};
  const auto result = check_request_headers(header_field(lines, 2), seed_rule);
  EXPECT_EQ(result.status, ok);
  EXPECT_EQ(result.names, 2u);
}

TEST(request_headers, every_line_is_checked) {
  const std::string_view lines[] = {"content-type", "x-custom-header", "x-other"};
  const auto result = check_request_headers(header_field(lines, 3), seed_rule);
  EXPECT_EQ(result.status, not_allowed);
  EXPECT_EQ(result.offending, "x-other");
}

TEST(request_headers, malformed_later_line_is_malformed) {
  const std::string_view lines[] = {"content-type", "x;y"};
  const auto result = check_request_headers(header_field(lines, 2), seed_rule);
  EXPECT_EQ(result.status, malformed);
  EXPECT_EQ(result.offending, "x;y");
}

TEST(request_headers, sixteen_lines_pass_and_seventeen_are_malformed) {
  std::vector<std::string_view> lines(16, "content-type");
  EXPECT_EQ(check_request_headers(header_field(lines.data(), lines.size()), any()).status, ok);
  lines.push_back("content-type");
  const auto result = check_request_headers(header_field(lines.data(), lines.size()), any());
  EXPECT_EQ(result.status, malformed);
  EXPECT_EQ(result.offending, "content-type");
}

TEST(request_headers, listed_names_bound_the_work_whatever_the_request_sends) {
  // 10,000 allowed names against a policy of two: refused at the third, not the 129th.
  std::string repeated;
  for (int i = 0; i < 10000; ++i) repeated += i % 2 ? "x-custom-header," : "content-type,";
  const auto result = check_request_headers(header_field(repeated), seed_rule);
  EXPECT_EQ(result.status, malformed);
  EXPECT_EQ(result.offending, "content-type,x-custom-header,content-type,x-custom-header,conten");
  EXPECT_EQ(result.names, 3u);
}

TEST(request_headers, empty_elements_count_across_lines) {
  // Nine empty elements per line, two lines: 18 > 16.
  const std::string_view lines[] = {",,,,,,,,", ",,,,,,,,"};
  EXPECT_EQ(check_request_headers(header_field(lines, 2), seed_rule).status, malformed);
  const std::string_view fewer[] = {",,,,,,,", ",,,,,,,"};  // 8 + 8
  EXPECT_EQ(check_request_headers(header_field(fewer, 2), seed_rule).status, ok);
}

TEST(request_headers, absent_header_asks_for_nothing) {
  const auto result = check_request_headers(header_field(), seed_rule);
  EXPECT_EQ(result.status, ok);
  EXPECT_EQ(result.names, 0u);
}

// --- the "*" rule -------------------------------------------------------------------------------

TEST(request_headers, wildcard_allows_every_name_but_authorization) {
  EXPECT_EQ(check_request_headers(header_field("x-anything,content-type"), any()).status, ok);
  const std::pair<std::string_view, std::string_view> refused[] = {
      {"authorization", "authorization"},
      {"Authorization", "Authorization"},
      {"x-a,AUTHORIZATION", "AUTHORIZATION"},
  };
  for (const auto& [value, offending] : refused) {
    const auto result = check_request_headers(header_field(value), any());
    EXPECT_EQ(result.status, not_allowed) << value;
    EXPECT_EQ(result.offending, offending) << value;
  }
}

TEST(request_headers, wildcard_with_authorization_listed_allows_it) {
  EXPECT_EQ(check_request_headers(header_field("authorization,x-a"), any(true)).status, ok);
  EXPECT_EQ(check_request_headers(header_field("Authorization"), any(true)).status, ok);
}

TEST(request_headers, listed_authorization_is_allowed) {
  EXPECT_EQ(check_request_headers(header_field("authorization"), listed({"authorization"})).status,
            ok);
}

// --- hostile input is refused early and cheaply
// ---------------------------------------------------

// The megabytes are built inside the test, not when the tests are registered, so that a process
// running one other test does not pay for them.
struct hostile_case {
  const char* name;
  std::string (*make)();
  std::size_t refused_within;  // bytes read before the element that failed
};

void PrintTo(const hostile_case& c, std::ostream* os) {
  *os << c.name;
}

class hostile_list : public ::testing::TestWithParam<hostile_case> {};

// The check returns at the first element that breaks a limit, so where the offending view points
// shows how much of the megabyte was read: a short prefix, whatever follows.
TEST_P(hostile_list, is_malformed_after_a_short_prefix_with_a_short_offending_view) {
  const std::string value = GetParam().make();
  const auto result = check_request_headers(header_field(value), any());
  EXPECT_EQ(result.status, malformed);
  EXPECT_LE(result.offending.size(), 64u);
  ASSERT_GE(result.offending.data(), value.data());  // a view into the request
  ASSERT_LE(result.offending.data() + result.offending.size(), value.data() + value.size());
  EXPECT_LE(static_cast<std::size_t>(result.offending.data() - value.data()),
            GetParam().refused_within);
}

std::string ten_thousand_names() {
  std::string out;
  for (int i = 0; i < 10000; ++i) out += "x-h" + std::to_string(i) + ",";
  return out;
}

constexpr std::size_t mib = 1 << 20;

INSTANTIATE_TEST_SUITE_P(
    request_headers, hostile_list,
    ::testing::Values(
        hostile_case{"one_mib_of_commas", [] { return std::string(mib, ','); }, 16},
        hostile_case{"one_mib_of_spaces", [] { return std::string(mib, ' '); }, 0},
        hostile_case{"one_mib_of_tabs", [] { return std::string(mib, '\t'); }, 0},
        hostile_case{"one_mib_of_comma_space", [] { return repeat(", ", mib); }, 32},
        hostile_case{"one_mib_name", [] { return std::string(mib, 'a'); }, 0},
        hostile_case{"ten_thousand_names", ten_thousand_names, 1000},
        hostile_case{"one_mib_of_nul", [] { return std::string(mib, '\0'); }, 0},
        hostile_case{"one_mib_of_crlf", [] { return repeat("\r\n,", mib); }, 0},
        hostile_case{"one_mib_of_semicolons", [] { return std::string(mib, ';'); }, 0},
        hostile_case{"one_mib_of_high_bytes", [] { return std::string(mib, '\x80'); }, 0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(request_headers, many_lines_are_refused_before_they_are_read) {
  const std::string huge(1 << 16, ',');
  std::vector<std::string_view> lines(10000, huge);
  const auto result = check_request_headers(header_field(lines.data(), lines.size()), any());
  EXPECT_EQ(result.status, malformed);
  EXPECT_EQ(result.offending.size(), 64u);
}

TEST(header_name_set, looks_up_case_insensitively) {
  cors::detail::header_name_set set;
  EXPECT_TRUE(set.empty());
  set.assign({"x-b", "content-type", "x-a", "a_b", "x|y"});
  EXPECT_FALSE(set.empty());
  for (std::string_view name : {"x-b", "X-B", "content-type", "Content-Type", "x-a", "A_B", "x|y"})
    EXPECT_TRUE(set.contains(name)) << name;
  for (std::string_view name : {"", "x", "x-c", "content", "content-type-", "x-a ", "x\\y"})
    EXPECT_FALSE(set.contains(name)) << name;
  EXPECT_EQ(set.names(), (std::vector<std::string>{"a_b", "content-type", "x-a", "x-b", "x|y"}));
}

}  // namespace
