// cors::validate and policy::create on random configurations. Every problem must name the field
// and entry it is about; a configuration that passes must keep the security rules, which the
// harness then checks by evaluating requests made from the configuration's own entries.
//
// Input: one byte of flags, then fields separated by 0x1f: allowed origins, methods, request
// headers, exposed headers (entries separated by 0x1e), max-age and preflight status (decimal).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks.hpp"

namespace {

std::vector<std::string> entries(std::string_view field) {
  std::vector<std::string> out;
  if (field.empty()) return out;
  for (std::string_view entry : cors_fuzz::split(field, '\x1e')) out.emplace_back(entry);
  return out;
}

// A decimal integer, clamped to int; nullopt when the field is empty or not a number.
std::optional<int> number(std::string_view field) {
  if (field.empty() || field.size() > 12) return std::nullopt;
  bool negative = field[0] == '-';
  if (negative) field.remove_prefix(1);
  if (field.empty() || !cors_fuzz::only_bytes_from(field, "0123456789")) return std::nullopt;
  long long value = std::stoll(std::string(field));
  if (negative) value = -value;
  if (value > 2147483647LL) value = 2147483647LL;
  if (value < -2147483647LL) value = -2147483647LL;
  return static_cast<int>(value);
}

cors::config make_config(const std::uint8_t* data, std::size_t size) {
  cors::config cfg;
  const std::uint8_t flags = data[0];
  cfg.allow_null_origin = (flags & 0x01) != 0;
  cfg.allow_credentials = (flags & 0x02) != 0;
  cfg.allow_insecure_origins_with_credentials = (flags & 0x04) != 0;
  cfg.allow_private_network = (flags & 0x08) != 0;
  cfg.preflight_passthrough = (flags & 0x10) != 0;
  if ((flags & 0x20) != 0)
    cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  cfg.preflight_success_status = (flags & 0x40) != 0 ? 200 : 204;

  const std::vector<std::string_view> fields =
      cors_fuzz::split(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), '\x1f');
  auto field = [&](std::size_t i) { return i < fields.size() ? fields[i] : std::string_view(); };
  cfg.allowed_origins = entries(field(0));
  cfg.allowed_methods = entries(field(1));
  cfg.allowed_headers = entries(field(2));
  cfg.exposed_headers = entries(field(3));
  cfg.max_age_seconds = number(field(4));
  if (const std::optional<int> status = number(field(5))) cfg.preflight_success_status = *status;
  return cfg;
}

// "name[i]" naming an entry of `list`, whose value must be that entry (methods may have been
// upper-cased, the way fetch() normalizes them).
bool names_entry(const cors::config_issue& issue, std::string_view name,
                 const std::vector<std::string>& list) {
  const std::string prefix = std::string(name) + "[";
  if (issue.field.rfind(prefix, 0) != 0 || issue.field.back() != ']') return false;
  const std::string index =
      issue.field.substr(prefix.size(), issue.field.size() - prefix.size() - 1);
  if (index.empty() || !cors_fuzz::only_bytes_from(index, "0123456789") || index.size() > 9)
    return false;
  const std::size_t i = std::stoul(index);
  if (i >= list.size()) return false;
  return issue.value == list[i] ||
         (name == "allowed_methods" &&
          cors_fuzz::ascii_lower(issue.value) == cors_fuzz::ascii_lower(list[i]));
}

void check_issue(const cors::config& cfg, const cors::config_issue& issue) {
  FUZZ_CHECK(!issue.message.empty());
  FUZZ_CHECK(cors::to_string(issue.kind) != "unknown");
  FUZZ_CHECK(issue.severity() == cors::issue_severity::error);
  FUZZ_CHECK(cors::to_string(issue).find(issue.field) == 0);
  const bool named = names_entry(issue, "allowed_origins", cfg.allowed_origins) ||
                     names_entry(issue, "allowed_methods", cfg.allowed_methods) ||
                     names_entry(issue, "allowed_headers", cfg.allowed_headers) ||
                     names_entry(issue, "exposed_headers", cfg.exposed_headers) ||
                     (issue.field == "allowed_origins" && cfg.allowed_origins.empty()) ||
                     (issue.field == "max_age_seconds" && cfg.max_age_seconds &&
                      issue.value == std::to_string(*cfg.max_age_seconds)) ||
                     (issue.field == "preflight_success_status" &&
                      issue.value == std::to_string(cfg.preflight_success_status));
  FUZZ_CHECK(named);
}

// `text` is `lines` lines of printable ASCII separated by '\n'.
bool is_printable_lines(std::string_view text, std::size_t lines) {
  const std::vector<std::string_view> split = cors_fuzz::split(text, '\n');
  if (split.size() != lines) return false;
  for (std::string_view line : split)
    if (!cors_fuzz::is_printable_line(line)) return false;
  return true;
}

bool same_issues(const std::vector<cors::config_issue>& a,
                 const std::vector<cors::config_issue>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].field != b[i].field || a[i].value != b[i].value ||
        a[i].message != b[i].message)
      return false;
  return true;
}

// Origins to try: each entry as written, each pattern filled in, and look-alikes.
std::vector<std::string> probe_origins(const cors::config& cfg) {
  std::vector<std::string> out = {"null", "https://evil.example", "http://localhost"};
  for (const std::string& entry : cfg.allowed_origins) {
    if (out.size() >= 24) break;
    out.push_back(entry);
    std::string filled = entry;
    if (const std::size_t star = filled.find("*."); star != std::string::npos)
      filled.replace(star, 2, "a.");
    if (cors_fuzz::ends_with(filled, ":*")) filled.replace(filled.size() - 1, 1, "8080");
    out.push_back(filled);
    out.push_back(filled + ".evil.example");
    out.push_back(cors_fuzz::ascii_lower(filled) == filled ? filled + "/"
                                                           : cors_fuzz::ascii_lower(filled));
  }
  return out;
}

// Checks a valid configuration's policy on requests made from its own entries.
void check_policy(const cors::config& cfg, const cors::policy& policy) {
  const cors_fuzz::ref_policy reference(cfg);

  // The rules validation exists for.
  if (cfg.allow_credentials) {
    FUZZ_CHECK(!reference.any_origin);
    for (const std::string& e : cfg.exposed_headers) FUZZ_CHECK(e != "*");
    for (const cors_fuzz::ref_rule& rule : reference.rules) {
      if (rule.scheme != "http" || cfg.allow_insecure_origins_with_credentials) continue;
      cors_fuzz::ref_origin host;
      host.host = rule.host;
      host.is_domain =
          rule.host.find_first_not_of("0123456789.") != std::string::npos && rule.host[0] != '[';
      if (rule.kind == cors_fuzz::ref_rule::exact) {
        bool strict = false;
        FUZZ_CHECK(cors_fuzz::ref_parse_origin(rule.text, host, strict));
      }
      FUZZ_CHECK(cors_fuzz::ref_is_loopback(host));
    }
  }
  for (const std::string& entry : cfg.allowed_origins) {
    FUZZ_CHECK(entry != "null");
    FUZZ_CHECK(entry == "*" || entry.rfind("https://", 0) == 0 || entry.rfind("http://", 0) == 0);
  }

  std::vector<std::string> methods = {"PUT", "patch", "DELETE"};
  std::string requested_headers = "authorization,x-other";
  for (const std::string& m : cfg.allowed_methods) methods.push_back(m);
  for (const std::string& h : cfg.allowed_headers) requested_headers += "," + h;
  if (methods.size() > 7) methods.resize(7);

  for (const std::string& origin : probe_origins(cfg)) {
    for (std::size_t i = 0; i <= methods.size(); ++i) {
      cors_fuzz::fuzzed_request request;
      request.origin.lines = {origin};
      if (i == methods.size()) {
        request.method = "GET";
      } else {
        request.method = "OPTIONS";
        request.request_method.lines = {methods[i]};
        if (i % 2 == 0) request.request_headers.lines = {requested_headers};
        if (i % 3 == 0) request.private_network.lines = {"true"};
      }
      cors_fuzz::check_decision(policy, reference, request, policy.evaluate(request.view()));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cors_fuzz::init_step_counter();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const cors::config cfg = make_config(data, size);

  const std::vector<cors::config_issue> issues = cors::validate(cfg);
  for (const cors::config_issue& issue : issues) check_issue(cfg, issue);

  const cors::policy_or_issues created = cors::policy::create(cfg);
  FUZZ_CHECK(same_issues(issues, created.issues()));
  FUZZ_CHECK(created.ok() == issues.empty());

  try {
    const cors::policy constructed(cfg);
    FUZZ_CHECK(issues.empty());
  } catch (const cors::config_error& error) {
    FUZZ_CHECK(same_issues(issues, error.issues()));
    // what() is a C string that ends up in logs: one line per issue, each naming its field,
    // whatever bytes the configured values hold (a NUL would cut the list short, a CR or LF
    // would forge lines).
    const std::string_view what(error.what());
    FUZZ_CHECK(is_printable_lines(what, issues.size() + 1));
    for (const cors::config_issue& issue : issues) {
      FUZZ_CHECK(what.find("\n  " + issue.field) != std::string_view::npos);
      FUZZ_CHECK(cors_fuzz::is_printable_line(cors::to_string(issue)));
    }
  }

  if (created) check_policy(cfg, *created);
  return 0;
}
