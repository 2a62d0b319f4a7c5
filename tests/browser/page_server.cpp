#include "page_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace cors::browser_tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct page_server::state {
  asio::io_context io;
  tcp::acceptor main_acceptor{io};
  tcp::acceptor other_acceptor{io};
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> pages;
  std::vector<std::string> results;
  bool finished = false;

  http::response<http::string_body> answer(const http::request<http::string_body>& request) {
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.keep_alive(request.keep_alive());
    response.set(http::field::cache_control, "no-store");
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view page_prefix = "/page/";
    std::lock_guard<std::mutex> lock(mutex);
    if (request.method() == http::verb::get &&
        target.substr(0, page_prefix.size()) == page_prefix) {
      const std::string index(target.substr(page_prefix.size()));
      const bool digits =
          !index.empty() && index.find_first_not_of("0123456789") == std::string::npos;
      const std::size_t n = digits ? std::stoul(index) : pages.size();
      if (n < pages.size()) {
        response.set(http::field::content_type, "text/html; charset=utf-8");
        response.body() = pages[n];
      } else {
        response.result(http::status::not_found);
      }
    } else if (request.method() == http::verb::post && target == "/result") {
      results.push_back(request.body());
      response.result(http::status::no_content);
    } else if (request.method() == http::verb::post && target == "/finished") {
      finished = true;
      changed.notify_all();
      response.result(http::status::no_content);
    } else {
      response.result(http::status::not_found);  // /favicon.ico among others
    }
    response.prepare_payload();
    return response;
  }
};

namespace {

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, page_server::state& server)
      : socket_(std::move(socket)), server_(server) {}

  void read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->write();
                     });
  }

 private:
  void write() {
    response_ = server_.answer(request_);
    http::async_write(socket_, response_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (!ec && self->response_.keep_alive()) self->read();
                      });
  }

  tcp::socket socket_;
  page_server::state& server_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor, page_server::state& server) {
  acceptor.async_accept([&acceptor, &server](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // closed at shutdown
    std::make_shared<session>(std::move(socket), server)->read();
    accept(acceptor, server);
  });
}

void listen(tcp::acceptor& acceptor) {
  const tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
  acceptor.open(loopback.protocol());
  acceptor.bind(loopback);
  acceptor.listen();
}

}  // namespace

page_server::page_server() : state_(std::make_shared<state>()) {
  listen(state_->main_acceptor);
  listen(state_->other_acceptor);
  accept(state_->main_acceptor, *state_);
  accept(state_->other_acceptor, *state_);
  state_->thread = std::thread([s = state_.get()] { s->io.run(); });
}

page_server::~page_server() {
  state_->io.stop();
  state_->thread.join();
}

int page_server::main_port() const noexcept {
  return state_->main_acceptor.local_endpoint().port();
}

int page_server::other_port() const noexcept {
  return state_->other_acceptor.local_endpoint().port();
}

void page_server::set_pages(std::vector<std::string> html) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->pages = std::move(html);
}

bool page_server::wait_finished(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [this] { return state_->finished; });
}

std::vector<std::string> page_server::results() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->results;
}

}  // namespace cors::browser_tests
