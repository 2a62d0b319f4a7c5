// Turns a cors::config into a policy_state, collecting every problem on the way.
#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fetch_rules.hpp"
#include "origin_pattern.hpp"
#include "policy_state.hpp"
#include "string_table.hpp"
#include "tokens.hpp"

namespace cors::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

// Browsers never let a script set these (Fetch: forbidden request-header), and set
// Access-Control-Request-Private-Network themselves, so allowing any of them is a mistake.
bool is_forbidden_request_header(std::string_view name) {
  return is_forbidden_request_header_name(name) || name == "access-control-request-private-network";
}

class issue_list {
 public:
  explicit issue_list(std::vector<config_issue>& issues) : issues_(issues) {}
  template <class... Args>
  void add(config_issue_kind kind, std::string field, std::string_view value,
           fmt::format_string<Args...> message, Args&&... args) {
    issues_.push_back(config_issue{kind, std::move(field), std::string(value),
                                   fmt::format(message, std::forward<Args>(args)...)});
  }

 private:
  std::vector<config_issue>& issues_;
};

void build_origins(const config& cfg, policy_state& state, issue_list& issues) {
  // A policy may list 100,000 origins: views of them in a hash set, no copies.
  string_view_set seen(cfg.allowed_origins.size());
  // Room for the entries that can be exact origins (no '*'), not for the patterns.
  state.origins.reserve_exact(static_cast<std::size_t>(std::count_if(
      cfg.allowed_origins.begin(), cfg.allowed_origins.end(),
      [](const std::string& entry) { return entry.find('*') == std::string::npos; })));
  std::size_t wildcard_index = 0;
  // Inserting entry i, the slots of entry i + ahead are loaded meanwhile (an exact origin is
  // stored as written): with 100,000 origins, each insert would otherwise wait on memory.
  constexpr std::size_t ahead = 8;
  for (std::size_t i = 0; i < cfg.allowed_origins.size(); ++i) {
    if (i + ahead < cfg.allowed_origins.size()) {
      seen.prefetch(cfg.allowed_origins[i + ahead]);
      state.origins.prefetch_exact(cfg.allowed_origins[i + ahead]);
    }
    const std::string& entry = cfg.allowed_origins[i];
    // Formatted only for an issue: most entries have none.
    const auto field = [i] { return fmt::format("allowed_origins[{}]", i); };
    if (!seen.insert(entry)) {
      issues.add(config_issue_kind::duplicate_entry, field(), entry, "listed more than once");
      continue;
    }
    if (std::string_view(entry) == "*") {
      state.any_origin = true;
      wildcard_index = i;
      if (cfg.allow_credentials)
        issues.add(config_issue_kind::wildcard_origin_with_credentials, field(), entry,
                   "browsers refuse 'Access-Control-Allow-Origin: *' on credentialed requests; "
                   "list the origins, or turn allow_credentials off");
      continue;
    }
    if (std::string_view(entry) == "null") {
      issues.add(config_issue_kind::null_origin_listed, field(), entry,
                 "any sandboxed iframe or file: page sends 'null'; set allow_null_origin "
                 "instead if you mean it");
      continue;
    }

    origin_pattern pattern;
    if (auto problem = parse_origin_pattern(entry, pattern)) {
      issues.add(problem->kind, field(), entry, "{}", problem->message);
      continue;
    }
    const origin_parts& parts = pattern.parts;
    if (cfg.allow_credentials && parts.scheme == "http" && !is_loopback(parts) &&
        !cfg.allow_insecure_origins_with_credentials) {
      issues.add(config_issue_kind::insecure_origin_with_credentials, field(), entry,
                 "with credentials, a plain-http origin lets anyone on the network path read "
                 "users' data; use https, or set allow_insecure_origins_with_credentials");
      continue;
    }

    if (pattern.subdomains) {
      state.origins.add_subdomains(parts.scheme, parts.host,
                                   pattern.any_port ? any_port : parts.port);
    } else if (pattern.any_port) {
      state.origins.add_any_port(parts.scheme, parts.host);
    } else {
      state.origins.add_exact(std::string(pattern.origin));
    }
  }

  if (state.any_origin && (cfg.allowed_origins.size() > 1 || cfg.origin_predicate)) {
    issues.add(config_issue_kind::wildcard_origin_with_other_entries,
               fmt::format("allowed_origins[{}]", wildcard_index), "*",
               "'*' already allows every origin; remove the other entries and the predicate");
  }
  if (cfg.allowed_origins.empty() && !cfg.origin_predicate && !cfg.allow_null_origin) {
    issues.add(config_issue_kind::no_allowed_origin, "allowed_origins", "",
               "no origin is allowed; list origins, '*', or set an origin_predicate");
  }
}

// Refuses an entry of a list of methods or header names that is not an RFC 9110 token; `what`
// is "a method" or "a header name". True when refused.
bool refused_as_non_token(issue_list& issues, config_issue_kind kind, std::string_view what,
                          const std::string& field, std::string_view entry) {
  if (is_token(entry)) return false;
  issues.add(kind, field, entry, "{} is a token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~",
             what);
  return true;
}

// Refuses an entry whose `key` (its compared form) was listed before. True when refused.
bool refused_as_repeat(issue_list& issues, std::set<std::string, std::less<>>& seen,
                       std::string key, const std::string& field, std::string_view entry,
                       std::string_view message) {
  if (seen.insert(std::move(key)).second) return false;
  issues.add(config_issue_kind::duplicate_entry, field, entry, "{}", message);
  return true;
}

constexpr std::string_view names_repeated = "listed more than once (names are case-insensitive)";

void build_methods(config& cfg, policy_state& state, issue_list& issues) {
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < cfg.allowed_methods.size(); ++i) {
    std::string& method = cfg.allowed_methods[i];
    const std::string field = fmt::format("allowed_methods[{}]", i);
    if (method == "*") {
      state.any_method = true;
      state.reflect_method = cfg.allow_credentials;
      continue;
    }
    if (refused_as_non_token(issues, config_issue_kind::invalid_method, "a method", field, method))
      continue;
    const std::string upper_case = upper(method);
    if (is_forbidden_method(method)) {
      issues.add(config_issue_kind::forbidden_method, field, method,
                 "browsers never send {} from scripts (Fetch: forbidden method)", upper_case);
      continue;
    }
    const std::string written = method;  // issues name the entry as the user wrote it
    if (const std::string_view sent = normalized_method(method); !sent.empty())
      method = std::string(sent);
    if (refused_as_repeat(issues, seen, method, field, written, "listed more than once")) continue;
    state.methods.push_back(method);
  }
  if (state.any_method && !state.reflect_method) {
    state.allow_methods = "*";
  } else if (!state.any_method) {
    state.allow_methods = join(state.methods);
  }
}

void build_request_headers(const config& cfg, policy_state& state, issue_list& issues) {
  std::set<std::string, std::less<>> seen;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < cfg.allowed_headers.size(); ++i) {
    const std::string& entry = cfg.allowed_headers[i];
    const std::string field = fmt::format("allowed_headers[{}]", i);
    if (entry == "*") {
      state.headers.any = true;
      state.reflect_headers = cfg.allow_credentials;
      continue;
    }
    if (refused_as_non_token(issues, config_issue_kind::invalid_header_name, "a header name", field,
                             entry))
      continue;
    const std::string name = lower(entry);
    if (is_forbidden_request_header(name)) {
      issues.add(config_issue_kind::forbidden_header_name, field, entry,
                 "browsers never let scripts set {} (Fetch: forbidden request-header)", entry);
      continue;
    }
    if (refused_as_repeat(issues, seen, name, field, entry, names_repeated)) continue;
    if (name == "authorization") state.headers.authorization_listed = true;
    names.push_back(name);
  }
  if (state.headers.any) {
    if (!state.reflect_headers)
      state.allow_headers = state.headers.authorization_listed ? "*,authorization" : "*";
  } else {
    state.allow_headers = join(names);
  }
  state.headers.names.assign(std::move(names));
}

void build_exposed_headers(const config& cfg, policy_state& state, issue_list& issues) {
  std::set<std::string, std::less<>> seen;
  std::vector<std::string> names;
  bool wildcard = false;
  for (std::size_t i = 0; i < cfg.exposed_headers.size(); ++i) {
    const std::string& entry = cfg.exposed_headers[i];
    const std::string field = fmt::format("exposed_headers[{}]", i);
    if (entry == "*") {
      wildcard = true;
      if (cfg.allow_credentials)
        issues.add(config_issue_kind::wildcard_exposed_headers_with_credentials, field, entry,
                   "on credentialed requests browsers read '*' as a header named '*'; list the "
                   "headers to expose");
      continue;
    }
    if (refused_as_non_token(issues, config_issue_kind::invalid_header_name, "a header name", field,
                             entry))
      continue;
    const std::string name = lower(entry);
    if (is_listed(name, forbidden_response_header_names)) {
      issues.add(config_issue_kind::forbidden_header_name, field, entry,
                 "browsers never expose {} to scripts (Fetch: forbidden response-header)", entry);
      continue;
    }
    if (refused_as_repeat(issues, seen, name, field, entry, names_repeated)) continue;
    names.push_back(entry);
  }
  state.expose_headers = wildcard ? "*" : join(names);
}

}  // namespace

std::shared_ptr<policy_state> build_policy_state(config given,
                                                 std::vector<config_issue>& issue_storage) {
  auto state = std::make_shared<policy_state>();
  state->cfg = std::move(given);
  const config& cfg = state->cfg;
  issue_list issues(issue_storage);

  build_origins(state->cfg, *state, issues);
  build_methods(state->cfg, *state, issues);
  build_request_headers(state->cfg, *state, issues);
  build_exposed_headers(state->cfg, *state, issues);

  if (cfg.max_age_seconds) {
    const int seconds = *cfg.max_age_seconds;
    if (seconds < 0 || seconds > 86400) {
      issues.add(config_issue_kind::max_age_out_of_range, "max_age_seconds",
                 std::to_string(seconds),
                 "must be 0 (do not cache) to 86400 seconds; Chromium caps it at 7200 anyway");
    } else {
      state->max_age = std::to_string(seconds);
    }
  }
  if (cfg.preflight_success_status != 200 && cfg.preflight_success_status != 204) {
    issues.add(config_issue_kind::invalid_preflight_status, "preflight_success_status",
               std::to_string(cfg.preflight_success_status),
               "a preflight succeeds with 204, or 200 for legacy clients");
  }
  state->success_status = cfg.preflight_success_status;

  state->vary = build_vary_tokens({state->any_origin, state->reflect_method, state->reflect_headers,
                                   cfg.allow_private_network});
  return state;
}

}  // namespace cors::detail
