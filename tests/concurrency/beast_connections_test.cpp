// Concurrent connections served through the Beast adapter: one cors::beast::with_cors handler,
// shared by a thread per connection, answers many clients at once. Every answer must be the one
// the request deserves. Built with ThreadSanitizer by .ci/sanitize.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cors/beast.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr int client_count = 8;
constexpr int requests_per_client = 300;

cors::policy make_policy() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com", "https://*.example.com"};
  cfg.allowed_methods = {"PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.allow_credentials = true;
  cfg.max_age_seconds = 600;
  return cors::policy(cfg);
}

http::response<http::string_body> application(const http::request<http::string_body>& req) {
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/plain");
  res.set(http::field::vary, "Accept-Encoding");
  res.keep_alive(req.keep_alive());
  res.body() = "hello";
  res.prepare_payload();
  return res;
}

using handler_type = decltype(cors::beast::with_cors(make_policy(), application));

// Loopback server: one thread per connection, all sharing `handler`.
class server {
 public:
  explicit server(const handler_type& handler)
      : acceptor_(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        handler_(handler) {
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~server() {
    stopping_ = true;
    // Wake the blocking accept with a connection of our own.
    asio::io_context context;
    tcp::socket socket(context);
    boost::system::error_code ignored;
    socket.connect(endpoint(), ignored);
    accept_thread_.join();
    for (std::thread& t : connections_) t.join();
  }
  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void accept_loop() {
    while (true) {
      tcp::socket socket(context_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) return;
      connections_.emplace_back([this, s = std::move(socket)]() mutable { serve(s); });
    }
  }

  void serve(tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    while (true) {
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) return;
      const auto res = handler_(req);
      http::write(socket, res, ec);
      if (ec || !res.keep_alive()) return;
    }
  }

  asio::io_context context_;
  tcp::acceptor acceptor_;
  const handler_type& handler_;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::vector<std::thread> connections_;
};

struct exchange {
  http::verb method;
  const char* origin;  // nullptr: no Origin
  const char* request_method;
  unsigned expected_status;
  const char* expected_allow_origin;  // nullptr: none
};

// Preflights and actual requests, allowed and refused.
const exchange exchanges[] = {
    {http::verb::options, "https://app.example.com", "PUT", 204, "https://app.example.com"},
    {http::verb::get, "https://app.example.com", nullptr, 200, "https://app.example.com"},
    {http::verb::options, "https://api.example.com", "DELETE", 204, "https://api.example.com"},
    {http::verb::options, "https://evil.example", "PUT", 403, nullptr},
    {http::verb::options, "https://app.example.com", "PATCH", 403, nullptr},
    {http::verb::get, "https://evil.example", nullptr, 200, nullptr},
    {http::verb::get, "https://app.example.com.evil.com", nullptr, 200, nullptr},
    {http::verb::get, nullptr, nullptr, 200, nullptr},
};

TEST(beast_connections, concurrent_clients_get_the_answers_their_requests_deserve) {
  const handler_type handler = cors::beast::with_cors(make_policy(), application);
  server srv(handler);

  std::atomic<int> wrong{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < client_count; ++c) {
    clients.emplace_back([&, c] {
      asio::io_context context;
      tcp::socket socket(context);
      boost::system::error_code ec;
      socket.connect(srv.endpoint(), ec);
      if (ec) {
        ++wrong;
        return;
      }
      boost::beast::flat_buffer buffer;
      for (int i = 0; i < requests_per_client; ++i) {
        const exchange& e = exchanges[static_cast<std::size_t>(i + c) % std::size(exchanges)];
        http::request<http::empty_body> req{e.method, "/api/items", 11};
        req.set(http::field::host, "127.0.0.1");
        if (e.origin != nullptr) req.set(http::field::origin, e.origin);
        if (e.request_method != nullptr)
          req.set(http::field::access_control_request_method, e.request_method);
        http::response<http::string_body> res;
        http::write(socket, req, ec);
        if (!ec) http::read(socket, buffer, res, ec);
        if (ec) {
          ++wrong;
          return;
        }
        const auto allow_origin = res[http::field::access_control_allow_origin];
        const bool origin_ok = e.expected_allow_origin == nullptr
                                   ? res.count(http::field::access_control_allow_origin) == 0
                                   : allow_origin == e.expected_allow_origin;
        // Every answer varies on Origin; the application's own Vary is kept.
        const auto vary = res[http::field::vary];
        const bool vary_ok =
            vary.find("Origin") != boost::beast::string_view::npos &&
            (e.expected_status == 200 ? vary.starts_with("Accept-Encoding") : true);
        if (res.result_int() != e.expected_status || !origin_ok || !vary_ok) ++wrong;
        ++answered;
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(answered.load(), client_count * requests_per_client);
}

}  // namespace
