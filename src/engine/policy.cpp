#include "cors/policy.hpp"

#include <array>
#include <string>
#include <vector>

#include "decide.hpp"
#include "policy_state.hpp"
#include "rejection_explanation.hpp"

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

policy_or_issues policy::create(config cfg) {
  std::vector<config_issue> issues;
  auto state = detail::build_policy_state(std::move(cfg), issues);
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
    detail::explanation_line line;
    detail::explain(s, d, line);
    try {
      s.cfg.on_rejection(d, line.view());
    } catch (...) {
      // A failing log sink must not turn a CORS decision into a crash.
    }
  }
  return d;
}

std::string policy::explain(const decision& d) const {
  detail::explanation_line line;
  detail::explain(*state_, d, line);
  return std::string(line.view());
}

CORS_END_NAMESPACE
