// A validated, immutable CORS policy. Build it once from a cors::config; evaluate every request
// with it. A policy is safe to use from many threads at once.
#ifndef CORS_POLICY_HPP
#define CORS_POLICY_HPP

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cors/config.hpp"
#include "cors/config_error.hpp"
#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "cors/version.hpp"

namespace cors::detail {
struct policy_state;
struct policy_access;
}  // namespace cors::detail

CORS_BEGIN_NAMESPACE

// Every error in `cfg`, in the order of its fields; empty when it makes a valid policy. Every
// issue returned has issue_severity::error.
[[nodiscard]] CORS_API std::vector<config_issue> validate(const config& cfg);

// Advice about `cfg`: entries that change nothing, or that probably do not do what was meant.
// Every issue returned has issue_severity::warning; a config with warnings still builds.
[[nodiscard]] CORS_API std::vector<config_issue> lint(const config& cfg);

class policy_or_issues;

class policy {
 public:
  // Throws config_error listing every error validate() finds.
  CORS_API explicit policy(const config& cfg);

  // The non-throwing way: the policy, or every error validate() finds. The policy keeps its
  // configuration: pass an rvalue to move it in rather than copy it (100,000 origins).
  [[nodiscard]] CORS_API static policy_or_issues create(config cfg);

  // Copies share the immutable state. There is no move: moving a policy copies it, so a
  // moved-from policy is still the same valid policy (never a hollow one that would crash).
  policy(const policy&) noexcept = default;
  policy& operator=(const policy&) noexcept = default;
  ~policy() = default;

  // Classifies the request and decides the response headers. Allocates nothing.
  [[nodiscard]] CORS_API decision evaluate(const request_view& request) const noexcept;

  // The one-line explanation on_rejection receives, for a decision of this policy; empty for an
  // allowed request. The decision's request strings must still be alive.
  [[nodiscard]] CORS_API std::string explain(const decision& d) const;

  // The configuration as given (with the six fetch()-normalized methods upper-cased).
  [[nodiscard]] CORS_API const config& configuration() const noexcept;

 private:
  friend struct detail::policy_access;
  explicit policy(std::shared_ptr<const detail::policy_state> state) noexcept;
  std::shared_ptr<const detail::policy_state> state_;
};

// What policy::create returns: the policy, or the errors that kept it from being built.
class [[nodiscard]] policy_or_issues {
 public:
  [[nodiscard]] bool ok() const noexcept { return policy_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  // The policy; throws config_error with issues() when there is none.
  [[nodiscard]] CORS_API const policy& value() const;
  // Preconditions: ok().
  [[nodiscard]] const policy& operator*() const noexcept { return *policy_; }
  [[nodiscard]] const policy* operator->() const noexcept { return &*policy_; }

  // Empty when ok(); otherwise every error, as validate() reports them.
  [[nodiscard]] const std::vector<config_issue>& issues() const noexcept { return issues_; }

 private:
  friend class policy;
  explicit policy_or_issues(const policy& built) : policy_(built) {}
  explicit policy_or_issues(std::vector<config_issue> issues) : issues_(std::move(issues)) {}

  std::optional<policy> policy_;
  std::vector<config_issue> issues_;
};

CORS_END_NAMESPACE

#endif  // CORS_POLICY_HPP
