// Definitions of cors/httplib.hpp.
#ifndef CORS_HTTPLIB_IMPL_HTTPLIB_IPP
#define CORS_HTTPLIB_IMPL_HTTPLIB_IPP

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace cors::httplib {

namespace detail {

// The decision pre_routing made, for post_routing of the same request on the same thread.
struct pending_decision {
  const ::httplib::Request* request = nullptr;
  decision made;
};

inline pending_decision& pending() noexcept {
  thread_local pending_decision slot;
  return slot;
}

// Short names: std::string keeps them without allocating.
inline void erase_lines(::httplib::Headers& headers, const std::string& name) {
  const auto lines = headers.equal_range(name);
  headers.erase(lines.first, lines.second);
}

inline void write_decision(const decision& d, ::httplib::Response& response) {
  response_lines own(d, response.headers);
  own.write(
      [&response](std::string_view name, std::string_view value) {
        response.headers.emplace(std::string(name), std::string(value));
      },
      [&response](std::string_view name) { erase_lines(response.headers, std::string(name)); });
}

}  // namespace detail

inline const policy* middleware::policy_for(std::string_view target) const noexcept {
  if (const policy* single = std::get_if<policy>(&policies_)) return single;
  return std::get<route_policies>(policies_).find(target);
}

inline ::httplib::Server::HandlerResponse middleware::pre_routing(
    const ::httplib::Request& request, ::httplib::Response& response) const {
  detail::pending_decision& pending = detail::pending();
  pending.request = nullptr;
  const policy* p = policy_for(request.target);
  if (p == nullptr) return ::httplib::Server::HandlerResponse::Unhandled;
  const request_lines lines(request.method, request.headers);
  pending.made = p->evaluate(lines.view());
  pending.request = &request;
  if (!pending.made.respond_now()) return ::httplib::Server::HandlerResponse::Unhandled;
  response.status = pending.made.status();
  return ::httplib::Server::HandlerResponse::Handled;
}

inline void middleware::post_routing(const ::httplib::Request& request,
                                     ::httplib::Response& response) const {
  const policy* p = policy_for(request.target);
  if (p == nullptr) return;
  detail::pending_decision& pending = detail::pending();
  if (pending.request != &request) {
    // Written without routing: evaluated here, once.
    const request_lines lines(request.method, request.headers);
    detail::write_decision(p->evaluate(lines.view()), response);
    return;
  }
  pending.request = nullptr;
  const decision& d = pending.made;
  if (d.respond_now()) {
    // The policy's own answer has no body, whatever an error handler put in a 403; and a 204
    // has no Content-Length, which cpp-httplib adds to every response (RFC 9110, 8.6).
    if (!response.body.empty()) {
      response.body.clear();
      detail::erase_lines(response.headers, "Content-Type");
      detail::erase_lines(response.headers, "Content-Length");
      response.headers.emplace("Content-Length", "0");
    }
    if (response.status == 204) detail::erase_lines(response.headers, "Content-Length");
  }
  detail::write_decision(d, response);
}

inline void install(::httplib::Server& server, const std::shared_ptr<const middleware>& layer) {
  server.set_pre_routing_handler(
      [layer](const ::httplib::Request& request, ::httplib::Response& response) {
        return layer->pre_routing(request, response);
      });
  server.set_post_routing_handler(
      [layer](const ::httplib::Request& request, ::httplib::Response& response) {
        layer->post_routing(request, response);
      });
}

inline void install(::httplib::Server& server, const policy& p) {
  install(server, std::make_shared<const middleware>(p));
}

inline void install(::httplib::Server& server, route_policies routes) {
  install(server, std::make_shared<const middleware>(std::move(routes)));
}

}  // namespace cors::httplib

#endif  // CORS_HTTPLIB_IMPL_HTTPLIB_IPP
