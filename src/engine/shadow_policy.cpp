#include "cors/shadow_policy.hpp"

#include <algorithm>
#include <iterator>

#include "rejection_explanation.hpp"
#include "policy_state.hpp"

CORS_BEGIN_NAMESPACE
namespace {

constexpr std::size_t max_value_bytes = 128;
// Room kept for the longest header and " and 24 more" within the buffer's inline capacity.
constexpr std::size_t max_line_bytes = 1536 - 256;

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
// long ones are cut so that the line fits the buffer.
void explain_allowed(const decision& d, detail::explanation_buffer& out) {
  out.append(allowed_prefix(d.kind()));
  if (d.size() == 0) out.append(std::string_view("no CORS headers"));
  bool first = true;
  for (const response_header& h : d) {
    if (out.size() > max_line_bytes) {
      fmt::format_to(std::back_inserter(out), " and {} more",
                     static_cast<std::size_t>(d.end() - &h));
      break;
    }
    if (!first) out.append(std::string_view("; "));
    first = false;
    out.append(h.name);
    out.append(std::string_view(": "));
    out.append(h.value.substr(0, max_value_bytes));
    if (h.value.size() > max_value_bytes) out.append(std::string_view("..."));
  }
}

void explain(const policy& p, const decision& d, detail::explanation_buffer& out) {
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
  try {
    detail::explanation_buffer enforced_line;
    detail::explanation_buffer candidate_line;
    explain(enforced, enforced_decision, enforced_line);
    explain(candidate, candidate_decision, candidate_line);
    on_divergence(divergence{
        request, enforced_decision, std::string_view(enforced_line.data(), enforced_line.size()),
        candidate_decision, std::string_view(candidate_line.data(), candidate_line.size())});
  } catch (...) {
    // Report-only: a failing report must never change or break the answer.
  }
  return enforced_decision;
}

CORS_END_NAMESPACE
