// A synchronous Beast client for the loopback tests: one keep-alive connection, requests with
// repeated header lines, raw bytes for malformed requests, and responses as lists of lines.
#ifndef CORS_TESTS_INTEGRATION_HTTP_CLIENT_HPP
#define CORS_TESTS_INTEGRATION_HTTP_CLIENT_HPP

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cors_integration {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;
// Header lines in order, repeated names kept: what the tests send and what they expect back.
using header_lines = std::vector<std::pair<std::string, std::string>>;

request make_request(http::verb method, std::string_view target, const header_lines& headers = {},
                     std::string body = {});

// Every header line of the response, in order.
header_lines lines_of(const response& r);
// Only the Access-Control-* and Vary lines: what CORS added, for servers whose other headers
// (Server, X-Request-Id...) are not the point.
header_lines cors_lines_of(const response& r);

// What came back on one connection for raw bytes: every complete response in order, the bytes
// after the last one, and whether the server closed the connection (or reset it) in time.
struct raw_exchange {
  std::vector<response> responses;
  std::string unparsed;
  bool closed_by_server = false;
};

// Connects, writes `bytes` while reading, and reads until the server closes the connection or
// `patience` has passed. A write the server cuts short, having answered early and closed, is
// not an error: what it answered is in the result. Bytes that CR/LF/NUL, repeated framing
// headers or oversized lines keep Beast's serializer from sending go through here.
raw_exchange exchange_raw(unsigned short port, std::string_view bytes,
                          std::chrono::milliseconds patience = std::chrono::seconds(2));

// A connection for raw bytes whose reads wait at most a given time: to see what a server sends
// before the rest of a request, or that it sends nothing yet.
class raw_connection {
 public:
  explicit raw_connection(unsigned short port);
  void send(std::string_view bytes);
  // Everything received so far on this connection, once `enough` is among it, the server has
  // closed the connection, or `patience` has passed.
  std::string receive_until(std::string_view enough, std::chrono::milliseconds patience);

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  std::string received_;
};

class connection {
 public:
  explicit connection(unsigned short port);

  void send(const request& r);
  void send_raw(std::string_view bytes);
  // Throws boost::system::system_error when the server closed the connection or sent garbage.
  // The answer to a HEAD request has no body, whatever its Content-Length says.
  response receive(bool to_head = false);
  response exchange(const request& r) {
    send(r);
    return receive(r.method() == http::verb::head);
  }
  // True when the server has closed the connection (the next read finds its end).
  bool closed_by_server();

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace cors_integration

#endif  // CORS_TESTS_INTEGRATION_HTTP_CLIENT_HPP
