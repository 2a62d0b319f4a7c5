// Per-route policies: the longest whole-segment prefix of the request's path.
#include "cors/route_policies.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

CORS_BEGIN_NAMESPACE

namespace {

// The path of a request target, without query or fragment; empty for "*" and garbage.
std::string_view path_of(std::string_view target) noexcept {
  if (target.empty() || target.front() != '/') {
    // Absolute form (RFC 9112, 3.2.2): the path starts after the authority.
    const std::size_t scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const std::size_t path_start = target.find_first_of("/?#", scheme_end + 3);
    if (path_start == std::string_view::npos || target[path_start] != '/') return "/";
    target.remove_prefix(path_start);
  }
  return target.substr(0, target.find_first_of("?#"));
}

bool covers(std::string_view prefix, std::string_view path) noexcept {
  if (path.empty()) return false;
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

}  // namespace

route_policies& route_policies::add(std::string_view prefix, policy p) {
  insert(prefix, std::move(p));
  return *this;
}

route_policies& route_policies::add_without_cors(std::string_view prefix) {
  insert(prefix, std::nullopt);
  return *this;
}

const policy* route_policies::find(std::string_view target) const noexcept {
  const std::string_view path = path_of(target);
  for (const route& r : routes_)
    if (covers(r.prefix, path)) return r.target ? &*r.target : nullptr;
  return nullptr;
}

void route_policies::insert(std::string_view prefix, std::optional<policy> target) {
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

CORS_END_NAMESPACE
