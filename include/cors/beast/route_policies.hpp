// Per-route policies: path prefixes with their own cors::policy, or with no CORS at all.
#ifndef CORS_BEAST_ROUTE_POLICIES_HPP
#define CORS_BEAST_ROUTE_POLICIES_HPP

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cors/policy.hpp"

namespace cors::beast {

// Maps path prefixes to policies, e.g. a public read-only API and a credentialed app API:
//
//   cors::beast::route_policies routes;
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
  route_policies& add(std::string_view prefix, policy p) {
    insert(prefix, std::move(p));
    return *this;
  }

  // Requests below `prefix` get no CORS handling: no headers are added and preflights reach
  // the application like any other request.
  route_policies& add_without_cors(std::string_view prefix) {
    insert(prefix, std::nullopt);
    return *this;
  }

  // The policy for a request target (origin-form "/a/b?q", or absolute-form
  // "http://host/a/b"); nullptr when the matching route has no CORS or when no route matches.
  const policy* find(std::string_view target) const noexcept {
    const std::string_view path = path_of(target);
    for (const route& r : routes_)  // longest prefix first
      if (covers(r.prefix, path)) return r.target ? &*r.target : nullptr;
    return nullptr;
  }

  bool empty() const noexcept { return routes_.empty(); }

 private:
  struct route {
    std::string prefix;  // without a trailing '/': "" is the root
    std::optional<policy> target;
  };

  void insert(std::string_view prefix, std::optional<policy> target) {
    if (prefix.empty() || prefix.front() != '/' ||
        prefix.find_first_of("?#") != std::string_view::npos) {
      throw std::invalid_argument("route prefix '" + std::string(prefix) +
                                  "' must be a path starting with '/', without '?' or '#'");
    }
    while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
    const auto same = [prefix](const route& r) { return r.prefix == prefix; };
    if (std::any_of(routes_.begin(), routes_.end(), same)) {
      throw std::invalid_argument("route prefix '" + std::string(prefix.empty() ? "/" : prefix) +
                                  "' is given twice");
    }
    const auto longer = [](const route& a, const route& b) {
      return a.prefix.size() > b.prefix.size();
    };
    route r{std::string(prefix), std::move(target)};
    routes_.insert(std::upper_bound(routes_.begin(), routes_.end(), r, longer), std::move(r));
  }

  static std::string_view path_of(std::string_view target) noexcept {
    if (target.empty() || target.front() != '/') {
      // Absolute form (RFC 9112, 3.2.2): the path starts after the authority.
      const std::size_t scheme_end = target.find("://");
      if (scheme_end == std::string_view::npos) return {};  // "*" and garbage: no path
      const std::size_t path_start = target.find_first_of("/?#", scheme_end + 3);
      if (path_start == std::string_view::npos || target[path_start] != '/') return "/";
      target.remove_prefix(path_start);
    }
    return target.substr(0, target.find_first_of("?#"));
  }

  static bool covers(std::string_view prefix, std::string_view path) noexcept {
    if (path.empty()) return false;
    return path.substr(0, prefix.size()) == prefix &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
  }

  std::vector<route> routes_;
};

}  // namespace cors::beast

#endif  // CORS_BEAST_ROUTE_POLICIES_HPP
