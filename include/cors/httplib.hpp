// The cpp-httplib adapter: a cors::policy (or per-route policies) installed on a
// httplib::Server. See docs/adapters.md.
//
//   httplib::Server server;
//   server.Get("/items", list_items);                       // the application, unchanged
//   cors::httplib::install(server, cors::policy(cfg));
//
// Preflights are answered before routing, paths without a route included; every other response,
// the application's errors and cpp-httplib's own 404 included, gets the CORS headers and a
// merged Vary. Each request is evaluated once, and nothing is allocated per request beyond the
// header lines the response stores.
#ifndef CORS_HTTPLIB_HPP
#define CORS_HTTPLIB_HPP

#include <httplib.h>

#include <variant>

#include "cors/adapter.hpp"
#include "cors/cors.hpp"
#include "cors/route_policies.hpp"

namespace cors::httplib {

// The CORS layer as cpp-httplib's pre-routing and post-routing handlers, for servers that have
// handlers of their own there: call pre_routing first in yours (and return its answer when it is
// Handled), and post_routing in yours. Both must be called for every request they see.
//
// pre_routing evaluates the request and answers a preflight the policy answers itself
// (d.respond_now(): its status, the decided headers, no body; a 204 without Content-Length).
// post_routing adds the decision's headers to every response that is written, merging Vary. The
// decision goes from one to the other through a per-thread slot (cpp-httplib handles a request
// on one thread from reading to writing); a response written without routing (cpp-httplib's
// own 400, 414 or 416) is evaluated in post_routing.
//
// Immutable once built: one instance serves every thread.
class middleware {
 public:
  explicit middleware(policy p) : policies_(std::move(p)) {}
  explicit middleware(route_policies routes) : policies_(std::move(routes)) {}

  ::httplib::Server::HandlerResponse pre_routing(const ::httplib::Request& request,
                                                 ::httplib::Response& response) const;
  void post_routing(const ::httplib::Request& request, ::httplib::Response& response) const;

  // The policy for a request target; nullptr for a route without CORS.
  const policy* policy_for(std::string_view target) const noexcept;

 private:
  std::variant<policy, route_policies> policies_;
};

// Installs the CORS layer on `server`: its pre-routing and post-routing handlers are set to
// middleware's (replacing any set before). Call it once, before listening.
void install(::httplib::Server& server, const policy& p);
void install(::httplib::Server& server, route_policies routes);
void install(::httplib::Server& server, const std::shared_ptr<const middleware>& layer);

}  // namespace cors::httplib

#include "cors/httplib/impl/httplib.ipp"

#endif  // CORS_HTTPLIB_HPP
