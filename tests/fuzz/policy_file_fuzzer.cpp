// cors::policy_file on arbitrary bytes: parsed, built and linted, it must never crash, and every
// issue must be one printable line that names its position inside the text ("fuzz.json:L:C: ...").
// A file over the size limit is refused whole, before parsing. Memory is bounded by libFuzzer's
// -malloc_limit_mb (tests/fuzz/CMakeLists.txt): no allocation may outgrow the input by much.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "checks.hpp"
#include "cors/policy_file.hpp"

namespace {

constexpr std::string_view file_name = "fuzz.json";

// Lines and the length of the longest one, to check that positions fall inside the text (a
// position just past the end is where an unexpected end of input is reported).
struct text_shape {
  std::size_t lines = 1;
  std::size_t longest = 0;
};

text_shape shape_of(std::string_view text) {
  text_shape shape;
  std::size_t length = 0;
  for (const char c : text) {
    if (c == '\n') {
      ++shape.lines;
      shape.longest = std::max(shape.longest, length);
      length = 0;
    } else {
      ++length;
    }
  }
  shape.longest = std::max(shape.longest, length);
  return shape;
}

void check_issue(const cors::policy_file& file, const cors::file_issue& issue,
                 const text_shape& shape) {
  const std::string line = file.describe(issue);
  FUZZ_CHECK(cors_fuzz::is_printable_line(line));
  FUZZ_CHECK(issue.line >= 1 && issue.line <= shape.lines);
  FUZZ_CHECK(issue.column >= 1 && issue.column <= shape.longest + 1);
  const std::string prefix = std::string(file_name) + ":" + std::to_string(issue.line) + ":" +
                             std::to_string(issue.column) + ": ";
  FUZZ_CHECK(line.size() > prefix.size() && line.compare(0, prefix.size(), prefix) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const text_shape shape = shape_of(text);

  const cors::policy_file file = cors::policy_file::parse(text, std::string(file_name));
  const cors::built_policy built = file.build();
  FUZZ_CHECK(built.policy.has_value() == built.issues.empty());
  for (const cors::file_issue& issue : built.issues) check_issue(file, issue, shape);
  if (built.policy) {
    for (const cors::file_issue& issue : file.lint()) check_issue(file, issue, shape);
  }

  // Over the limit: one issue, too_large, without a position, and nothing parsed.
  if (size > 0) {
    const cors::policy_file too_large =
        cors::policy_file::parse(text, std::string(file_name), size - 1);
    const cors::built_policy refused = too_large.build();
    FUZZ_CHECK(!refused.policy && refused.issues.size() == 1);
    FUZZ_CHECK(refused.issues[0].kind == cors::file_issue_kind::too_large);
    FUZZ_CHECK(cors_fuzz::is_printable_line(too_large.describe(refused.issues[0])));
  }
  return 0;
}
