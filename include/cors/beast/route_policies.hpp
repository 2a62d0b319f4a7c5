// The Beast adapter takes the engine's per-route policies (cors/route_policies.hpp).
#ifndef CORS_BEAST_ROUTE_POLICIES_HPP
#define CORS_BEAST_ROUTE_POLICIES_HPP

#include "cors/route_policies.hpp"

namespace cors::beast {

using route_policies = cors::route_policies;

}  // namespace cors::beast

#endif  // CORS_BEAST_ROUTE_POLICIES_HPP
