// The engine's one writer of cors::decision: every field a decision has is set through here.
#ifndef CORS_SRC_DECISION_BUILDER_HPP
#define CORS_SRC_DECISION_BUILDER_HPP

#include <cstdint>
#include <string_view>

#include "cors/decision.hpp"
#include "vary.hpp"

namespace cors::detail {

// Writes into a decision the caller owns and returns, so that the decision is built in place
// (returned by named-value optimization, never copied).
class decision_builder {
 public:
  explicit decision_builder(decision& d) noexcept : d_(d) {}

  void kind(request_kind kind) noexcept { d_.kind_ = kind; }

  void reject(rejection_reason reason, std::string_view offending) noexcept {
    d_.reason_ = reason;
    d_.offending_ = offending;
  }
  // A rejection for `field`, a header that must come once (Origin, Access-Control-Request-
  // Method): the checks refuse it as malformed when it came on several lines, and the decision
  // says that the repetition is what was refused.
  void reject(rejection_reason reason, std::string_view offending,
              const header_field& field) noexcept {
    reject(reason, offending);
    if (field.line_count() > 1) d_.offending_repeated_ = 1;
  }
  void respond_now(bool now) noexcept { d_.respond_now_ = now; }
  void status(int status) noexcept { d_.status_ = static_cast<std::uint16_t>(status); }

  // Callers add each distinct header at most once, and Access-Control-Allow-Headers at most
  // once per request line (decision::max_headers counts exactly that).
  void add(std::string_view name, std::string_view value) noexcept {
    d_.headers_[d_.size_++] = response_header{name, value};
  }
  void add_vary(std::string_view tokens) noexcept {
    if (tokens.empty()) return;
    d_.vary_ = tokens;
    add(vary_header, tokens);
  }

  [[nodiscard]] bool rejected() const noexcept { return !d_.allowed(); }

 private:
  decision& d_;
};

}  // namespace cors::detail

#endif  // CORS_SRC_DECISION_BUILDER_HPP
