#include "http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <list>
#include <thread>

namespace cors::browser_tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct http_server::state {
  explicit state(handler h) : answer(std::move(h)) {}
  handler answer;
  asio::io_context io;
  std::list<tcp::acceptor> acceptors;
  std::thread thread;
};

namespace {

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, const http_server::handler& answer)
      : socket_(std::move(socket)), answer_(answer) {}

  void read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->write();
                     });
  }

 private:
  void write() {
    response_ = answer_(request_);
    response_.version(request_.version());
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    http::async_write(socket_, response_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (!ec && self->response_.keep_alive()) self->read();
                      });
  }

  tcp::socket socket_;
  const http_server::handler& answer_;
  beast::flat_buffer buffer_;
  http_request request_;
  http_response response_;
};

void accept(tcp::acceptor& acceptor, const http_server::handler& answer) {
  acceptor.async_accept([&acceptor, &answer](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // closed at shutdown
    std::make_shared<session>(std::move(socket), answer)->read();
    accept(acceptor, answer);
  });
}

}  // namespace

http_server::http_server(int port_count, handler answer)
    : state_(std::make_unique<state>(std::move(answer))) {
  const tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
  for (int i = 0; i < port_count; ++i) {
    tcp::acceptor& acceptor = state_->acceptors.emplace_back(state_->io);
    acceptor.open(loopback.protocol());
    acceptor.bind(loopback);
    acceptor.listen();
    accept(acceptor, state_->answer);
  }
  state_->thread = std::thread([io = &state_->io] { io->run(); });
}

http_server::~http_server() {
  state_->io.stop();
  state_->thread.join();
}

int http_server::port(int index) const {
  auto acceptor = state_->acceptors.begin();
  std::advance(acceptor, index);
  return acceptor->local_endpoint().port();
}

}  // namespace cors::browser_tests
