// Which kind of request this is (docs/how-it-decides.md, 1): the first question of every
// decision, and the only one a request without Origin gets.
#ifndef CORS_SRC_CLASSIFICATION_HPP
#define CORS_SRC_CLASSIFICATION_HPP

#include "cors/decision.hpp"
#include "cors/request.hpp"

namespace cors::detail {

// A plain OPTIONS (no Access-Control-Request-Method) is never a preflight: a page's
// fetch(url, {method: 'OPTIONS'}) and the API's own OPTIONS handler reach the application.
// Methods are case-sensitive (Fetch, "CORS-preflight request"), so "options" is not OPTIONS.
inline request_kind classify(const request_view& request) noexcept {
  if (!request.origin.present()) return request_kind::not_cors;
  if (request.method != "OPTIONS") return request_kind::actual;
  return request.access_control_request_method.present() ? request_kind::preflight
                                                         : request_kind::plain_options;
}

}  // namespace cors::detail

#endif  // CORS_SRC_CLASSIFICATION_HPP
