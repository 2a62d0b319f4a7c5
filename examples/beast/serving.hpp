// What the two Beast example servers share around cors::beast::request_reader: the answer to a
// malformed request, the pause after a failed accept, and (for the synchronous server) a socket
// whose reads and writes end at a deadline.
#ifndef CORS_EXAMPLES_BEAST_SERVING_HPP
#define CORS_EXAMPLES_BEAST_SERVING_HPP

#include <poll.h>

#include <algorithm>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/system_error.hpp>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <string_view>

namespace cors_examples {

namespace http = boost::beast::http;

// The answer to a request cors::beast::is_bad_request() refused: 400 outside the CORS layer
// (the request was never decided on), Beast's message, and a close, since the stream's framing
// can no longer be trusted.
inline http::response<http::string_body> bad_request(const boost::system::error_code& ec,
                                                     const char* server) {
  http::response<http::string_body> response{http::status::bad_request, 11};
  response.set(http::field::server, server);
  response.set(http::field::content_type, "text/plain");
  response.keep_alive(false);
  response.body() = "malformed request: " + ec.message() + "\n";
  response.prepare_payload();
  return response;
}

// After a failed accept (no file descriptor left, say) the connection stays in the listen
// queue, so accepting again at once fails again at once: a loop at full speed. Wait instead,
// 10 ms at first, twice as long after each failure up to a second; a success starts over.
class accept_backoff {
 public:
  std::chrono::milliseconds next() noexcept {
    const std::chrono::milliseconds delay = delay_;
    delay_ = std::min(delay_ * 2, longest);
    return delay;
  }
  void reset() noexcept { delay_ = shortest; }

 private:
  static constexpr std::chrono::milliseconds shortest{10};
  static constexpr std::chrono::milliseconds longest{1000};
  std::chrono::milliseconds delay_ = shortest;
};

// A connected socket for synchronous Beast code whose reads and writes fail with
// boost::beast::error::timeout once a deadline has passed. Blocking sockets have no deadline of
// their own (SO_RCVTIMEO is per call, and a client sending a byte at a time renews it).
class deadline_socket {
 public:
  using executor_type = boost::asio::ip::tcp::socket::executor_type;

  explicit deadline_socket(boost::asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}

  void expires_after(std::chrono::steady_clock::duration d) {
    deadline_ = std::chrono::steady_clock::now() + d;
  }
  boost::asio::ip::tcp::socket& socket() noexcept { return socket_; }
  executor_type get_executor() noexcept { return socket_.get_executor(); }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    if (!wait_until_ready(POLLIN, ec)) return 0;
    return socket_.read_some(buffers, ec);
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers, boost::system::error_code& ec) {
    if (!wait_until_ready(POLLOUT, ec)) return 0;
    return socket_.write_some(buffers, ec);
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }
  template <class ConstBuffers>
  std::size_t write_some(const ConstBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  bool wait_until_ready(short events, boost::system::error_code& ec) {
    for (;;) {
      // Rounded up: truncated, the last sub-millisecond would end the wait before the deadline.
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(
          deadline_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd ready{socket_.native_handle(), events, 0};
      const int got = ::poll(&ready, 1, static_cast<int>(std::min<long long>(left.count(), 60000)));
      if (got > 0) return true;
      if (got < 0 && errno != EINTR) {
        ec = boost::system::error_code(errno, boost::system::system_category());
        return false;
      }
    }
    ec = boost::beast::error::timeout;
    return false;
  }

  boost::asio::ip::tcp::socket socket_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

}  // namespace cors_examples

#endif  // CORS_EXAMPLES_BEAST_SERVING_HPP
