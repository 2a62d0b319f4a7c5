#include "in_process_server.hpp"

#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <optional>

namespace cors_integration {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

in_process_server::in_process_server(handler_function handler)
    : handler_(std::move(handler)),
      acceptor_(context_, {asio::ip::make_address("127.0.0.1"), 0}),
      port_(acceptor_.local_endpoint().port()) {
  acceptor_thread_ = std::thread([this] { accept_loop(); });  // once every member exists
}

in_process_server::~in_process_server() {
  stopping_ = true;
  {
    // Wakes the blocking accept() up.
    boost::system::error_code ignored;
    tcp::socket waker(context_);
    waker.connect({asio::ip::make_address("127.0.0.1"), port_}, ignored);
  }
  acceptor_thread_.join();
  std::vector<std::thread> threads;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const int handle : open_sockets_) ::shutdown(handle, SHUT_RDWR);
    threads.swap(connection_threads_);
  }
  for (std::thread& t : threads) t.join();
}

void in_process_server::accept_loop() {
  while (true) {
    boost::system::error_code ec;
    tcp::socket socket = acceptor_.accept(ec);
    if (stopping_) return;
    if (ec) continue;
    const std::lock_guard<std::mutex> lock(mutex_);
    open_sockets_.insert(socket.native_handle());
    connection_threads_.emplace_back([this](tcp::socket s) { serve(std::move(s)); },
                                     std::move(socket));
  }
}

void in_process_server::serve(tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  for (bool open = true; open;) {
    http::request_parser<http::string_body> parser;
    boost::system::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      // The framing is lost: a 400, then the connection is closed.
      http::response<http::string_body> bad{http::status::bad_request, 11};
      bad.set(http::field::content_type, "text/plain");
      bad.keep_alive(false);
      bad.body() = "malformed request\n";
      bad.prepare_payload();
      http::write(socket, bad, ec);
      break;
    }
    if (ec) break;
    sync_send send(socket);
    handler_(parser.get(), send);
    open = send.responses_sent() == 1 && !send.close_after();
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  open_sockets_.erase(socket.native_handle());  // before the socket closes and its number is reused
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
}

}  // namespace cors_integration
