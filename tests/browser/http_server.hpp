// A small asynchronous HTTP/1.1 server on ephemeral loopback ports, answering every request with
// a handler, on a thread of its own. The test pages and the hand-written servers are made of it.
#ifndef CORS_TESTS_BROWSER_HTTP_SERVER_HPP
#define CORS_TESTS_BROWSER_HTTP_SERVER_HPP

#include <boost/beast/http.hpp>
#include <functional>
#include <memory>

namespace cors::browser_tests {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

class http_server {
 public:
  // Called on the server's thread; the response's keep-alive and Content-Length are set after.
  using handler = std::function<http_response(const http_request&)>;

  http_server(int port_count, handler answer);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  int port(int index) const;

  struct state;

 private:
  std::unique_ptr<state> state_;
};

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_HTTP_SERVER_HPP
