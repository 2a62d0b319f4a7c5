// Turns a cors::config into a policy_state, collecting every problem on the way.
#include <libpsl.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fetch_rules.hpp"
#include "policy_state.hpp"
#include "string_table.hpp"
#include "tokens.hpp"

namespace cors::detail {
namespace {

// The public-suffix list that Debian keeps current (package publicsuffix), or libpsl's built-in
// copy when that file is missing.
const psl_ctx_t* public_suffixes() {
  static const psl_ctx_t* const context = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return context;
}

bool is_public_suffix(const std::string& domain) {
  const psl_ctx_t* psl = public_suffixes();
  // No "*" default rule: only suffixes the list names, so "*.localhost" or "*.internal" stay
  // usable while "*.com", "*.co.uk" and "*.github.io" are refused.
  return psl != nullptr &&
         psl_is_public_suffix2(psl, domain.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

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
  std::size_t count() const { return issues_.size(); }

 private:
  std::vector<config_issue>& issues_;
};

void build_origins(const config& cfg, policy_state& state, issue_list& issues) {
  // A policy may list 100,000 origins: views of them in a hash set, no copies.
  string_view_set seen(cfg.allowed_origins.size());
  std::size_t wildcard_index = 0;
  for (std::size_t i = 0; i < cfg.allowed_origins.size(); ++i) {
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

    // Patterns: "*." as the leftmost label, ":*" as the port. Take them off, and what is left
    // must be a serialized origin.
    const std::size_t separator = entry.find("://");
    std::string_view concrete = entry;
    std::string without_wildcard;  // a pattern's origin, its "*." taken off
    bool subdomains = false;
    bool port_wildcard = false;
    if (separator != std::string::npos) {
      const std::string_view after = std::string_view(entry).substr(separator + 3);
      if (after == "*" || after == "*." || after.rfind("*:", 0) == 0) {
        issues.add(config_issue_kind::origin_pattern_too_broad, field(), entry,
                   "matches every host; list the origins, or use '*' if any origin may read "
                   "the responses");
        continue;
      }
      if (after.rfind("*.", 0) == 0) {
        subdomains = true;
        without_wildcard = entry;
        without_wildcard.erase(separator + 3, 2);
        concrete = without_wildcard;
      }
      if (concrete.size() >= 2 && concrete.compare(concrete.size() - 2, 2, ":*") == 0) {
        port_wildcard = true;
        concrete.remove_suffix(2);
      }
    }
    if (concrete.find('*') != std::string::npos) {
      issues.add(config_issue_kind::invalid_origin, field(), entry,
                 "'*' may only stand for leading labels ('https://*.example.com') or for the "
                 "port ('http://localhost:*')");
      continue;
    }
    origin_parts parts;
    if (const origin_error error = parse_origin(concrete, parts); error != origin_error::none) {
      issues.add(config_issue_kind::invalid_origin, field(), entry, "{}", describe(error));
      continue;
    }
    if (parts.scheme != "http" && parts.scheme != "https") {
      issues.add(config_issue_kind::invalid_origin, field(), entry,
                 "only http and https origins can be allowed");
      continue;
    }
    if (port_wildcard && parts.port != -1) {
      issues.add(config_issue_kind::invalid_origin, field(), entry, "gives two ports");
      continue;
    }
    if (subdomains && parts.kind != host_kind::domain) {
      issues.add(config_issue_kind::invalid_origin, field(), entry,
                 "a subdomain wildcard needs a domain name, not an IP address");
      continue;
    }
    if (subdomains && is_public_suffix(std::string(parts.host))) {
      issues.add(config_issue_kind::origin_pattern_too_broad, field(), entry,
                 "'{}' is a public suffix: anyone can register a domain under it; allow your "
                 "own domain's subdomains instead, e.g. 'https://*.example.{}'",
                 parts.host, parts.host);
      continue;
    }
    if (cfg.allow_credentials && parts.scheme == "http" && !is_loopback(parts) &&
        !cfg.allow_insecure_origins_with_credentials) {
      issues.add(config_issue_kind::insecure_origin_with_credentials, field(), entry,
                 "with credentials, a plain-http origin lets anyone on the network path read "
                 "users' data; use https, or set allow_insecure_origins_with_credentials");
      continue;
    }

    if (subdomains) {
      state.origins.add_subdomains(parts.scheme, parts.host, port_wildcard ? any_port : parts.port);
    } else if (port_wildcard) {
      state.origins.add_any_port(parts.scheme, parts.host);
    } else {
      state.origins.add_exact(std::string(concrete));
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
    if (!is_token(method)) {
      issues.add(config_issue_kind::invalid_method, field, method,
                 "a method is a token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~");
      continue;
    }
    const std::string upper_case = upper(method);
    if (is_forbidden_method(method)) {
      issues.add(config_issue_kind::forbidden_method, field, method,
                 "browsers never send {} from scripts (Fetch: forbidden method)", upper_case);
      continue;
    }
    // fetch() upper-cases these six and sends every other method as written.
    static const std::set<std::string, std::less<>> normalized = {"DELETE",  "GET",  "HEAD",
                                                                  "OPTIONS", "POST", "PUT"};
    const std::string written = method;  // issues name the entry as the user wrote it
    if (normalized.count(upper_case) != 0) method = upper_case;
    if (!seen.insert(method).second) {
      issues.add(config_issue_kind::duplicate_entry, field, written, "listed more than once");
      continue;
    }
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
    if (!is_token(entry)) {
      issues.add(config_issue_kind::invalid_header_name, field, entry,
                 "a header name is a token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~");
      continue;
    }
    const std::string name = lower(entry);
    if (is_forbidden_request_header(name)) {
      issues.add(config_issue_kind::forbidden_header_name, field, entry,
                 "browsers never let scripts set {} (Fetch: forbidden request-header)", entry);
      continue;
    }
    if (!seen.insert(name).second) {
      issues.add(config_issue_kind::duplicate_entry, field, entry,
                 "listed more than once (names are case-insensitive)");
      continue;
    }
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
    if (!is_token(entry)) {
      issues.add(config_issue_kind::invalid_header_name, field, entry,
                 "a header name is a token (RFC 9110): letters, digits and !#$%&'*+-.^_`|~");
      continue;
    }
    const std::string name = lower(entry);
    if (name == "set-cookie" || name == "set-cookie2") {
      issues.add(config_issue_kind::forbidden_header_name, field, entry,
                 "browsers never expose {} to scripts (Fetch: forbidden response-header)", entry);
      continue;
    }
    if (!seen.insert(name).second) {
      issues.add(config_issue_kind::duplicate_entry, field, entry,
                 "listed more than once (names are case-insensitive)");
      continue;
    }
    names.push_back(entry);
  }
  state.expose_headers = wildcard ? "*" : join(names);
}

}  // namespace

std::shared_ptr<policy_state> build_policy_state(const config& cfg,
                                                 std::vector<config_issue>& issue_storage) {
  auto state = std::make_shared<policy_state>();
  state->cfg = cfg;
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

  const bool origin_dependent = !state->any_origin;
  state->vary_actual = origin_dependent ? "Origin" : "";
  std::vector<std::string> preflight_vary;
  if (origin_dependent) preflight_vary.emplace_back("Origin");
  if (state->reflect_method) preflight_vary.emplace_back("Access-Control-Request-Method");
  if (state->reflect_headers) preflight_vary.emplace_back("Access-Control-Request-Headers");
  if (cfg.allow_private_network)
    preflight_vary.emplace_back("Access-Control-Request-Private-Network");
  for (const std::string& token : preflight_vary) {
    if (!state->vary_preflight.empty()) state->vary_preflight += ", ";
    state->vary_preflight += token;
  }
  return state;
}

}  // namespace cors::detail
