// One-line explanations of rejected decisions, for logs and for policy::explain().
#ifndef CORS_SRC_REJECTION_EXPLANATION_HPP
#define CORS_SRC_REJECTION_EXPLANATION_HPP

#include <fmt/format.h>

#include "cors/decision.hpp"
#include "policy_state.hpp"

namespace cors::detail {

// Large enough for every explanation: request bytes are cut at 128, lists at 8 entries.
using explanation_buffer = fmt::basic_memory_buffer<char, 1536>;

// Appends the explanation of a rejected decision; appends nothing for an allowed one.
void explain(const policy_state& state, const decision& d, explanation_buffer& out);

}  // namespace cors::detail

#endif  // CORS_SRC_REJECTION_EXPLANATION_HPP
