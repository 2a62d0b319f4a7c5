// How a policy decides (docs/how-it-decides.md): the request is classified, the checks its
// kind needs run in order, and the answer is emitted. Each step lives in the file its name
// says; this is only their order. Inline, as it is evaluate()'s whole work.
#ifndef CORS_SRC_DECIDE_HPP
#define CORS_SRC_DECIDE_HPP

#include "classification.hpp"
#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "decision_builder.hpp"
#include "emission.hpp"
#include "header_list.hpp"
#include "method_check.hpp"
#include "origin_check.hpp"
#include "policy_state.hpp"
#include "private_network_check.hpp"

namespace cors::detail {

// The checks of a preflight (Fetch, "CORS-preflight fetch"), each only if the previous one
// passed; the first failure is the decision's reason.
inline preflight_progress check_preflight(const policy_state& s, const request_view& request,
                                          decision_builder& out) noexcept {
  preflight_progress p;
  if (const rejection_reason reason = check_origin(s, request.origin);
      reason != rejection_reason::none) {
    out.reject(reason, request.origin.line(0), request.origin);
    return p;
  }
  p.stage = preflight_stage::method;
  const method_check method = check_request_method(s, request.access_control_request_method);
  if (method.reason != rejection_reason::none) {
    out.reject(method.reason, method.method, request.access_control_request_method);
    return p;
  }
  p.method = method.method;
  p.stage = preflight_stage::headers;
  const header_list_result headers =
      check_request_headers(request.access_control_request_headers, s.headers);
  p.requested_header_names = headers.names;
  if (headers.status != header_list_status::ok) {
    out.reject(headers.status == header_list_status::malformed
                   ? rejection_reason::malformed_request_headers
                   : rejection_reason::header_not_allowed,
               headers.offending);
    return p;
  }
  p.stage = preflight_stage::private_network;
  const header_field& private_network = request.access_control_request_private_network;
  p.private_network_requested = requests_private_network(private_network);
  if (const rejection_reason reason = check_private_network(s, p.private_network_requested);
      reason != rejection_reason::none) {
    out.reject(reason, private_network.line(0));
    return p;
  }
  p.stage = preflight_stage::done;
  return p;
}

inline decision decide(const policy_state& s, const request_view& request) noexcept {
  decision d;
  decision_builder out(d);
  const request_kind kind = classify(request);
  out.kind(kind);
  switch (kind) {
    case request_kind::not_cors:
      emit_without_origin(s, out);
      break;
    case request_kind::actual:
    case request_kind::plain_options: {
      const rejection_reason reason = check_origin(s, request.origin);
      if (reason != rejection_reason::none)
        out.reject(reason, request.origin.line(0), request.origin);
      emit_actual(s, reason == rejection_reason::none, request.origin.line(0), out);
      break;
    }
    case request_kind::preflight:
      out.respond_now(!s.cfg.preflight_passthrough);
      emit_preflight(s, request, check_preflight(s, request, out), out);
      break;
  }
  return d;
}

}  // namespace cors::detail

#endif  // CORS_SRC_DECIDE_HPP
