#include "cors/policy.hpp"

#include <array>
#include <string>
#include <vector>

#include "decision_builder.hpp"
#include "fetch_rules.hpp"
#include "policy_state.hpp"
#include "rejection_explanation.hpp"
#include "string_table.hpp"
#include "tokens.hpp"

namespace cors::detail {
namespace {

constexpr std::string_view allow_origin = "Access-Control-Allow-Origin";
constexpr std::string_view allow_credentials = "Access-Control-Allow-Credentials";
constexpr std::string_view allow_methods = "Access-Control-Allow-Methods";
constexpr std::string_view allow_headers = "Access-Control-Allow-Headers";
constexpr std::string_view max_age = "Access-Control-Max-Age";
constexpr std::string_view expose_headers = "Access-Control-Expose-Headers";
constexpr std::string_view allow_private_network = "Access-Control-Allow-Private-Network";

// Every header a decision can carry: each at most once, except Access-Control-Allow-Headers,
// reflected once per accepted request line, of which there are at most
// max_request_headers_lines. decision::max_headers is sized from the same two numbers, so the
// slots can never overflow.
constexpr std::array<std::string_view, 8> emitted_headers = {
    allow_origin, allow_credentials, allow_methods,         allow_headers,
    max_age,      expose_headers,    allow_private_network, "Vary"};
static_assert(emitted_headers.size() == decision::distinct_headers);
static_assert(decision::max_headers >= emitted_headers.size() - 1 + max_request_headers_lines,
              "room for every header once and one reflected line per request line");

// Longest method accepted in Access-Control-Request-Method; real methods are a few letters.
constexpr std::size_t max_method_length = 64;
// Whitespace tolerated around it, so that a value padded with a megabyte of spaces is refused
// by its length alone instead of being trimmed byte by byte.
constexpr std::size_t max_method_padding = 4;

// Methods are compared byte for byte, as browsers do; the list is short, so a scan with an
// inline comparison beats any table.
bool is_listed(const std::vector<std::string>& methods, std::string_view method) noexcept {
  for (const std::string& listed : methods)
    if (listed.size() == method.size() && same_bytes(listed.data(), method.data(), method.size()))
      return true;
  return false;
}

// How far a preflight got before it failed, for the debug answer with partial headers.
enum class preflight_stage { origin, method, headers, private_network, done };

}  // namespace

decision decide(const policy_state& s, const request_view& request) noexcept;

}  // namespace cors::detail

CORS_BEGIN_NAMESPACE

std::vector<config_issue> validate(const config& cfg) {
  std::vector<config_issue> issues;
  detail::build_policy_state(cfg, issues);
  return issues;
}

policy::policy(std::shared_ptr<const detail::policy_state> state) noexcept
    : state_(std::move(state)) {}

policy::policy(const config& cfg) {
  std::vector<config_issue> issues;
  auto state = detail::build_policy_state(cfg, issues);
  if (!issues.empty()) throw config_error(std::move(issues));
  state_ = std::move(state);
}

policy_or_issues policy::create(const config& cfg) {
  std::vector<config_issue> issues;
  auto state = detail::build_policy_state(cfg, issues);
  if (!issues.empty()) return policy_or_issues(std::move(issues));
  return policy_or_issues(policy(std::shared_ptr<const detail::policy_state>(std::move(state))));
}

const policy& policy_or_issues::value() const {
  if (!policy_) throw config_error(issues_);
  return *policy_;
}

const config& policy::configuration() const noexcept {
  return state_->cfg;
}

decision policy::evaluate(const request_view& request) const noexcept {
  const detail::policy_state& s = *state_;
  decision d = detail::decide(s, request);
  if (!d.allowed() && s.cfg.on_rejection) {
    detail::explanation_buffer line;
    detail::explain(s, d, line);
    try {
      s.cfg.on_rejection(d, std::string_view(line.data(), line.size()));
    } catch (...) {
      // A failing log sink must not turn a CORS decision into a crash.
    }
  }
  return d;
}

std::string policy::explain(const decision& d) const {
  detail::explanation_buffer line;
  detail::explain(*state_, d, line);
  return std::string(line.data(), line.size());
}

CORS_END_NAMESPACE

namespace cors::detail {

decision decide(const policy_state& s, const request_view& request) noexcept {
  decision d;
  decision_builder out(d);

  // Checks the origin; on success `allowed_value` is what Access-Control-Allow-Origin carries:
  // "*", or the request's own origin once it has passed the serialized-origin grammar.
  std::string_view allowed_value;
  auto check_origin = [&]() -> rejection_reason {
    if (s.any_origin) {
      allowed_value = "*";
      return rejection_reason::none;
    }
    const std::string_view origin = request.origin.line(0);
    if (request.origin.line_count() != 1) {
      out.reject(rejection_reason::malformed_origin, origin);
      return rejection_reason::malformed_origin;
    }
    rejection_reason reason = rejection_reason::none;
    if (s.origins.matches_exact(origin)) {
      // Listed exactly: valid by construction, no parsing needed.
    } else if (origin == "null") {
      if (!s.cfg.allow_null_origin) reason = rejection_reason::origin_not_allowed;
    } else {
      origin_parts parts;
      if (parse_origin(origin, parts) != origin_error::none) {
        reason = rejection_reason::malformed_origin;
      } else {
        bool allowed = s.origins.matches_pattern(parts);
        if (!allowed && s.cfg.origin_predicate) {
          try {
            allowed = s.cfg.origin_predicate(origin);
          } catch (...) {
            allowed = false;  // a failing predicate denies; it never takes the server down
          }
        }
        if (!allowed) reason = rejection_reason::origin_not_allowed;
      }
    }
    if (reason != rejection_reason::none) {
      out.reject(reason, origin);
      return reason;
    }
    allowed_value = origin;
    return rejection_reason::none;
  };

  if (!request.origin.present()) {
    out.kind(request_kind::not_cors);
    // With "*", every response carries the same headers whether or not the request had an
    // Origin, so one cached copy serves everyone and no Vary is needed.
    if (s.any_origin) {
      out.add(allow_origin, "*");
      if (!s.expose_headers.empty()) out.add(expose_headers, s.expose_headers);
    }
    out.add_vary(s.vary_actual);
    return d;
  }

  const bool options = request.method == "OPTIONS";
  if (!options || !request.access_control_request_method.present()) {
    out.kind(options ? request_kind::plain_options : request_kind::actual);
    if (check_origin() == rejection_reason::none) {
      out.add(allow_origin, allowed_value);
      if (s.cfg.allow_credentials) out.add(allow_credentials, "true");
      if (!s.expose_headers.empty()) out.add(expose_headers, s.expose_headers);
    }
    out.add_vary(s.vary_actual);
    return d;
  }

  // A preflight (Fetch, "CORS-preflight fetch").
  out.kind(request_kind::preflight);
  out.respond_now(!s.cfg.preflight_passthrough);
  preflight_stage stage = preflight_stage::origin;
  std::string_view requested_method;
  bool private_network_requested = false;
  const header_field& requested_headers = request.access_control_request_headers;
  std::size_t requested_header_count = 0;

  bool passed = check_origin() == rejection_reason::none;
  if (passed) {
    stage = preflight_stage::method;
    const header_field& method_field = request.access_control_request_method;
    const std::string_view raw_method = method_field.line(0);
    if (raw_method.size() <= max_method_length + max_method_padding)
      requested_method = trim_ows(raw_method);
    if (method_field.line_count() != 1 || requested_method.size() > max_method_length ||
        !is_token(requested_method)) {
      out.reject(rejection_reason::malformed_request_method,
                 method_field.line(0).substr(0, max_method_length));
      passed = false;
    } else if (!is_safelisted_method(requested_method) && !s.any_method &&
               !is_listed(s.methods, requested_method)) {
      out.reject(rejection_reason::method_not_allowed, requested_method);
      passed = false;
    }
  }
  if (passed) {
    stage = preflight_stage::headers;
    const header_list_result checked = check_request_headers(requested_headers, s.headers);
    requested_header_count = checked.names;
    if (checked.status != header_list_status::ok) {
      out.reject(checked.status == header_list_status::malformed
                     ? rejection_reason::malformed_request_headers
                     : rejection_reason::header_not_allowed,
                 checked.offending);
      passed = false;
    }
  }
  if (passed) {
    stage = preflight_stage::private_network;
    const header_field& pna = request.access_control_request_private_network;
    private_network_requested = pna.line_count() == 1 && trim_ows(pna.line(0)) == "true";
    if (private_network_requested && !s.cfg.allow_private_network) {
      out.reject(rejection_reason::private_network_not_allowed, pna.line(0));
      passed = false;
    } else {
      stage = preflight_stage::done;
    }
  }

  const bool partial =
      s.cfg.rejected_preflight_answer == rejected_preflight_response::partial_headers;
  if (!passed && (!partial || stage == preflight_stage::origin)) {
    out.status(403);
    out.add_vary(s.vary_preflight);
    return d;
  }

  // Success, or the debug answer: everything the preflight earned up to the failing check, with
  // the success status so that the browser goes on to that check and names it.
  out.status(s.success_status);
  out.add(allow_origin, allowed_value);
  if (s.cfg.allow_credentials) out.add(allow_credentials, "true");
  if (stage > preflight_stage::method) {
    if (s.reflect_method) {
      out.add(allow_methods, requested_method);
    } else if (!s.allow_methods.empty()) {
      out.add(allow_methods, s.allow_methods);
    }
  } else if (!s.allow_methods.empty() && !s.any_method) {
    out.add(allow_methods, s.allow_methods);  // the allowed list, which lacks the requested method
  }
  if (stage > preflight_stage::headers) {
    if (s.reflect_headers) {
      if (requested_header_count > 0) {
        for (std::size_t i = 0; i < requested_headers.line_count(); ++i) {
          const std::string_view line = trim_ows(requested_headers.line(i));
          if (!line.empty()) out.add(allow_headers, line);
        }
      }
    } else if (!s.allow_headers.empty()) {
      out.add(allow_headers, s.allow_headers);
    }
  } else if (stage == preflight_stage::headers && !s.headers.any && !s.allow_headers.empty()) {
    // The allowed list, which lacks the refused name. Never "*" here: Chromium lets
    // Authorization through under "*", and the debug answer must not let anything through.
    out.add(allow_headers, s.allow_headers);
  }
  if (stage == preflight_stage::done) {
    if (!s.max_age.empty()) out.add(max_age, s.max_age);
    if (private_network_requested) out.add(allow_private_network, "true");
  }
  out.add_vary(s.vary_preflight);
  return d;
}

}  // namespace cors::detail
