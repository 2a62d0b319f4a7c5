// The configuration a user fills in. It is plain data: nothing is checked until it is turned
// into a cors::policy, which validates every entry at once (see policy.hpp).
#ifndef CORS_CONFIG_HPP
#define CORS_CONFIG_HPP

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

class decision;

// What a rejected preflight is answered with when the policy answers it itself.
enum class rejected_preflight_response {
  // 403 without any CORS header: reveals nothing about the policy to a probing origin.
  forbidden,
  // Debug aid: the preflight is answered as far as it got. A method or header failure gets the
  // success status with the partial headers, so the browser console names the exact failing
  // check ("Method PUT is not allowed ..."), never a generic "No 'Access-Control-Allow-Origin'".
  // It never lets a request through that the policy rejects.
  partial_headers,
};

struct config {
  // Each entry is one of:
  //   "https://app.example.com"      an exact serialized origin (lower case, no default port)
  //   "*"                            any origin (cannot be combined with credentials)
  //   "https://*.example.com"        any subdomain, one or more labels deep, never the apex
  //   "http://localhost:*"           any port of one host ("https://*.example.com:*" combines both)
  // "null" is refused here; set allow_null_origin instead.
  std::vector<std::string> allowed_origins;

  // Escape hatch, consulted only when no entry above matched. It receives a request origin that
  // has already been validated against the serialized-origin grammar. It must be thread-safe and
  // should not allocate if the per-request path is to stay allocation-free.
  std::function<bool(std::string_view origin)> origin_predicate;

  // Lets the "null" origin in (sandboxed iframes, file: pages, data: URLs). Any sandboxed page on
  // the web can send it, so it is off unless asked for.
  bool allow_null_origin = false;

  // Methods allowed on preflighted requests, or "*". GET, HEAD and POST are always allowed (they
  // are CORS-safelisted). Compared byte for byte, as browsers do; the six methods fetch()
  // normalizes (DELETE GET HEAD OPTIONS POST PUT) are upper-cased here for the same reason.
  std::vector<std::string> allowed_methods;

  // Request header names allowed on preflighted requests, or "*". Case-insensitive.
  // Under "*", Authorization is only allowed when it is also listed by name (Fetch standard).
  std::vector<std::string> allowed_headers;

  // Response header names that scripts may read, or "*" (not with credentials).
  std::vector<std::string> exposed_headers;

  // Sends Access-Control-Allow-Credentials: true, so cookies and HTTP authentication may be used.
  bool allow_credentials = false;

  // Lets plain-http origins other than loopback in while credentials are allowed. Anyone on the
  // network path can impersonate such an origin, so this is a deliberate, named risk.
  bool allow_insecure_origins_with_credentials = false;

  // Access-Control-Max-Age. Unset: the header is omitted and browsers cache a preflight for 5 s.
  // 0: "do not cache". At most 86400; Chromium caps at 7200 and Firefox at 86400.
  std::optional<int> max_age_seconds;

  // Answers the legacy Private Network Access preflight (Access-Control-Request-Private-Network:
  // true) with Access-Control-Allow-Private-Network: true.
  bool allow_private_network = false;

  // Status of a successful preflight answered by the policy: 204, or 200 for legacy clients.
  int preflight_success_status = 204;

  // Hands preflights to the application after the CORS headers are decided, instead of answering
  // them directly.
  bool preflight_passthrough = false;

  // How a preflight the policy rejects is answered (see rejected_preflight_response above).
  rejected_preflight_response rejected_preflight_answer = rejected_preflight_response::forbidden;

  // Called for every rejected CORS request with its decision and a one-line explanation, e.g.
  // "preflight rejected: request header 'x-other' is not allowed (allowed: content-type,
  // x-custom-header)". The line is built in a fixed buffer, so logging adds no allocation; bytes
  // from the request are escaped. Must be thread-safe; an exception it throws is swallowed.
  std::function<void(const decision& rejected, std::string_view explanation)> on_rejection;
};

CORS_END_NAMESPACE

#endif  // CORS_CONFIG_HPP
