// detail::check_request_headers against the reference model. Input: one byte choosing the
// allowed-header rule, then the Access-Control-Request-Headers lines separated by '\n'.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checks.hpp"
#include "header_list.hpp"

namespace {

using cors::detail::header_list_status;
using cors::detail::header_rule;

struct rule_and_reference {
  header_rule rule;
  cors_fuzz::ref_policy reference;
};

rule_and_reference make(std::vector<std::string> allowed) {
  cors::config cfg;
  cfg.allowed_headers = allowed;
  rule_and_reference out{header_rule{}, cors_fuzz::ref_policy(cfg)};
  std::vector<std::string> names;
  for (const std::string& name : allowed) {
    if (name == "*") {
      out.rule.any = true;
      continue;
    }
    names.push_back(cors_fuzz::ascii_lower(name));
    if (names.back() == "authorization") out.rule.authorization_listed = true;
  }
  out.rule.names.assign(std::move(names));
  return out;
}

const std::vector<rule_and_reference>& rules() {
  static const std::vector<rule_and_reference> all = [] {
    std::vector<rule_and_reference> out;
    out.push_back(make({"content-type", "x-custom-header", "x-requested-with", "authorization"}));
    out.push_back(make({"*"}));
    out.push_back(make({"*", "authorization"}));
    out.push_back(make({}));
    out.push_back(make({"a", "b", "c", std::string(256, 'x'), "x-" + std::string(254, 'y')}));
    return out;
  }();
  return all;
}

bool within(std::string_view part, const std::vector<std::string_view>& lines) {
  for (std::string_view line : lines)
    if (part.data() >= line.data() && part.data() + part.size() <= line.data() + line.size())
      return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cors_fuzz::init_step_counter();
  rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const rule_and_reference& r = rules()[data[0] % rules().size()];
  const std::vector<std::string_view> lines =
      cors_fuzz::split(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), '\n');
  const cors::header_field field(lines.data(), lines.size());

  const std::uint64_t before = cors_fuzz::engine_steps();
  const auto result = cors::detail::check_request_headers(field, r.rule);
  FUZZ_CHECK(cors_fuzz::bounded_work(cors_fuzz::engine_steps() - before, size));

  const cors_fuzz::ref_header_list reference = cors_fuzz::ref_parse_header_lines(lines);
  bool all_allowed = true;
  for (std::string_view name : reference.names) all_allowed &= r.reference.allows_header(name);
  // With listed names, more names than the policy lists means a repeat: malformed when every
  // name is allowed, else refused either way, whichever the engine meets first.
  const bool too_many =
      !r.reference.any_header && reference.names.size() > r.reference.distinct_listed_headers();
  switch (result.status) {
    case header_list_status::ok:
      FUZZ_CHECK(!reference.malformed && all_allowed && !too_many);
      FUZZ_CHECK(result.names == reference.names.size());
      break;
    case header_list_status::not_allowed:
      // The first refused name, straight from the request.
      FUZZ_CHECK(cors_fuzz::is_token(result.offending));
      FUZZ_CHECK(!r.reference.allows_header(result.offending));
      FUZZ_CHECK(within(result.offending, lines));
      break;
    case header_list_status::malformed:
      FUZZ_CHECK(reference.malformed || too_many);
      FUZZ_CHECK(result.offending.size() <= 64);
      FUZZ_CHECK(lines.empty() || within(result.offending, lines));
      break;
  }
  if (!reference.malformed && all_allowed && !too_many)
    FUZZ_CHECK(result.status == header_list_status::ok);
  if (all_allowed && too_many) FUZZ_CHECK(result.status == header_list_status::malformed);
  return 0;
}
