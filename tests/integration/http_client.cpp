#include "http_client.hpp"

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <functional>

namespace cors_integration {

namespace asio = boost::asio;

request make_request(http::verb method, std::string_view target, const header_lines& headers,
                     std::string body) {
  request r{method, boost::beast::string_view(target.data(), target.size()), 11};
  r.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) r.insert(name, value);
  if (!body.empty() || method == http::verb::post || method == http::verb::put) {
    r.body() = std::move(body);
    r.prepare_payload();
  }
  return r;
}

header_lines lines_of(const response& r) {
  header_lines lines;
  for (const auto& field : r)
    lines.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return lines;
}

header_lines cors_lines_of(const response& r) {
  header_lines lines;
  for (auto& line : lines_of(r)) {
    if (line.first.rfind("Access-Control-", 0) == 0 || line.first == "Vary")
      lines.push_back(std::move(line));
  }
  return lines;
}

namespace {

// Splits `bytes` into the complete responses at its start; what is left goes to `unparsed`.
std::vector<response> parse_responses(std::string_view bytes, std::string& unparsed) {
  std::vector<response> responses;
  while (!bytes.empty()) {
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    boost::system::error_code ec;
    const std::size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec || !parser.is_done()) break;
    bytes.remove_prefix(used);
    responses.push_back(parser.release());
  }
  unparsed = bytes;
  return responses;
}

}  // namespace

raw_exchange exchange_raw(unsigned short port, std::string_view bytes,
                          std::chrono::milliseconds patience) {
  asio::io_context context;
  asio::ip::tcp::socket socket(context);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::async_write(socket, asio::buffer(bytes.data(), bytes.size()),
                    [](boost::system::error_code, std::size_t) {});
  std::string received;
  bool closed = false;
  char chunk[16384];
  std::function<void()> read_more = [&] {
    socket.async_read_some(asio::buffer(chunk), [&](boost::system::error_code ec, std::size_t n) {
      received.append(chunk, n);
      if (!ec) return read_more();
      closed = ec == asio::error::eof || ec == asio::error::connection_reset;
    });
  };
  read_more();
  context.run_for(patience);
  if (!context.stopped()) {  // out of patience: end the pending operations before returning
    socket.close();
    context.run();
  }
  raw_exchange result;
  result.responses = parse_responses(received, result.unparsed);
  result.closed_by_server = closed;
  return result;
}

raw_connection::raw_connection(unsigned short port) : socket_(context_) {
  socket_.connect({asio::ip::make_address("127.0.0.1"), port});
}

void raw_connection::send(std::string_view bytes) {
  asio::write(socket_, asio::buffer(bytes.data(), bytes.size()));
}

std::string raw_connection::receive_until(std::string_view enough,
                                          std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (received_.find(enough) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd readable{socket_.native_handle(), POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[4096];
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
    received_.append(chunk, n);
    if (ec) break;
  }
  return received_;
}

connection::connection(unsigned short port) : socket_(context_) {
  socket_.connect({asio::ip::make_address("127.0.0.1"), port});
}

void connection::send(const request& r) {
  http::write(socket_, r);
}

void connection::send_raw(std::string_view bytes) {
  asio::write(socket_, asio::buffer(bytes.data(), bytes.size()));
}

response connection::receive(bool to_head) {
  http::response_parser<http::string_body> parser;
  parser.skip(to_head);
  http::read(socket_, buffer_, parser);
  return parser.release();
}

bool connection::closed_by_server() {
  char byte;
  boost::system::error_code ec;
  socket_.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

}  // namespace cors_integration
