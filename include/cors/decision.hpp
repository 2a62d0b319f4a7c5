// What a policy decided about one request: its kind, whether it is allowed, why not, and the
// response headers to add. A decision owns no memory: its strings are views into the policy's
// precomputed values and into the request, so both must outlive it.
#ifndef CORS_DECISION_HPP
#define CORS_DECISION_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cors/request.hpp"
#include "cors/version.hpp"

namespace cors::detail {
class decision_builder;  // the engine's only writer of decisions (src/)
}  // namespace cors::detail

CORS_BEGIN_NAMESPACE

enum class request_kind : std::uint8_t {
  not_cors,       // no Origin header
  actual,         // Origin present, not a preflight
  preflight,      // OPTIONS + Origin + Access-Control-Request-Method
  plain_options,  // OPTIONS + Origin without Access-Control-Request-Method: the application's
};

enum class rejection_reason : std::uint8_t {
  none,
  malformed_origin,  // not a serialized origin, or several Origin lines
  origin_not_allowed,
  malformed_request_method,  // Access-Control-Request-Method empty, not a token, or repeated
  method_not_allowed,
  malformed_request_headers,  // Access-Control-Request-Headers not a list of tokens, or hostile
  header_not_allowed,
  private_network_not_allowed,  // Access-Control-Request-Private-Network without the opt-in
};

[[nodiscard]] CORS_API std::string_view to_string(request_kind kind) noexcept;
[[nodiscard]] CORS_API std::string_view to_string(rejection_reason reason) noexcept;

struct response_header {
  std::string_view name;
  std::string_view value;
};

class [[nodiscard]] decision {
 public:
  // Not "= default": that would be deleted, as the slots' type has a non-trivial default
  // constructor. Leaving the slots alone is the point (see headers_).
  decision() noexcept {}  // NOLINT(modernize-use-equals-default)

  // The response headers a policy can emit, each at most once: the six Access-Control-Allow-*
  // and Max-Age headers, Access-Control-Expose-Headers and Vary.
  static constexpr std::size_t distinct_headers = 8;
  // Enough for each of them, plus one reflected Access-Control-Allow-Headers line per accepted
  // Access-Control-Request-Headers line (the emission code checks this at compile time).
  static constexpr std::size_t max_headers = distinct_headers + max_request_headers_lines;

  [[nodiscard]] request_kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool allowed() const noexcept { return reason_ == rejection_reason::none; }
  [[nodiscard]] rejection_reason reason() const noexcept { return reason_; }
  // The part of the request that failed: the origin, the method, or the header name.
  [[nodiscard]] std::string_view offending_value() const noexcept { return offending_; }
  // True when the request carried that header on more than one line (two Origin lines, say),
  // which is what was refused; offending_value() is then the first line.
  [[nodiscard]] bool offending_header_repeated() const noexcept { return offending_repeated_ != 0; }

  // True for a preflight the policy answers itself (with status() and headers(), no body);
  // false for every other request, and for preflights under preflight_passthrough, which go on
  // to the application and get the headers added to its response.
  [[nodiscard]] bool respond_now() const noexcept { return respond_now_; }
  // The status of a preflight answered now: the configured success status, or 403.
  [[nodiscard]] int status() const noexcept { return status_; }

  // The headers to add to the response, Vary included. Add them; never replace existing ones
  // (a Vary line is merged with the application's own Vary, see vary()).
  [[nodiscard]] const response_header* begin() const noexcept { return headers_; }
  [[nodiscard]] const response_header* end() const noexcept { return headers_ + size_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  template <class Sink>  // void(std::string_view name, std::string_view value)
  void for_each_header(Sink&& sink) const {
    for (const response_header& h : *this) sink(h.name, h.value);
  }

  // The comma-separated tokens this response varies on ("Origin", ...), empty if none. They are
  // also among the headers above, as a "Vary" entry.
  [[nodiscard]] std::string_view vary() const noexcept { return vary_; }

 private:
  friend class detail::decision_builder;

  // Only the first size_ slots are ever written or read: leaving the rest uninitialized spares
  // every request from zero-filling 768 bytes, most of the cost of a request without CORS.
  union {
    response_header headers_[max_headers];
  };
  std::string_view offending_;
  std::string_view vary_;
  std::uint16_t status_ = 0;
  std::uint8_t size_ = 0;
  request_kind kind_ = request_kind::not_cors;
  rejection_reason reason_ = rejection_reason::none;
  bool respond_now_ = false;
  // A flag in two bytes: with it the scalars above fill eight, which one store clears.
  std::uint16_t offending_repeated_ = 0;
};

CORS_END_NAMESPACE

#endif  // CORS_DECISION_HPP
