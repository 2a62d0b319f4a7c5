// Field-by-field equality of two decisions: the determinism checks of the fuzz harnesses, the
// concurrency tests and the policy copy tests compare a decision with the one the same request
// got before, or from another policy.
#ifndef CORS_TESTS_SUPPORT_SAME_DECISION_HPP
#define CORS_TESTS_SUPPORT_SAME_DECISION_HPP

#include <cstddef>

#include "cors/decision.hpp"

namespace cors_test {

inline bool same_decision(const cors::decision& a, const cors::decision& b) {
  if (a.kind() != b.kind() || a.reason() != b.reason() || a.status() != b.status() ||
      a.respond_now() != b.respond_now() || a.offending_value() != b.offending_value() ||
      a.vary() != b.vary() || a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a.begin()[i].name != b.begin()[i].name || a.begin()[i].value != b.begin()[i].value)
      return false;
  return true;
}

}  // namespace cors_test

#endif  // CORS_TESTS_SUPPORT_SAME_DECISION_HPP
