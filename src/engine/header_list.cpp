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
  return contains_lower_case(std::string_view(lower.data(), name.size()));
}

bool header_name_set::contains_lower_case(std::string_view name) const noexcept {
  return table_.find(name) != string_table::npos;
}

namespace {

// A token byte in lower case, or 0 for a byte outside the token grammar: one lookup both
// validates a requested name and lower-cases it for the hash table.
constexpr std::array<char, 256> make_lower_token_bytes() {
  std::array<char, 256> table{};
  for (int c = 0; c < 256; ++c)
    if (tchar_table[static_cast<std::size_t>(c)])
      table[static_cast<std::size_t>(c)] = to_lower(static_cast<char>(c));
  return table;
}

constexpr std::array<char, 256> lower_token_bytes = make_lower_token_bytes();

bool allowed(std::string_view lower_case_name, const header_rule& rule) noexcept {
  if (rule.any) return rule.authorization_listed || lower_case_name != "authorization";
  return rule.names.contains_lower_case(lower_case_name);
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
  std::array<char, limits::max_name_length + 1> lower_case;  // the current name
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
      // One byte past the longest name is read, so that a longer one is seen as such.
      const std::size_t scan_end = std::min(n, name_start + limits::max_name_length + 1);
      for (; pos < scan_end; ++pos) {
        const char lower = lower_token_bytes[static_cast<unsigned char>(line[pos])];
        if (lower == 0) break;
        lower_case[pos - name_start] = lower;
      }
      const std::size_t length = pos - name_start;
      if (length > limits::max_name_length) return malformed_here();
      const std::string_view name = line.substr(name_start, length);
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
        if (!allowed(std::string_view(lower_case.data(), length), rule))
          return fail(header_list_status::not_allowed, name);
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
