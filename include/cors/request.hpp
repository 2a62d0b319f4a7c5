// The server-agnostic way in: the few parts of an HTTP request that CORS depends on, as views.
#ifndef CORS_REQUEST_HPP
#define CORS_REQUEST_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

// One request header as the server received it: absent, one line, or several lines (a header
// may legitimately be split over lines, e.g. Access-Control-Request-Headers behind some proxies).
// It only refers to the caller's strings; they must outlive the evaluation and its decision.
class header_field {
 public:
  constexpr header_field() noexcept = default;
  constexpr header_field(std::string_view one_line) noexcept  // NOLINT: implicit by design
      : first_(one_line), count_(1) {}
  constexpr header_field(const char* one_line) noexcept  // NOLINT: implicit by design
      : header_field(std::string_view(one_line)) {}
  header_field(const std::string& one_line) noexcept  // NOLINT: implicit by design
      : header_field(std::string_view(one_line)) {}
  // A temporary string would be gone before the header is read.
  header_field(std::string&&) = delete;
  // Several lines; `lines` must stay valid as long as the header_field is used.
  constexpr header_field(const std::string_view* lines, std::size_t count) noexcept
      : first_(count > 0 ? lines[0] : std::string_view()), lines_(lines), count_(count) {}

  constexpr bool present() const noexcept { return count_ > 0; }
  constexpr std::size_t line_count() const noexcept { return count_; }
  constexpr std::string_view line(std::size_t i) const noexcept {
    return lines_ != nullptr ? lines_[i] : first_;
  }

 private:
  std::string_view first_;
  const std::string_view* lines_ = nullptr;
  std::size_t count_ = 0;
};

// A policy refuses (as malformed) an Access-Control-Request-Headers split over more lines than
// this; adapters need to collect no more than one line beyond it.
inline constexpr std::size_t max_request_headers_lines = 16;

struct request_view {
  std::string_view method;  // as received, case preserved
  header_field origin;
  header_field access_control_request_method;
  header_field access_control_request_headers;
  header_field access_control_request_private_network;
};

CORS_END_NAMESPACE

#endif  // CORS_REQUEST_HPP
