// A synchronous Boost.Beast server, one thread per connection, with a CORS policy: the shape of
// Beast's http_server_sync example, with its handler wrapped by cors::beast::with_cors.
//   usage: cors-beast-sync-server [PORT]    (default 8080, on 127.0.0.1; 0 picks a free port)
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <string>
#include <thread>

#include "cors/beast.hpp"

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// The application, as it was before CORS: request in, response out.
http::response<http::string_body> handle(const http::request<http::string_body>& request) {
  const bool known = request.target() == "/data";
  http::response<http::string_body> response{known ? http::status::ok : http::status::not_found,
                                             request.version()};
  response.set(http::field::content_type, "application/json");
  response.keep_alive(request.keep_alive());
  response.body() = known ? R"({"data":[1,2,3]})" : R"({"error":"not found"})";
  response.prepare_payload();
  return response;
}

template <class Handler>
void serve(tcp::socket socket, const Handler& handler) {
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    http::request<http::string_body> request;
    http::read(socket, buffer, request, ec);
    if (ec) break;
    // The request must stay alive until the response is built: the decision points into it.
    http::response<http::string_body> response = handler(request);
    http::write(socket, response, ec);
    if (ec || response.need_eof()) break;
  }
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

int main(int argc, char** argv) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  // Preflights are answered here; 404s and every other response get their CORS headers.
  const auto handler = cors::beast::with_cors(cors::policy(cfg), handle);

  boost::asio::io_context context;
  const auto port = static_cast<unsigned short>(argc > 1 ? std::stoi(argv[1]) : 8080);
  tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), port});
  std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  for (;;) {
    std::thread(serve<decltype(handler)>, acceptor.accept(), std::cref(handler)).detach();
  }
}
