// One HTTP/1.1 exchange over TCP or TLS, with a deadline on every step: what cors-doctor uses to
// send the browser's requests. Certificates are verified against the system's trust store,
// with SNI and host name verification, unless told otherwise.
#ifndef CORS_SRC_DOCTOR_HTTP_CLIENT_HPP
#define CORS_SRC_DOCTOR_HTTP_CLIENT_HPP

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "cors/checker.hpp"

namespace cors::doctor {

struct client_options {
  std::chrono::milliseconds timeout{10000};  // for each of: resolve, connect, TLS, write+read
  bool verify_certificates = true;
  std::string user_agent;
};

// The request exactly as it goes over the wire.
struct sent_request {
  std::string method;
  checker::url target;
  std::vector<checker::header_line> headers;  // Host first
};

struct received_response {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<checker::header_line> headers;
  std::string body;
  bool body_truncated = false;  // longer than cors-doctor reads
};

// Resolving, connecting, TLS or HTTP failed, or a step did not finish in time. what() says
// which step, with which host, and why.
class network_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The browser's request with the headers the HTTP layer adds: Host, and User-Agent after
// Origin (where Chromium puts it).
sent_request prepare(const checker::wire_request& request, const client_options& options);

// Sends `request` on a connection of its own and reads the response. Throws network_error.
received_response exchange(const sent_request& request, const client_options& options);

}  // namespace cors::doctor

#endif  // CORS_SRC_DOCTOR_HTTP_CLIENT_HPP
