// Per-route policies: path prefixes with their own cors::policy, or with no CORS at all. Both
// adapters take them in place of a single policy; any server can look a request's policy up.
#ifndef CORS_ROUTE_POLICIES_HPP
#define CORS_ROUTE_POLICIES_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cors/policy.hpp"
#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

// Maps path prefixes to policies, e.g. a public read-only API and a credentialed app API:
//
//   cors::route_policies routes;
//   routes.add("/public", public_policy)      // /public, /public/..., not /publicity
//         .add("/app", app_policy)
//         .add_without_cors("/app/internal")  // same-origin only: no CORS headers at all
//         .add("/", default_policy);          // everything else (optional)
//
// The longest matching prefix wins. Prefixes match whole path segments; the query string and
// fragment of the request target are ignored; paths are compared byte for byte, as received
// (browsers never send dot segments, and a percent-encoded '/' is not a segment boundary).
// Fill it in before serving; lookups are then thread-safe and allocate nothing.
class route_policies {
 public:
  // Requests whose path is `prefix` or lies below it get `p`. A prefix starts with '/'; a
  // trailing '/' is ignored ("/api/" is "/api"); "/" matches every path. Throws
  // std::invalid_argument for a prefix without a leading '/', with '?' or '#', or given twice.
  CORS_API route_policies& add(std::string_view prefix, policy p);

  // Requests below `prefix` get no CORS handling: no headers are added and preflights reach
  // the application like any other request.
  CORS_API route_policies& add_without_cors(std::string_view prefix);

  // The policy for a request target (origin-form "/a/b?q", or absolute-form
  // "http://host/a/b"); nullptr when the matching route has no CORS or when no route matches.
  [[nodiscard]] CORS_API const policy* find(std::string_view target) const noexcept;

  [[nodiscard]] bool empty() const noexcept { return routes_.empty(); }

 private:
  struct route {
    std::string prefix;  // without a trailing '/': "" is the root
    std::optional<policy> target;
  };

  void insert(std::string_view prefix, std::optional<policy> target);

  std::vector<route> routes_;  // longest prefix first
};

CORS_END_NAMESPACE

#endif  // CORS_ROUTE_POLICIES_HPP
