#include "cors/decision.hpp"

CORS_BEGIN_NAMESPACE

std::string_view to_string(request_kind kind) noexcept {
  switch (kind) {
    case request_kind::not_cors:
      return "not_cors";
    case request_kind::actual:
      return "actual";
    case request_kind::preflight:
      return "preflight";
    case request_kind::plain_options:
      return "plain_options";
  }
  return "unknown";
}

std::string_view to_string(rejection_reason reason) noexcept {
  switch (reason) {
    case rejection_reason::none:
      return "none";
    case rejection_reason::malformed_origin:
      return "malformed_origin";
    case rejection_reason::origin_not_allowed:
      return "origin_not_allowed";
    case rejection_reason::malformed_request_method:
      return "malformed_request_method";
    case rejection_reason::method_not_allowed:
      return "method_not_allowed";
    case rejection_reason::malformed_request_headers:
      return "malformed_request_headers";
    case rejection_reason::header_not_allowed:
      return "header_not_allowed";
    case rejection_reason::private_network_not_allowed:
      return "private_network_not_allowed";
  }
  return "unknown";
}

CORS_END_NAMESPACE
