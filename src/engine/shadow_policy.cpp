#include "cors/shadow_policy.hpp"

#include <algorithm>

#include "policy_state.hpp"
#include "rejection_explanation.hpp"

CORS_BEGIN_NAMESPACE
namespace {

std::string_view allowed_prefix(request_kind kind) {
  switch (kind) {
    case request_kind::preflight:
      return "preflight allowed: ";
    case request_kind::plain_options:
      return "OPTIONS request allowed: ";
    case request_kind::not_cors:
      return "request without Origin: ";
    default:
      return "request allowed: ";
  }
}

// "preflight allowed: Access-Control-Allow-Origin: https://a.example; Vary: Origin". An allowed
// decision's values are validated origins, tokens and the policy's own lists, all printable;
// long ones are cut, and the headers that do not fit are counted.
void explain_allowed(const decision& d, detail::explanation_line& out) noexcept {
  out.append(allowed_prefix(d.kind()));
  if (d.size() == 0) {
    out.append(std::string_view("no CORS headers"));
    return;
  }
  detail::list_writer headers(out, decision::max_headers, 0, "; ");
  for (const response_header& h : d) headers.add(h.name, h.value);
  headers.finish();
}

void explain(const policy& p, const decision& d, detail::explanation_line& out) noexcept {
  if (d.allowed()) {
    explain_allowed(d, out);
  } else {
    detail::explain(detail::policy_access::state(p), d, out);
  }
}

}  // namespace

bool same_answer(const decision& a, const decision& b) noexcept {
  return a.allowed() == b.allowed() && a.status() == b.status() &&
         a.respond_now() == b.respond_now() &&
         std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const response_header& x, const response_header& y) {
                      return x.name == y.name && x.value == y.value;
                    });
}

decision evaluate_report_only(
    const policy& enforced, const policy& candidate, const request_view& request,
    const std::function<void(const divergence&)>& on_divergence) noexcept {
  const decision enforced_decision = enforced.evaluate(request);
  const decision candidate_decision = candidate.evaluate(request);
  if (!on_divergence || same_answer(enforced_decision, candidate_decision))
    return enforced_decision;
  detail::explanation_line enforced_line;
  detail::explanation_line candidate_line;
  explain(enforced, enforced_decision, enforced_line);
  explain(candidate, candidate_decision, candidate_line);
  try {
    on_divergence(divergence{request, enforced_decision, enforced_line.view(), candidate_decision,
                             candidate_line.view()});
  } catch (...) {
    // Report-only: a failing report must never change or break the answer.
  }
  return enforced_decision;
}

CORS_END_NAMESPACE
