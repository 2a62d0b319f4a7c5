// Report-only evaluation: a candidate policy tried on real traffic before it is enforced, as
// Content-Security-Policy-Report-Only does for CSP.
//
//   const cors::decision d = cors::evaluate_report_only(enforced, candidate, request,
//       [](const cors::divergence& x) { log(x.enforced_explanation, x.candidate_explanation); });
//
// The answer is always the enforced policy's; the candidate only ever reaches the callback.
#ifndef CORS_SHADOW_POLICY_HPP
#define CORS_SHADOW_POLICY_HPP

#include <functional>
#include <string_view>

#include "cors/decision.hpp"
#include "cors/policy.hpp"
#include "cors/request.hpp"
#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

// A request the two policies answer differently. The explanations are one line each:
// on_rejection's line for a rejected request ("preflight rejected: method 'PATCH' is not
// allowed (allowed: GET, PUT)"), or "preflight allowed: " and the headers for an allowed one.
// Everything here is valid during the callback only.
struct divergence {
  const request_view& request;
  const decision& enforced;
  std::string_view enforced_explanation;
  const decision& candidate;
  std::string_view candidate_explanation;
};

// True when a client would see the same answer: both allowed or both rejected, the same
// status and respond_now(), and the same headers with the same values in the same order.
[[nodiscard]] CORS_API bool same_answer(const decision& a, const decision& b) noexcept;

// Decides `request` with `enforced` and returns that decision. Decides it with `candidate` too
// and, when the answers differ, calls `on_divergence`. The explanations are formatted into
// buffers on the stack, so this allocates nothing; it costs about one more evaluation. An
// exception from the callback is swallowed. The candidate's own on_rejection, if it has one,
// is called like any policy's.
[[nodiscard]] CORS_API decision
evaluate_report_only(const policy& enforced, const policy& candidate, const request_view& request,
                     const std::function<void(const divergence&)>& on_divergence) noexcept;

CORS_END_NAMESPACE

#endif  // CORS_SHADOW_POLICY_HPP
