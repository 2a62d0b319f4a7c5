// The Boost.Beast adapter: a cors::policy applied to boost::beast::http messages, for any Body,
// Fields and allocator. See docs/beast.md.
//
//   const auto handler = cors::beast::with_cors(policy, my_handler);
//   http::response<http::string_body> res = handler(req);   // handler(request) -> response
//   handler(std::move(req), send);                           // handle_request(req, send) style
//
// Preflights are answered without calling the application; every other response the
// application produces, its 404 and 500 included, gets the CORS headers and a merged Vary.
// Nothing here allocates per request beyond the header lines Beast itself stores.
#ifndef CORS_BEAST_HPP
#define CORS_BEAST_HPP

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "cors/adapter.hpp"
#include "cors/beast/detail/text.hpp"
#include "cors/beast/detail/write.hpp"
#include "cors/beast/route_policies.hpp"
#include "cors/cors.hpp"

namespace cors::beast {

// The parts of a Beast request that CORS reads, as a cors::request_view of string views into
// the request's own header lines (cors::request_lines over Beast's fields). Repeated lines
// (Beast keeps each line separately) are collected into fixed arrays, so this allocates nothing.
// The request must outlive it, and it and the request must outlive every decision made from
// view().
//
//   cors::beast::request_lines lines(req);
//   const cors::decision d = policy.evaluate(lines.view());
class request_lines {
 public:
  // A longer Access-Control-Request-Headers is collected as one line more than the policy
  // accepts, and refused as malformed.
  static constexpr std::size_t max_request_headers_lines = cors::max_request_headers_lines;

  template <class Fields>
  explicit request_lines(const boost::beast::http::header<true, Fields>& request) noexcept
      : lines_(detail::to_std(request.method_string())) {
    for (const auto& field : request)
      lines_.add(detail::to_std(field.name_string()), detail::to_std(field.value()));
  }

  // view() points into this object.
  request_lines(const request_lines&) = delete;
  request_lines& operator=(const request_lines&) = delete;

  const request_view& view() const noexcept { return lines_.view(); }

 private:
  cors::request_lines lines_;
};

// Adds `tokens` (a comma-separated list such as decision::vary()) to the response's Vary:
// tokens already there, compared case-insensitively, are not repeated; "Vary: *" is left alone;
// the application's own tokens are kept, in one line followed by the new ones
// ("Vary: Accept-Encoding" + "Origin" gives "Vary: Accept-Encoding, Origin").
template <class Fields>
void merge_vary(boost::beast::http::header<false, Fields>& response, std::string_view tokens) {
  vary_lines vary(tokens);
  detail::offer(vary, response);
  detail::write(vary, response);
}

// Adds the decision's headers to a response the application produced, whatever its status.
// Vary is merged (see merge_vary). If the application already set any Access-Control-* header
// itself, it answered CORS for this response, and its answer stands whole: none of the
// decision's Access-Control-* headers are added, since a header sent twice ("true, true") or a
// mix of two answers fails in the browser.
template <class Fields>
void decorate(boost::beast::http::header<false, Fields>& response, const decision& d) {
  response_lines lines(d);
  detail::offer(lines, response);
  detail::write(lines, response);
}

namespace detail {

template <class Fields, class = void>
struct has_allocator : std::false_type {};
template <class Fields>
struct has_allocator<Fields, std::void_t<decltype(std::declval<const Fields&>().get_allocator())>>
    : std::true_type {};

// An empty response whose fields use the request's allocator when they are of the same type
// (a pool allocator, as in Beast's http_server_fast, may not be default-constructible).
template <class Body, class Fields, class RequestBody, class RequestFields>
boost::beast::http::response<Body, Fields> empty_response_for(
    const boost::beast::http::request<RequestBody, RequestFields>& request) {
  if constexpr (std::is_same_v<Fields, RequestFields> && has_allocator<Fields>::value) {
    return boost::beast::http::response<Body, Fields>(std::piecewise_construct, std::make_tuple(),
                                                      std::make_tuple(request.get_allocator()));
  } else {
    return {};
  }
}

}  // namespace detail

// The answer to a preflight the policy answers itself (d.respond_now()): d.status() with the
// decided headers and no body, in the request's HTTP version and keep-alive mode. A 200 carries
// Content-Length: 0; a 204 carries no Content-Length (RFC 9110, 8.6). Body must default to empty.
template <class Body = boost::beast::http::empty_body, class Fields = boost::beast::http::fields,
          class RequestBody, class RequestFields>
boost::beast::http::response<Body, Fields> preflight_response(
    const decision& d, const boost::beast::http::request<RequestBody, RequestFields>& request) {
  namespace http = boost::beast::http;
  http::response<Body, Fields> response = detail::empty_response_for<Body, Fields>(request);
  response.result(static_cast<unsigned>(d.status()));
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  decorate(response, d);
  if (response.result() != http::status::no_content) response.content_length(0);
  return response;
}

namespace detail {

template <class T>
struct is_request : std::false_type {};
template <class Body, class Fields>
struct is_request<boost::beast::http::request<Body, Fields>> : std::true_type {};

template <class Request>
using enable_if_request = std::enable_if_t<is_request<std::decay_t<Request>>::value>;

inline const policy* policy_for(const policy& p, std::string_view) noexcept {
  return &p;
}
inline const policy* policy_for(const route_policies& routes, std::string_view target) noexcept {
  return routes.find(target);
}

// Hands the request to the application as an lvalue when it accepts one, so the request stays
// where the decision's views point; only a handler that takes `request&&` (Beast's examples)
// gets an rvalue, which binds without moving.
template <class Handler, class Request, class... Send>
decltype(auto) call_application(const Handler& handler, Request& request, Send&&... send) {
  if constexpr (std::is_invocable_v<const Handler&, Request&, Send&&...>) {
    return handler(request, std::forward<Send>(send)...);
  } else {
    return handler(std::move(request), std::forward<Send>(send)...);
  }
}

template <class Handler, class Request>
using application_response_t = std::decay_t<decltype(call_application(
    std::declval<const Handler&>(), std::declval<Request&>()))>;

// The application's `send`, decorating every response that goes through it. It holds the
// decision, whose views point into the request and the policy: send must be called while both
// are alive, as Beast's examples do.
template <class Send>
class decorating_send {
 public:
  decorating_send(const decision& d, Send&& send) : decision_(d), send_(std::forward<Send>(send)) {}

  template <class Response>
  void operator()(Response&& response) {
    decorate(response, decision_);
    send_(std::forward<Response>(response));
  }
  template <class Response>
  void operator()(Response&& response) const {
    decorate(response, decision_);
    send_(std::forward<Response>(response));
  }

 private:
  decision decision_;
  Send send_;  // a reference for an lvalue send (it may not be copyable), else the object
};

}  // namespace detail

// An application handler made CORS-aware. Policies is cors::policy or cors::beast::route_policies.
// Both of Beast's handler shapes are supported, and the wrapper is called like the handler:
//
//   handler(request) -> response:   the preflight answer is a default Response with the
//                                   decided status and headers (its Body must default to empty);
//   handler(request, send):         the preflight answer goes to send() as an
//                                   http::response<http::empty_body, Fields>, with the request's
//                                   Fields and allocator; every response the application gives
//                                   send() is decorated before it is sent.
//
// Calls are const and thread-safe (if the handler's are): one wrapper serves every connection.
template <class Policies, class Handler>
class cors_handler {
 public:
  cors_handler(Policies policies, Handler handler)
      : policies_(std::move(policies)), handler_(std::move(handler)) {}

  template <class Request, class = detail::enable_if_request<Request>>
  auto operator()(Request&& request) const
      -> detail::application_response_t<Handler, std::remove_reference_t<Request>> {
    using response_type = detail::application_response_t<Handler, std::remove_reference_t<Request>>;
    const policy* p = detail::policy_for(policies_, detail::to_std(request.target()));
    if (p == nullptr) return detail::call_application(handler_, request);
    const request_lines lines(request);
    const decision d = p->evaluate(lines.view());
    if (d.respond_now()) {
      return preflight_response<typename response_type::body_type,
                                typename response_type::fields_type>(d, request);
    }
    response_type response = detail::call_application(handler_, request);
    decorate(response, d);
    return response;
  }

  template <class Request, class Send, class = detail::enable_if_request<Request>>
  void operator()(Request&& request, Send&& send) const {
    const policy* p = detail::policy_for(policies_, detail::to_std(request.target()));
    if (p == nullptr) {
      detail::call_application(handler_, request, std::forward<Send>(send));
      return;
    }
    const request_lines lines(request);
    const decision d = p->evaluate(lines.view());
    if (d.respond_now()) {
      using fields_type = typename std::decay_t<Request>::fields_type;
      send(preflight_response<boost::beast::http::empty_body, fields_type>(d, request));
      return;
    }
    detail::call_application(handler_, request,
                             detail::decorating_send<Send>(d, std::forward<Send>(send)));
  }

  const Policies& policies() const noexcept { return policies_; }

 private:
  Policies policies_;
  Handler handler_;
};

// Wraps `handler` so that every request goes through `p` first.
template <class Handler>
cors_handler<policy, std::decay_t<Handler>> with_cors(policy p, Handler&& handler) {
  return {std::move(p), std::forward<Handler>(handler)};
}

// Wraps `handler` so that every request goes through the policy of its route, if any.
template <class Handler>
cors_handler<route_policies, std::decay_t<Handler>> with_cors(route_policies routes,
                                                              Handler&& handler) {
  return {std::move(routes), std::forward<Handler>(handler)};
}

}  // namespace cors::beast

#endif  // CORS_BEAST_HPP
