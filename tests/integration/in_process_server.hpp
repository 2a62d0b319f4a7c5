// A synchronous Beast server inside the test binary, one thread per connection, listening on an
// ephemeral loopback port. Its handler gets each request and a send() that writes synchronously:
// the handle_request(req, send) shape of Beast's examples, into which the tests plug the adapter.
#ifndef CORS_TESTS_INTEGRATION_IN_PROCESS_SERVER_HPP
#define CORS_TESTS_INTEGRATION_IN_PROCESS_SERVER_HPP

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace cors_integration {

namespace http = boost::beast::http;

// What the handler gives its responses to: the application's own, or an adapter's preflight.
class sync_send {
 public:
  explicit sync_send(boost::asio::ip::tcp::socket& socket) : socket_(socket) {}

  void operator()(http::response<http::string_body>&& r) { write(r); }
  void operator()(http::response<http::empty_body>&& r) { write(r); }

  bool close_after() const { return close_after_; }
  int responses_sent() const { return sent_; }

 private:
  template <class Response>
  void write(Response& r) {
    close_after_ = close_after_ || r.need_eof();
    ++sent_;
    boost::system::error_code ignored;
    http::write(socket_, r, ignored);
  }

  boost::asio::ip::tcp::socket& socket_;
  bool close_after_ = false;
  int sent_ = 0;
};

using handler_function = std::function<void(http::request<http::string_body>&, sync_send&)>;

class in_process_server {
 public:
  explicit in_process_server(handler_function handler);
  ~in_process_server();
  in_process_server(const in_process_server&) = delete;
  in_process_server& operator=(const in_process_server&) = delete;

  unsigned short port() const { return port_; }

 private:
  void accept_loop();
  void serve(boost::asio::ip::tcp::socket socket);

  handler_function handler_;
  boost::asio::io_context context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_thread_;
  std::mutex mutex_;
  std::vector<std::thread> connection_threads_;
  std::set<int> open_sockets_;  // native handles, shut down on stop to end blocking reads
};

}  // namespace cors_integration

#endif  // CORS_TESTS_INTEGRATION_IN_PROCESS_SERVER_HPP
