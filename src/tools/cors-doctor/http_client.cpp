#include "http_client.hpp"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace cors::doctor {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::size_t max_body = 1 << 20;  // enough to show; the verdict never needs a body
constexpr std::size_t max_header = 1 << 16;

// Runs one asynchronous operation to completion: its error code. Deadlines come from the
// stream (beast::tcp_stream::expires_after) or from a timer the caller set.
template <class Start>
beast::error_code run(net::io_context& ioc, Start&& start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

std::string seconds(std::chrono::milliseconds d) {
  return fmt::format("{:g} s", static_cast<double>(d.count()) / 1000.0);
}

// The host to resolve and to verify: an IPv6 address without its brackets.
std::string bare_host(const checker::url& u) {
  if (!u.host.empty() && u.host.front() == '[') return u.host.substr(1, u.host.size() - 2);
  return u.host;
}

bool is_ip_address(const std::string& host) {
  beast::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

class connection {
 public:
  connection(const sent_request& request, const client_options& options)
      : request_(request),
        options_(options),
        where_(fmt::format("{}:{}", request.target.host, request.target.port)) {}

  received_response exchange() {
    beast::tcp_stream tcp(ioc_);
    connect(tcp);
    if (!request_.target.secure()) return talk(tcp);
    ssl::context context(ssl::context::tls_client);
    if (options_.verify_certificates) {
      context.set_default_verify_paths();
      context.set_verify_mode(ssl::verify_peer);
    } else {
      context.set_verify_mode(ssl::verify_none);
    }
    beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp), context);
    handshake(tls);
    return talk(tls);
  }

 private:
  [[noreturn]] void fail(std::string_view step, const beast::error_code& ec) const {
    if (ec == beast::error::timeout || ec == net::error::operation_aborted)
      throw network_error(fmt::format("{} {}: no answer within {} (--timeout)", step, where_,
                                      seconds(options_.timeout)));
    throw network_error(fmt::format("{} {} failed: {}", step, where_, ec.message()));
  }

  void connect(beast::tcp_stream& tcp) {
    tcp::resolver resolver(ioc_);
    net::steady_timer deadline(ioc_, options_.timeout);
    bool timed_out = false;
    deadline.async_wait([&](beast::error_code ec) {
      if (!ec) {
        timed_out = true;
        resolver.cancel();
      }
    });
    tcp::resolver::results_type endpoints;
    const std::string host = bare_host(request_.target);
    const beast::error_code resolved = run(ioc_, [&](auto handler) {
      resolver.async_resolve(host, std::to_string(request_.target.port),
                             [&, handler](beast::error_code ec, tcp::resolver::results_type r) {
                               deadline.cancel();
                               endpoints = std::move(r);
                               handler(ec);
                             });
    });
    if (timed_out)
      throw network_error(fmt::format("resolving {}: no answer within {} (--timeout)", host,
                                      seconds(options_.timeout)));
    if (resolved)
      throw network_error(fmt::format("cannot resolve {}: {}", host, resolved.message()));
    tcp.expires_after(options_.timeout);
    if (const beast::error_code ec =
            run(ioc_, [&](auto handler) { tcp.async_connect(endpoints, handler); }))
      fail("connecting to", ec);
  }

  void handshake(beast::ssl_stream<beast::tcp_stream>& tls) {
    const std::string host = bare_host(request_.target);
    SSL* native = tls.native_handle();
    const bool ip = is_ip_address(host);
    // SNI carries names only, never addresses (RFC 6066).
    if (!ip) SSL_set_tlsext_host_name(native, host.c_str());
    if (options_.verify_certificates) {
      X509_VERIFY_PARAM* param = SSL_get0_param(native);
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      if (ip)
        X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
      else
        X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    }
    beast::get_lowest_layer(tls).expires_after(options_.timeout);
    const beast::error_code ec =
        run(ioc_, [&](auto handler) { tls.async_handshake(ssl::stream_base::client, handler); });
    if (!ec) return;
    const long verify = SSL_get_verify_result(native);
    if (options_.verify_certificates && verify != X509_V_OK)
      throw network_error(fmt::format(
          "TLS handshake with {} failed: certificate verify failed: {} (certificates are "
          "verified against the system's trust store; --insecure skips the check)",
          where_, X509_verify_cert_error_string(verify)));
    fail("TLS handshake with", ec);
  }

  template <class Stream>
  received_response talk(Stream& stream) {
    http::request<http::empty_body> request;
    request.method_string(request_.method);
    request.target(request_.target.target);
    request.version(11);
    for (const checker::header_line& h : request_.headers) request.insert(h.name, h.value);

    beast::get_lowest_layer(stream).expires_after(options_.timeout);
    if (const beast::error_code ec =
            run(ioc_, [&](auto handler) { http::async_write(stream, request, handler); }))
      fail("sending the request to", ec);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(max_header);
    parser.body_limit(max_body);
    // A response to HEAD has no body, whatever its Content-Length says.
    if (request_.method == "HEAD") parser.skip(true);
    beast::get_lowest_layer(stream).expires_after(options_.timeout);
    const beast::error_code ec =
        run(ioc_, [&](auto handler) { http::async_read(stream, buffer, parser, handler); });
    received_response r;
    if (ec == http::error::body_limit && parser.is_header_done())
      r.body_truncated = true;
    else if (ec)
      fail("reading the response from", ec);
    const auto& message = parser.get();
    r.version = fmt::format("HTTP/{}.{}", message.version() / 10, message.version() % 10);
    r.status = static_cast<int>(message.result_int());
    r.reason = std::string(message.reason());
    for (const auto& field : message)
      r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    r.body = message.body();
    return r;
  }

  const sent_request& request_;
  const client_options& options_;
  std::string where_;  // host:port, for messages
  net::io_context ioc_;
};

}  // namespace

sent_request prepare(const checker::wire_request& request, const client_options& options) {
  sent_request sent{request.method, request.target, {{"Host", request.target.authority()}}};
  bool user_agent_added = false;
  for (const checker::header_line& h : request.headers) {
    sent.headers.push_back(h);
    if (h.name == "Origin" && !options.user_agent.empty()) {
      sent.headers.push_back({"User-Agent", options.user_agent});
      user_agent_added = true;
    }
  }
  if (!user_agent_added && !options.user_agent.empty())
    sent.headers.push_back({"User-Agent", options.user_agent});
  return sent;
}

received_response exchange(const sent_request& request, const client_options& options) {
  return connection(request, options).exchange();
}

}  // namespace cors::doctor
