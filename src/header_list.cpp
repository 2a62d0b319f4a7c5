#include "header_list.hpp"

#include <algorithm>
#include <array>

#include "tokens.hpp"

namespace cors::detail {

void header_name_set::assign(std::vector<std::string> lower_case_names) {
  names_ = std::move(lower_case_names);
  std::sort(names_.begin(), names_.end());
  names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
  table_ = string_table();
  for (const std::string& name : names_) table_.insert(name);
}

bool header_name_set::contains(std::string_view name) const noexcept {
  if (name.size() > table_.longest() || name.size() > header_list_limits::max_name_length)
    return false;
  std::array<char, header_list_limits::max_name_length> lower;
  for (std::size_t i = 0; i < name.size(); ++i) lower[i] = to_lower(name[i]);
  return table_.find(std::string_view(lower.data(), name.size())) != string_table::npos;
}

namespace {

bool allowed(std::string_view name, const header_rule& rule) noexcept {
  if (rule.any) return rule.authorization_listed || !iequals(name, "authorization");
  return rule.names.contains(name);
}

}  // namespace

header_list_result check_request_headers(const header_field& field,
                                         const header_rule& rule) noexcept {
  using limits = header_list_limits;
  header_list_result result;
  if (field.line_count() > limits::max_lines) {
    result.status = header_list_status::malformed;
    result.offending = field.line(0).substr(0, 64);
    return result;
  }
  std::size_t empty_elements = 0;
  for (std::size_t l = 0; l < field.line_count(); ++l) {
    const std::string_view line = field.line(l);
    std::size_t pos = 0;
    const std::size_t n = line.size();
    while (true) {
      const std::size_t element_start = pos;
      auto fail = [&](header_list_status status, std::string_view offending) {
        result.status = status;
        result.offending = offending;
        return result;
      };
      auto malformed_here = [&] {
        return fail(header_list_status::malformed,
                    line.substr(element_start, std::min<std::size_t>(n - element_start, 64)));
      };
      std::size_t ows = 0;
      while (pos < n && is_ows(line[pos])) {
        if (++ows > limits::max_ows_run) return malformed_here();
        ++pos;
      }
      const std::size_t name_start = pos;
      while (pos < n && is_tchar(line[pos])) {
        if (pos - name_start >= limits::max_name_length) return malformed_here();
        ++pos;
      }
      const std::string_view name = line.substr(name_start, pos - name_start);
      ows = 0;
      while (pos < n && is_ows(line[pos])) {
        if (++ows > limits::max_ows_run) return malformed_here();
        ++pos;
      }
      if (pos < n && line[pos] != ',') return malformed_here();
      if (name.empty()) {
        if (++empty_elements > limits::max_empty_elements) return malformed_here();
      } else {
        if (++result.names > limits::max_names) return malformed_here();
        if (!allowed(name, rule)) return fail(header_list_status::not_allowed, name);
        // Every name so far is allowed, so one more than the policy lists repeats one, which
        // browsers never do: stopping here bounds the work by the policy, not the request.
        if (!rule.any && result.names > rule.names.size()) return malformed_here();
      }
      if (pos == n) break;
      ++pos;  // the comma
    }
  }
  return result;
}

}  // namespace cors::detail
