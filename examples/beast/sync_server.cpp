// A synchronous Boost.Beast server, one thread per connection, with a CORS policy: the shape of
// Beast's http_server_sync example, with its handler wrapped by cors::beast::with_cors, and with
// what a server facing hostile clients needs: requests read through cors::beast::request_reader
// (every part bounded, framing and Host checked, trailers kept out of the headers), a deadline
// for each request and answer, a limit on connections, and an accept loop that survives
// running out of file descriptors.
//   usage: cors-beast-sync-server [PORT [READ_TIMEOUT_SECONDS]]
//          (on 127.0.0.1; default port 8080, 0 picks a free one; default timeout 30 s)
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "cors/beast.hpp"
#include "cors/beast/request_reader.hpp"
#include "serving.hpp"

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
void serve(tcp::socket socket, const Handler& handler, std::chrono::seconds timeout) {
  cors_examples::deadline_socket stream(std::move(socket));
  cors::beast::request_limits limits;  // 8 KiB of header section by default
  limits.body_bytes = std::uint64_t{64} * 1024;
  cors::beast::request_reader<http::string_body> reader(limits);
  boost::system::error_code ec;
  for (;;) {
    stream.expires_after(timeout);  // for the whole request, however slowly it comes
    reader.read(stream, ec);
    if (cors::beast::is_bad_request(ec)) {
      http::response<http::string_body> refusal =
          cors_examples::bad_request(ec, "cors-beast-sync-server");
      http::write(stream, refusal, ec);
      break;
    }
    if (ec) break;  // closed by the client, or the deadline passed
    // The request must stay alive until the response is built: the decision points into it.
    http::response<http::string_body> response = handler(reader.request());
    stream.expires_after(timeout);
    http::write(stream, response, ec);
    if (ec || response.need_eof()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// At most `limit` connections (threads) at once; the others wait in the listen queue.
class connection_limit {
 public:
  explicit connection_limit(std::size_t limit) : limit_(limit) {}
  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    freed_.wait(lock, [this] { return open_ < limit_; });
    ++open_;
  }
  void release() {
    const std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t open_ = 0;
  const std::size_t limit_;
};

// Accepts connections for ever, one thread each. When accepting fails (out of file
// descriptors, say), it waits and tries again while the open connections go on being served.
template <class Handler>
void accept_for_ever(tcp::acceptor& acceptor, const Handler& handler,
                     std::chrono::seconds timeout) {
  connection_limit connections(256);
  cors_examples::accept_backoff backoff;
  for (;;) {
    connections.acquire();
    tcp::socket socket(acceptor.get_executor());
    boost::system::error_code ec;
    acceptor.accept(socket, ec);
    if (ec) {
      connections.release();
      std::this_thread::sleep_for(backoff.next());
      continue;
    }
    backoff.reset();
    try {
      std::thread([socket = std::move(socket), &handler, &connections, timeout]() mutable {
        serve(std::move(socket), handler, timeout);
        connections.release();
      }).detach();
    } catch (const std::system_error&) {  // no thread to be had: this connection is closed
      connections.release();
    }
  }
}

int main(int argc, char** argv) try {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  // Preflights are answered here; 404s and every other response get their CORS headers.
  const auto handler = cors::beast::with_cors(cors::policy(cfg), handle);

  boost::asio::io_context context;
  const auto port = static_cast<unsigned short>(argc > 1 ? std::stoi(argv[1]) : 8080);
  const std::chrono::seconds timeout(argc > 2 ? std::stoi(argv[2]) : 30);
  tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), port});
  std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  accept_for_ever(acceptor, handler, timeout);
} catch (const std::exception& e) {
  std::cerr << "cors-beast-sync-server: " << e.what() << "\n";
  return 1;
}
