// Requests and answers as the engine's tests write them: request_view builders and the decision's
// headers as comparable pairs.
#ifndef CORS_TESTS_SUPPORT_REQUESTS_HPP
#define CORS_TESTS_SUPPORT_REQUESTS_HPP

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cors/decision.hpp"
#include "cors/request.hpp"

namespace cors_test {

using header_list = std::vector<std::pair<std::string, std::string>>;

inline header_list headers_of(const cors::decision& d) {
  header_list out;
  for (const cors::response_header& h : d) out.emplace_back(h.name, h.value);
  return out;
}

// OPTIONS with Origin and Access-Control-Request-Method, and Access-Control-Request-Headers when
// given (absent by default; "" is present and empty).
inline cors::request_view preflight(cors::header_field origin, cors::header_field method,
                                    cors::header_field headers = {}) {
  cors::request_view r;
  r.method = "OPTIONS";
  r.origin = origin;
  r.access_control_request_method = method;
  r.access_control_request_headers = headers;
  return r;
}

inline cors::request_view with_private_network(cors::request_view r, cors::header_field value) {
  r.access_control_request_private_network = value;
  return r;
}

inline cors::request_view actual(cors::header_field origin, std::string_view method = "GET") {
  cors::request_view r;
  r.method = method;
  r.origin = origin;
  return r;
}

// `piece` repeated until the result has at least `bytes` bytes.
inline std::string repeat(std::string_view piece, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += piece;
  return out;
}

}  // namespace cors_test

#endif  // CORS_TESTS_SUPPORT_REQUESTS_HPP
