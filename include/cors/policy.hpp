// A validated, immutable CORS policy. Build it once from a cors::config; evaluate every request
// with it. Copies are cheap and share state; a policy is safe to use from many threads at once.
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

namespace cors {

// Every problem with `cfg`, in the order of its fields; empty when it makes a valid policy.
std::vector<config_issue> validate(const config& cfg);

// Non-fatal advice about `cfg`: entries that change nothing, or that probably do not do what
// was meant. A config with warnings still builds.
std::vector<config_issue> lint(const config& cfg);

namespace detail {
struct policy_state;
struct policy_access;
}  // namespace detail

class policy {
 public:
  // Throws config_error listing every problem validate() finds.
  explicit policy(const config& cfg);

  // The non-throwing way: a policy, or nullopt with `issues` filled in.
  static std::optional<policy> create(const config& cfg, std::vector<config_issue>& issues);

  // Classifies the request and decides the response headers. Allocates nothing.
  decision evaluate(const request_view& request) const noexcept;

  // The one-line explanation on_rejection receives, for a decision of this policy; empty for an
  // allowed request. The decision's request strings must still be alive.
  std::string explain(const decision& d) const;

  // The configuration as given (with the six fetch()-normalized methods upper-cased).
  const config& configuration() const noexcept;

 private:
  friend struct detail::policy_access;
  explicit policy(std::shared_ptr<const detail::policy_state> state) noexcept;
  static decision decide(const detail::policy_state& state, const request_view& request) noexcept;
  std::shared_ptr<const detail::policy_state> state_;
};

}  // namespace cors

#endif  // CORS_POLICY_HPP
