// Everything a policy decides with, computed once when the policy is built.
#ifndef CORS_SRC_POLICY_STATE_HPP
#define CORS_SRC_POLICY_STATE_HPP

#include <memory>
#include <string>
#include <vector>

#include "cors/config.hpp"
#include "cors/config_error.hpp"
#include "cors/policy.hpp"
#include "header_list.hpp"
#include "origin.hpp"
#include "vary.hpp"

namespace cors::detail {

struct policy_state {
  config cfg;  // as given, the six fetch()-normalized methods upper-cased

  // Origins.
  bool any_origin = false;  // "*": Access-Control-Allow-Origin: * for every request
  origin_matcher origins;

  // Methods of preflighted requests; GET, HEAD and POST always pass.
  bool any_method = false;
  std::vector<std::string> methods;
  bool reflect_method = false;  // "*" with credentials: echo the requested method

  header_rule headers;
  bool reflect_headers = false;  // "*" with credentials: echo the requested names

  // Ready-made header values; empty means the header is not sent.
  std::string allow_methods;   // Access-Control-Allow-Methods
  std::string allow_headers;   // Access-Control-Allow-Headers
  std::string expose_headers;  // Access-Control-Expose-Headers
  std::string max_age;         // Access-Control-Max-Age
  vary_tokens vary;

  int success_status = 204;
};

// Validates `given` and builds the state, which keeps it, in one pass. Every problem is appended
// to `issue_storage`; the state is only meaningful when none was.
std::shared_ptr<policy_state> build_policy_state(config given,
                                                 std::vector<config_issue>& issue_storage);

// The state behind a policy, for the parts of the library outside policy.cpp that explain
// decisions.
struct policy_access {
  static const policy_state& state(const policy& p) noexcept { return *p.state_; }
};

}  // namespace cors::detail

#endif  // CORS_SRC_POLICY_STATE_HPP
