// One-line explanations of rejected decisions, for logs and for policy::explain().
#ifndef CORS_SRC_REJECTION_EXPLANATION_HPP
#define CORS_SRC_REJECTION_EXPLANATION_HPP

#include "cors/decision.hpp"
#include "explanation_line.hpp"
#include "policy_state.hpp"

namespace cors::detail {

// Appends the explanation of a rejected decision; appends nothing for an allowed one. Request
// bytes are cut at 128 (escaped, up to 4 bytes each), configured items at 128, lists at 8
// entries or at what leaves room for the rest of the line: every explanation fits.
void explain(const policy_state& state, const decision& d, explanation_line& out) noexcept;

}  // namespace cors::detail

#endif  // CORS_SRC_REJECTION_EXPLANATION_HPP
