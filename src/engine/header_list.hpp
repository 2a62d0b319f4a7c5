// Access-Control-Request-Headers: a bounded, single-pass check of every requested name.
#ifndef CORS_SRC_HEADER_LIST_HPP
#define CORS_SRC_HEADER_LIST_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cors/request.hpp"
#include "string_table.hpp"

namespace cors::detail {

// Limits that keep the work linear and small whatever a client sends. Browsers send
// "a,b,c" (lower case, sorted, no spaces); proxies may add a space after commas, leave empty
// elements or split the list over several lines, so a little of each is tolerated.
struct header_list_limits {
  static constexpr std::size_t max_lines = max_request_headers_lines;
  static constexpr std::size_t max_names = 128;
  static constexpr std::size_t max_empty_elements = 16;
  static constexpr std::size_t max_ows_run = 2;  // spaces or tabs on either side of a name
  static constexpr std::size_t max_name_length = 256;
};

// Allowed header names, compared case-insensitively: a requested name is lower-cased on the
// stack and looked up in a hash table.
class header_name_set {
 public:
  void assign(std::vector<std::string> lower_case_names);
  // Names longer than header_list_limits::max_name_length are never found: a request cannot
  // carry them (check_request_headers refuses them first).
  bool contains(std::string_view name) const noexcept;
  bool contains_lower_case(std::string_view name) const noexcept;
  bool empty() const noexcept { return names_.empty(); }
  std::size_t size() const noexcept { return names_.size(); }
  // Sorted, for messages.
  const std::vector<std::string>& names() const noexcept { return names_; }

 private:
  std::vector<std::string> names_;
  string_table table_;
};

struct header_rule {
  bool any = false;                   // "*": every name but authorization
  bool authorization_listed = false;  // authorization allowed by name
  header_name_set names;              // used when !any
};

enum class header_list_status { ok, malformed, not_allowed };

struct header_list_result {
  header_list_status status = header_list_status::ok;
  std::string_view offending;  // the refused name, or the element that broke the grammar
  std::size_t names = 0;       // names seen (0: the request asked for no header)
};

header_list_result check_request_headers(const header_field& field,
                                         const header_rule& rule) noexcept;

}  // namespace cors::detail

#endif  // CORS_SRC_HEADER_LIST_HPP
