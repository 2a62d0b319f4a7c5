// The response headers of a decision (docs/how-it-decides.md, 3 to 5): which are sent for
// which request, each value ready-made when the policy was built or a validated part of the
// request.
#ifndef CORS_SRC_EMISSION_HPP
#define CORS_SRC_EMISSION_HPP

#include <array>
#include <cstddef>
#include <string_view>

#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "decision_builder.hpp"
#include "policy_state.hpp"
#include "tokens.hpp"

namespace cors::detail {

inline constexpr std::string_view allow_origin_header = "Access-Control-Allow-Origin";
inline constexpr std::string_view allow_credentials_header = "Access-Control-Allow-Credentials";
inline constexpr std::string_view allow_methods_header = "Access-Control-Allow-Methods";
inline constexpr std::string_view allow_headers_header = "Access-Control-Allow-Headers";
inline constexpr std::string_view max_age_header = "Access-Control-Max-Age";
inline constexpr std::string_view expose_headers_header = "Access-Control-Expose-Headers";
inline constexpr std::string_view allow_private_network_header =
    "Access-Control-Allow-Private-Network";

// Every header a decision can carry: each at most once, except Access-Control-Allow-Headers,
// reflected once per accepted request line, of which there are at most
// max_request_headers_lines. decision::max_headers is sized from the same two numbers, so the
// slots can never overflow.
inline constexpr std::array<std::string_view, 8> emitted_headers = {allow_origin_header,
                                                                    allow_credentials_header,
                                                                    allow_methods_header,
                                                                    allow_headers_header,
                                                                    max_age_header,
                                                                    expose_headers_header,
                                                                    allow_private_network_header,
                                                                    vary_header};
static_assert(emitted_headers.size() == decision::distinct_headers);
static_assert(decision::max_headers >= emitted_headers.size() - 1 + max_request_headers_lines,
              "room for every header once and one reflected line per request line");

// A response to a request without Origin. With "*", every response carries the same headers
// whether or not the request had an Origin, so one cached copy serves everyone and no Vary is
// needed.
inline void emit_without_origin(const policy_state& s, decision_builder& out) noexcept {
  if (s.any_origin) {
    out.add(allow_origin_header, "*");
    if (!s.expose_headers.empty()) out.add(expose_headers_header, s.expose_headers);
  }
  out.add_vary(s.vary.actual);
}

// An actual request or a plain OPTIONS; `origin` is the request's origin line.
inline void emit_actual(const policy_state& s, bool allowed, std::string_view origin,
                        decision_builder& out) noexcept {
  if (allowed) {
    out.add(allow_origin_header, s.any_origin ? std::string_view("*") : origin);
    if (s.cfg.allow_credentials) out.add(allow_credentials_header, "true");
    if (!s.expose_headers.empty()) out.add(expose_headers_header, s.expose_headers);
  }
  out.add_vary(s.vary.actual);
}

// How far a preflight got: the check it failed at, or done.
enum class preflight_stage { origin, method, headers, private_network, done };

struct preflight_progress {
  preflight_stage stage = preflight_stage::origin;
  std::string_view method;                 // the requested method, once it is a token
  std::size_t requested_header_names = 0;  // once the request headers were read
  bool private_network_requested = false;
};

// What a preflight earned: every header on success; with rejected_preflight_answer =
// partial_headers, those up to the failing check (the debug answer, §5).
inline void emit_earned_preflight_headers(const policy_state& s, const request_view& request,
                                          const preflight_progress& p,
                                          decision_builder& out) noexcept {
  out.add(allow_origin_header, s.any_origin ? std::string_view("*") : request.origin.line(0));
  if (s.cfg.allow_credentials) out.add(allow_credentials_header, "true");
  if (p.stage > preflight_stage::method) {
    if (s.reflect_method) {
      out.add(allow_methods_header, p.method);
    } else if (!s.allow_methods.empty()) {
      out.add(allow_methods_header, s.allow_methods);
    }
  } else if (!s.allow_methods.empty() && !s.any_method) {
    out.add(allow_methods_header, s.allow_methods);  // the list, which lacks the refused method
  }
  if (p.stage > preflight_stage::headers) {
    if (s.reflect_headers) {
      const header_field& requested = request.access_control_request_headers;
      if (p.requested_header_names > 0) {
        for (std::size_t i = 0; i < requested.line_count(); ++i) {
          const std::string_view line = trim_ows(requested.line(i));
          if (!line.empty()) out.add(allow_headers_header, line);
        }
      }
    } else if (!s.allow_headers.empty()) {
      out.add(allow_headers_header, s.allow_headers);
    }
  } else if (p.stage == preflight_stage::headers && !s.headers.any && !s.allow_headers.empty()) {
    // The allowed list, which lacks the refused name. Never "*" here: Chromium lets
    // Authorization through under "*", and the debug answer must not let anything through.
    out.add(allow_headers_header, s.allow_headers);
  }
  if (p.stage == preflight_stage::done) {
    if (!s.max_age.empty()) out.add(max_age_header, s.max_age);
    if (p.private_network_requested) out.add(allow_private_network_header, "true");
  }
}

// A preflight's answer: the success status and the headers it earned, or 403 and Vary alone.
// With rejected_preflight_answer = partial_headers, a preflight that failed after the origin
// check gets the success status and what it earned, so that the browser goes on to the failing
// check and names it (§5).
inline void emit_preflight(const policy_state& s, const request_view& request,
                           const preflight_progress& p, decision_builder& out) noexcept {
  const bool partial =
      s.cfg.rejected_preflight_answer == rejected_preflight_response::partial_headers;
  if (p.stage == preflight_stage::done || (partial && p.stage != preflight_stage::origin)) {
    out.status(s.success_status);
    emit_earned_preflight_headers(s, request, p, out);
  } else {
    out.status(403);
  }
  out.add_vary(s.vary.preflight);
}

}  // namespace cors::detail

#endif  // CORS_SRC_EMISSION_HPP
