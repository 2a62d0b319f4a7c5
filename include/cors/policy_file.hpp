// Policy files: a cors::config written as JSON, for policies that change without a rebuild.
// Every problem is reported at once with its line and column, the configuration's own issues
// included, as `policy.json:7:5: allowed_origins[2] 'https://app.example.com/': an origin has
// no path; remove the trailing '/'`. See docs/configuration.md for the format.
//
//   cors::policy_file file = cors::policy_file::read("policy.json");
//   file.configuration().on_rejection = log_rejection;   // callbacks are the program's
//   cors::built_policy built = file.build();
//   if (!built.policy) for (const auto& issue : built.issues) log(file.describe(issue));
#ifndef CORS_POLICY_FILE_HPP
#define CORS_POLICY_FILE_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cors/config.hpp"
#include "cors/config_error.hpp"
#include "cors/policy.hpp"
#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

enum class file_issue_kind : std::uint8_t {
  unreadable,     // the file cannot be opened or read
  too_large,      // larger than the size limit
  syntax_error,   // not JSON
  too_deep,       // nested deeper than any policy file needs
  wrong_type,     // e.g. a string where a list of strings belongs
  invalid_value,  // a value of the right type outside the option's choices
  unknown_key,    // a key the format does not have (with a "did you mean" when one is close)
  duplicate_key,  // the same key twice in one object
  config,         // an issue of the configuration itself, as cors::validate or cors::lint gives
};

[[nodiscard]] CORS_API std::string_view to_string(file_issue_kind kind) noexcept;

// One problem, where it is: line and column (1-based, columns in bytes) of the value or key it
// is about; 0 and 0 when it is about the whole file.
struct file_issue {
  file_issue_kind kind;
  std::size_t line = 0;
  std::size_t column = 0;
  config_issue issue;  // field, value and message; issue.kind is meaningful for `config` only
};

// "policy.json:7:5: allowed_origins[2] 'https://app.example.com/': an origin has no path; ..."
// One printable line: bytes from the file are escaped.
[[nodiscard]] CORS_API std::string to_string(const file_issue& issue, std::string_view file_name);

// What build() gives: the policy, or every problem that kept it from being built.
struct [[nodiscard]] built_policy {
  std::optional<cors::policy> policy;
  std::vector<file_issue> issues;
};

class policy_file {
 public:
  // Files larger than this are refused before they are parsed: memory stays bounded whatever
  // the input. 16 MiB holds about 400,000 origins.
  static constexpr std::size_t default_max_bytes = std::size_t{16} << 20;
  // A policy file nests two levels; anything deeper is refused as soon as it is seen.
  static constexpr std::size_t max_depth = 16;

  // Reads and parses the file; problems reading it are in issues(), never thrown.
  [[nodiscard]] CORS_API static policy_file read(const std::string& path,
                                                 std::size_t max_bytes = default_max_bytes);
  // Parses JSON text; `name` is the file name used in messages.
  [[nodiscard]] CORS_API static policy_file parse(std::string_view json, std::string name,
                                                  std::size_t max_bytes = default_max_bytes);

  const std::string& name() const noexcept { return name_; }

  // Everything the file sets; the callbacks (origin_predicate, on_rejection) are left empty for
  // the program to fill in before build().
  const config& configuration() const noexcept { return cfg_; }
  config& configuration() noexcept { return cfg_; }

  // The problems found reading the file: syntax, types, unknown and duplicate keys.
  const std::vector<file_issue>& issues() const noexcept { return issues_; }

  // The file's problems, then every issue cors::validate finds in the configuration, each at
  // the position of the entry it names; a policy only when there are none.
  [[nodiscard]] CORS_API built_policy build() const&;
  // The same, moving the configuration into the policy instead of copying it, for reloads of
  // large files: `std::move(file).build()`. The file's configuration is left moved-from.
  [[nodiscard]] CORS_API built_policy build() &&;

  // cors::lint's advice about the configuration, positioned like build()'s issues.
  [[nodiscard]] CORS_API std::vector<file_issue> lint() const;

  // to_string(issue, name()).
  [[nodiscard]] CORS_API std::string describe(const file_issue& issue) const;

 private:
  friend class policy_file_reader;

  // Where something starts in the file; `index` is a list entry's index among the file's
  // entries (which differs from its index in the configuration after an entry of wrong type).
  struct located {
    std::size_t line = 0;
    std::size_t column = 0;
    std::size_t index = 0;
  };

  file_issue locate(const config_issue& issue) const;
  built_policy build_from(config cfg) const;

  std::string name_;
  config cfg_;
  std::vector<file_issue> issues_;
  std::size_t root_line_ = 1;
  std::size_t root_column_ = 1;
  std::vector<std::pair<std::string, located>> option_positions_;
  std::vector<std::pair<std::string, std::vector<located>>> entry_positions_;
};

CORS_END_NAMESPACE

#endif  // CORS_POLICY_FILE_HPP
