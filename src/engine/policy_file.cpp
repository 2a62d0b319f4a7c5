// Policy files, read with nlohmann/json's SAX parser. The parser gives no positions to its
// events, so the input is fed through an iterator that records how far the parser has read;
// each event's token then ends there and its start is found by stepping back over that one
// token (a string back to its opening quote). Line and column follow from the offset.
#include "cors/policy_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>

CORS_BEGIN_NAMESPACE
namespace {

using json = nlohmann::json;

// The options a file may set, in cors::config's order. "$schema" lets editors find the schema.
enum class option_type : std::uint8_t { string_list, boolean, integer, preflight_response, schema };

// A key of the file and the config member it sets (the file's keys are a format of their own: a
// member renamed keeps its key). Booleans and lists are written through their member here.
struct option_spec {
  std::string_view key;
  option_type type;
  bool config::*boolean = nullptr;
  std::vector<std::string> config::*list = nullptr;
};

constexpr option_spec options[] = {
    {"allowed_origins", option_type::string_list, nullptr, &config::allowed_origins},
    {"allow_null_origin", option_type::boolean, &config::allow_null_origin},
    {"allowed_methods", option_type::string_list, nullptr, &config::allowed_methods},
    {"allowed_headers", option_type::string_list, nullptr, &config::allowed_headers},
    {"exposed_headers", option_type::string_list, nullptr, &config::exposed_headers},
    {"allow_credentials", option_type::boolean, &config::allow_credentials},
    {"allow_insecure_origins_with_credentials", option_type::boolean,
     &config::allow_insecure_origins_with_credentials},
    {"max_age_seconds", option_type::integer},
    {"allow_private_network", option_type::boolean, &config::allow_private_network},
    {"preflight_success_status", option_type::integer},
    {"preflight_passthrough", option_type::boolean, &config::preflight_passthrough},
    {"rejected_preflight_answer", option_type::preflight_response},
    {"$schema", option_type::schema},
};
constexpr std::size_t option_count = std::size(options);

const option_spec* find_option(std::string_view key) {
  for (const option_spec& option : options)
    if (option.key == key) return &option;
  return nullptr;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Lower case without '_' and '-': "allowedOrigins" and "Allowed-Origins" name allowed_origins.
std::string folded(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '_' || c == '-') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// The known key an unknown one was probably meant to be, or empty.
std::string_view closest_option(std::string_view key) {
  if (key.size() > 64) return {};
  std::string_view best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const option_spec& option : options) {
    if (option.type == option_type::schema) continue;
    const std::string a = folded(key);
    const std::string b = folded(option.key);
    // The same name in another case or style is closest, then a shortened name ("max_age").
    std::size_t distance = edit_distance(key, option.key);
    if (a == b) {
      distance = 0;
    } else if (a.size() >= 4 && b.compare(0, a.size(), a) == 0) {
      distance = 1;
    }
    if (distance < best_distance) {
      best_distance = distance;
      best = option.key;
    }
  }
  return best_distance <= std::max<std::size_t>(2, key.size() / 4) ? best : std::string_view();
}

// Feeds the parser one byte at a time, leaving in *sink how many it has taken.
class counting_iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  counting_iterator(const char* at, const char** sink) : at_(at), sink_(sink) {}
  reference operator*() const { return *at_; }
  counting_iterator& operator++() {
    *sink_ = ++at_;
    return *this;
  }
  counting_iterator operator++(int) {
    counting_iterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const counting_iterator& other) const { return at_ == other.at_; }
  bool operator!=(const counting_iterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** sink_;
};

// Turns byte offsets, met in increasing order, into lines and columns.
class line_counter {
 public:
  explicit line_counter(std::string_view text) : text_(text) {}
  std::pair<std::size_t, std::size_t> at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < scanned_) scanned_ = line_start_ = 0, line_ = 1;
    // memchr: a policy file of 100,000 origins has 4 MB to go through.
    while (const void* newline = std::memchr(text_.data() + scanned_, '\n', offset - scanned_)) {
      line_start_ = static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data()) + 1;
      scanned_ = line_start_;
      ++line_;
    }
    scanned_ = offset;
    return {line_, offset - line_start_ + 1};
  }

 private:
  std::string_view text_;
  std::size_t scanned_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
};

std::string_view type_name(json::value_t type) {
  switch (type) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true or false";
    case json::value_t::number_float:
      return "a fractional number";
    default:
      return "a number";
  }
}

std::string_view expected_for(option_type type) {
  switch (type) {
    case option_type::string_list:
      return "an array of strings";
    case option_type::boolean:
      return "true or false";
    case option_type::integer:
      return "an integer";
    default:
      return "a string";
  }
}

// nlohmann's message without its "[json.exception...] parse error at line L, column C: "
// prefix, as the position is given in front of every issue.
std::string parse_error_message(const std::string& what) {
  const std::size_t column = what.find("column ");
  const std::size_t colon = column == std::string::npos ? column : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Control bytes, non-ASCII bytes, and in a quoted value the quote and backslash, as \xNN.
std::string printable(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out.push_back(ch);
  }
  return out;
}

}  // namespace

// The SAX handler: fills the policy_file's configuration and positions as events arrive.
class policy_file_reader final : public json::json_sax_t {
 public:
  policy_file_reader(policy_file& file, std::string_view text, const char* const* cursor)
      : file_(file), text_(text), cursor_(cursor), lines_(text) {}

  bool null() override { return scalar(json::value_t::null, value_start()); }
  bool boolean(bool value) override {
    const std::size_t at = value_start();
    if (expecting(option_type::boolean)) {
      file_.cfg_.*(option_->boolean) = value;
      return done_value();
    }
    return scalar(json::value_t::boolean, at);
  }
  bool number_integer(number_integer_t value) override { return integer(value, value_start()); }
  bool number_unsigned(number_unsigned_t value) override {
    const std::size_t at = value_start();
    if (value > static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
      return integer(std::numeric_limits<std::int64_t>::max(), at);
    return integer(static_cast<std::int64_t>(value), at);
  }
  bool number_float(number_float_t, const string_t&) override {
    return scalar(json::value_t::number_float, value_start());
  }
  bool binary(binary_t&) override { return scalar(json::value_t::binary, value_start()); }

  bool string(string_t& value) override {
    const std::size_t at = string_start();
    if (skip_depth_ != 0) return true;
    if (list_ != nullptr) {
      record_entry(at);
      // A copy, not a move: the value is the parser's token buffer, which keeps its capacity
      // for the next string instead of growing again from nothing.
      list_->push_back(value);
      ++list_index_;
      return true;
    }
    if (expecting(option_type::string_list) || expecting(option_type::boolean) ||
        expecting(option_type::integer) || option_ == nullptr)
      return scalar(json::value_t::string, at);
    if (option_->type == option_type::preflight_response) {
      if (value == "forbidden") {
        file_.cfg_.rejected_preflight_answer = rejected_preflight_response::forbidden;
      } else if (value == "partial_headers") {
        file_.cfg_.rejected_preflight_answer = rejected_preflight_response::partial_headers;
      } else {
        add(file_issue_kind::invalid_value, at, std::string(option_->key), value,
            "expected \"forbidden\" or \"partial_headers\"");
      }
    }
    record_option(at);
    return done_value();
  }

  bool start_object(std::size_t) override { return open(json::value_t::object); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::value_t::array); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    const std::size_t at = string_start();
    if (skip_depth_ != 0 || depth_ != 1) return true;
    option_ = find_option(name);
    if (option_ == nullptr) {
      const std::string_view suggestion = closest_option(name);
      add(file_issue_kind::unknown_key, at, name, "",
          suggestion.empty() ? std::string("not a policy option")
                             : fmt::format("not a policy option; did you mean '{}'?", suggestion));
      skip_next_ = true;
      return true;
    }
    const std::size_t index = static_cast<std::size_t>(option_ - options);
    if (seen_[index] != 0) {
      const auto [line, column] = first_key_at_[index];
      add(file_issue_kind::duplicate_key, at, name, "",
          fmt::format("given twice (first at {}:{}); keep one", line, column));
      option_ = nullptr;
      skip_next_ = true;
      return true;
    }
    seen_[index] = 1;
    first_key_at_[index] = lines_.at(at);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    add(file_issue_kind::syntax_error, position > 0 ? position - 1 : 0, "", "",
        parse_error_message(error.what()));
    return false;
  }

  bool stopped_early() const { return stopped_; }

 private:
  std::size_t offset() const { return static_cast<std::size_t>(*cursor_ - text_.data()); }

  // A string token ends at the last byte read (its closing quote); it starts at the first quote
  // before it that is not escaped, i.e. not preceded by an odd number of backslashes.
  std::size_t string_start() const {
    std::size_t quote = offset() - 1;
    while (quote > 0) {
      --quote;
      if (text_[quote] != '"') continue;
      std::size_t backslashes = 0;
      while (backslashes < quote && text_[quote - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) break;
    }
    return quote;
  }

  // A number or literal ends at the last byte read, or one before it: the parser reads one byte
  // past a number to see where it ends.
  std::size_t value_start() const {
    std::size_t end = offset();
    while (end > 0 && std::strchr(" \t\r\n,]}:", text_[end - 1]) != nullptr) --end;
    std::size_t start = end;
    while (start > 0 && std::strchr("+-.0123456789eEaflnrstu", text_[start - 1]) != nullptr)
      --start;
    return start;
  }

  // The number as written, from its start to the end of its digits.
  std::string token_at(std::size_t at) const {
    std::size_t end = at;
    while (end < text_.size() && std::strchr("+-.0123456789eE", text_[end]) != nullptr) ++end;
    return std::string(text_.substr(at, end - at));
  }

  bool expecting(option_type type) const {
    return skip_depth_ == 0 && depth_ == 1 && !skip_next_ && option_ != nullptr &&
           option_->type == type;
  }

  bool integer(std::int64_t value, std::size_t at) {
    if (!expecting(option_type::integer)) return scalar(json::value_t::number_integer, at);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
      add(file_issue_kind::invalid_value, at, std::string(option_->key), token_at(at),
          option_->key == "max_age_seconds" ? "must be 0 (do not cache) to 86400 seconds"
                                            : "a preflight succeeds with 204, or 200 for legacy "
                                              "clients");
      record_option(at);
      return done_value();
    }
    const int clamped = static_cast<int>(value);
    if (option_->key == "max_age_seconds") {
      file_.cfg_.max_age_seconds = clamped;
    } else {
      file_.cfg_.preflight_success_status = clamped;
    }
    record_option(at);
    return done_value();
  }

  // A scalar: in a list it must be a string; at the top of the object it must fit the option.
  bool scalar(json::value_t type, std::size_t at) {
    if (skip_depth_ != 0) return true;
    if (list_ != nullptr) {
      add(file_issue_kind::wrong_type, at, entry_field(), "",
          fmt::format("expected a string, not {}", type_name(type)));
      ++list_index_;
      return true;
    }
    if (depth_ == 0) return root_not_object(at);
    if (!skip_next_ && option_ != nullptr && option_->type == option_type::integer &&
        type == json::value_t::null && option_->key == "max_age_seconds") {
      file_.cfg_.max_age_seconds.reset();  // null: unset, as when the key is absent
      record_option(at);
      return done_value();
    }
    if (!skip_next_ && option_ != nullptr) wrong_option_type(type, at);
    return done_value();
  }

  void wrong_option_type(json::value_t type, std::size_t at) {
    add(file_issue_kind::wrong_type, at, std::string(option_->key), "",
        fmt::format("expected {}, not {}", expected_for(option_->type), type_name(type)));
  }

  bool open(json::value_t type) {
    const std::size_t at = offset() - 1;
    if (++depth_ > policy_file::max_depth) {
      add(file_issue_kind::too_deep, at, "", "",
          fmt::format("nested deeper than {} levels; a policy file needs two",
                      policy_file::max_depth));
      stopped_ = true;
      return false;
    }
    if (skip_depth_ != 0) return true;
    if (depth_ == 1) {
      if (type != json::value_t::object) return root_not_object(at);
      const auto [line, column] = lines_.at(at);
      file_.root_line_ = line;
      file_.root_column_ = column;
      return true;
    }
    if (list_ != nullptr) {  // an object or array inside a list
      add(file_issue_kind::wrong_type, at, entry_field(), "",
          fmt::format("expected a string, not {}", type_name(type)));
      ++list_index_;
      skip_depth_ = depth_;
      return true;
    }
    if (depth_ == 2 && !skip_next_ && option_ != nullptr &&
        option_->type == option_type::string_list && type == json::value_t::array) {
      list_ = &(file_.cfg_.*(option_->list));
      list_index_ = 0;
      record_option(at);
      entries_ = &file_.entry_positions_.emplace_back(std::string(option_->key),
                                                      std::vector<policy_file::located>{});
      return true;
    }
    if (!skip_next_ && option_ != nullptr) wrong_option_type(type, at);
    skip_depth_ = depth_;
    return true;
  }

  bool close() {
    if (skip_depth_ == depth_) {
      skip_depth_ = 0;
      if (depth_ == 2) done_value();
    } else if (list_ != nullptr && depth_ == 2) {
      list_ = nullptr;
      entries_ = nullptr;
      done_value();
    }
    --depth_;
    return true;
  }

  bool root_not_object(std::size_t at) {
    add(file_issue_kind::wrong_type, at, "", "",
        "a policy file is one JSON object, e.g. {\"allowed_origins\": "
        "[\"https://app.example.com\"]}");
    stopped_ = true;
    return false;
  }

  bool done_value() {
    if (depth_ <= 2) {
      option_ = nullptr;
      skip_next_ = false;
    }
    return true;
  }

  std::string entry_field() const { return fmt::format("{}[{}]", option_->key, list_index_); }

  void record_entry(std::size_t at) {
    const auto [line, column] = lines_.at(at);
    entries_->second.push_back({line, column, list_index_});
  }
  void record_option(std::size_t at) {
    const auto [line, column] = lines_.at(at);
    file_.option_positions_.emplace_back(std::string(option_->key),
                                         policy_file::located{line, column, 0});
  }

  void add(file_issue_kind kind, std::size_t at, std::string field, std::string value,
           std::string message) {
    const auto [line, column] = lines_.at(at);
    file_.issues_.push_back(file_issue{
        kind, line, column,
        config_issue{config_issue_kind{}, std::move(field), std::move(value), std::move(message)}});
  }

  policy_file& file_;
  std::string_view text_;
  const char* const* cursor_;
  line_counter lines_;
  std::size_t depth_ = 0;
  std::size_t skip_depth_ = 0;  // inside a value being skipped, opened at this depth
  bool skip_next_ = false;      // the next value belongs to an unknown or repeated key
  bool stopped_ = false;
  const option_spec* option_ = nullptr;       // the option whose value comes next
  std::vector<std::string>* list_ = nullptr;  // the list being read
  std::size_t list_index_ = 0;
  std::pair<std::string, std::vector<policy_file::located>>* entries_ = nullptr;
  unsigned char seen_[option_count] = {};
  std::pair<std::size_t, std::size_t> first_key_at_[option_count] = {};
};

std::string_view to_string(file_issue_kind kind) noexcept {
  switch (kind) {
    case file_issue_kind::unreadable:
      return "unreadable";
    case file_issue_kind::too_large:
      return "too_large";
    case file_issue_kind::syntax_error:
      return "syntax_error";
    case file_issue_kind::too_deep:
      return "too_deep";
    case file_issue_kind::wrong_type:
      return "wrong_type";
    case file_issue_kind::invalid_value:
      return "invalid_value";
    case file_issue_kind::unknown_key:
      return "unknown_key";
    case file_issue_kind::duplicate_key:
      return "duplicate_key";
    case file_issue_kind::config:
      return "config";
  }
  return "unknown";
}

std::string to_string(const file_issue& issue, std::string_view file_name) {
  std::string out = printable(file_name);
  if (issue.line != 0) out += fmt::format(":{}:{}", issue.line, issue.column);
  out += ": ";
  out += issue.issue.field.empty() ? printable(issue.issue.message) : to_string(issue.issue);
  return out;
}

policy_file policy_file::parse(std::string_view json_text, std::string name,
                               std::size_t max_bytes) {
  policy_file file;
  file.name_ = std::move(name);
  if (json_text.size() > max_bytes) {
    file.issues_.push_back(file_issue{
        file_issue_kind::too_large, 0, 0,
        config_issue{
            {}, "", "", fmt::format("the file is larger than the limit of {} bytes", max_bytes)}});
    return file;
  }
  const char* cursor = json_text.data();
  policy_file_reader reader(file, json_text, &cursor);
  const counting_iterator first(json_text.data(), &cursor);
  const counting_iterator last(json_text.data() + json_text.size(), &cursor);
  json::sax_parse(first, last, &reader);
  return file;
}

policy_file policy_file::read(const std::string& path, std::size_t max_bytes) {
  const auto unreadable = [&path](std::string message) {
    policy_file file;
    file.name_ = path;
    file.issues_.push_back(file_issue{file_issue_kind::unreadable, 0, 0,
                                      config_issue{{}, "", "", std::move(message)}});
    return file;
  };
  std::FILE* stream = std::fopen(path.c_str(), "rb");
  if (stream == nullptr) return unreadable(fmt::format("cannot open: {}", std::strerror(errno)));
  std::string text;
  // Sized once from the file's size (a hint: the file may change meanwhile, and a pipe has none).
  // Grown by doubling instead, a 4 MB file is reallocated seven times, 8 MB copied into fresh
  // pages, whose faults are dear on a virtual machine.
  std::error_code size_unknown;
  const std::uintmax_t size = std::filesystem::file_size(path, size_unknown);
  if (!size_unknown)
    text.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(size, max_bytes)) + 1);
  char chunk[65536];
  bool failed = false;
  // One byte beyond the limit is enough to know the file is too large.
  while (text.size() <= max_bytes) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, stream);
    text.append(chunk, std::min(got, max_bytes + 1 - text.size()));
    if (got < sizeof chunk) {
      failed = std::ferror(stream) != 0;
      break;
    }
  }
  const int error = errno;
  (void)std::fclose(stream);  // read-only: nothing to lose on close
  if (failed) return unreadable(fmt::format("cannot read: {}", std::strerror(error)));
  return parse(text, path, max_bytes);
}

namespace {

bool stops_validation(const file_issue& issue) {
  return issue.kind == file_issue_kind::unreadable || issue.kind == file_issue_kind::too_large ||
         issue.kind == file_issue_kind::syntax_error || issue.kind == file_issue_kind::too_deep ||
         (issue.kind == file_issue_kind::wrong_type && issue.issue.field.empty());
}

// In the order of the file, as a reader goes through it; issues about the whole file first.
void sort_by_position(std::vector<file_issue>& issues) {
  std::stable_sort(issues.begin(), issues.end(), [](const file_issue& a, const file_issue& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
}

}  // namespace

built_policy policy_file::build() const& {
  return build_from(cfg_);
}

built_policy policy_file::build() && {
  return build_from(std::move(cfg_));
}

built_policy policy_file::build_from(config cfg) const {
  built_policy out;
  out.issues = issues_;
  if (std::any_of(issues_.begin(), issues_.end(), stops_validation)) return out;
  const policy_or_issues built = policy::create(std::move(cfg));
  for (const config_issue& issue : built.issues()) out.issues.push_back(locate(issue));
  if (out.issues.empty()) {
    out.policy = *built;
  } else {
    sort_by_position(out.issues);
  }
  return out;
}

std::vector<file_issue> policy_file::lint() const {
  std::vector<file_issue> out;
  for (const config_issue& issue : cors::lint(cfg_)) out.push_back(locate(issue));
  sort_by_position(out);
  return out;
}

std::string policy_file::describe(const file_issue& issue) const {
  return to_string(issue, name_);
}

// "allowed_origins[2]" is the third string of the file's allowed_origins; its index in the file
// differs when an entry before it was not a string (and was reported as such).
file_issue policy_file::locate(const config_issue& issue) const {
  file_issue out{file_issue_kind::config, 0, 0, issue};
  const std::string_view field = issue.field;
  const std::size_t bracket = field.find('[');
  const std::string_view option = field.substr(0, bracket);
  if (bracket != std::string_view::npos) {
    std::size_t index = 0;
    for (const char c : field.substr(bracket + 1)) {
      if (c < '0' || c > '9') break;
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    for (const auto& [name, entries] : entry_positions_) {
      if (name != option || index >= entries.size()) continue;
      out.line = entries[index].line;
      out.column = entries[index].column;
      out.issue.field = fmt::format("{}[{}]", option, entries[index].index);
      return out;
    }
  }
  for (const auto& [name, at] : option_positions_) {
    if (name != option) continue;
    out.line = at.line;
    out.column = at.column;
    return out;
  }
  // Not in the file (e.g. no allowed_origins at all): the issue is about the whole object.
  out.line = root_line_;
  out.column = root_column_;
  return out;
}

CORS_END_NAMESPACE
