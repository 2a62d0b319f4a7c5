// Reading requests with Boost.Beast so that what reaches the CORS layer is safe to decide on:
// every part of a request bounded, the framing checks Beast 1.74 leaves out, and trailer fields
// kept apart from the header section. See docs/beast.md, "Reading requests".
//
//   cors::beast::request_reader<http::string_body> reader(limits);   // one per connection
//   reader.read(stream, ec);                     // or reader.async_read(stream, handler)
//   if (cors::beast::is_bad_request(ec)) answer 400 and close;
//   handler(reader.request(), send);             // the header section and the body alone
#ifndef CORS_BEAST_REQUEST_READER_HPP
#define CORS_BEAST_REQUEST_READER_HPP

#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/coroutine.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cors/beast/detail/text.hpp"

namespace cors::beast {

// What one request may hold. Past a limit the read fails with an error for which
// is_bad_request() is true: answer 400 and close the connection.
struct request_limits {
  // The request line and the header section together (Beast's header_limit), and the empty
  // lines before the request line. The read buffer holds no more than this either, so each
  // chunk-size line (leading zeros and extensions included) and the trailer section, which the
  // parser needs whole, are bounded by it too: Beast 1.74 would buffer them without end.
  std::uint32_t header_bytes = 8 * 1024;
  // The body, after chunked decoding.
  std::uint64_t body_bytes = std::uint64_t{1024} * 1024;
};

// The request errors Beast's parser does not report.
enum class request_error {
  missing_host = 1,  // an HTTP/1.1 request without Host (RFC 9112, 3.2)
  repeated_host,     // more than one Host line (RFC 9112, 3.2)
};

}  // namespace cors::beast

template <>
struct boost::system::is_error_code_enum<cors::beast::request_error> : std::true_type {};

namespace cors::beast {

namespace detail {

class request_error_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "cors.beast.request"; }
  std::string message(int value) const override {
    switch (static_cast<request_error>(value)) {
      case request_error::missing_host:
        return "missing Host";
      case request_error::repeated_host:
        return "more than one Host";
    }
    return "bad request";
  }
};

}  // namespace detail

inline const boost::system::error_category& request_error_category() noexcept {
  static const detail::request_error_category_impl category;
  return category;
}

inline boost::system::error_code make_error_code(request_error e) noexcept {
  return {static_cast<int>(e), request_error_category()};
}

// Whether a read failed because of what the client sent (malformed, too large, or framed in a
// way a proxy in front could read differently): answer 400 and close. Other errors (the client
// left, the deadline passed) close the connection without an answer.
inline bool is_bad_request(const boost::system::error_code& ec) noexcept {
  namespace http = boost::beast::http;
  if (ec.category() == request_error_category()) return true;
  return ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// Reads the requests of one connection, one at a time, through a buffer of its own bounded by
// request_limits::header_bytes. On top of Beast's parser it
//  - skips empty lines before a request line (RFC 9112, 2.2), counted in header_bytes;
//  - refuses an HTTP/1.1 request without Host and any request with two Host lines (RFC 9112,
//    3.2), and a Transfer-Encoding that does not end in chunked or comes in HTTP/1.0
//    (RFC 9112, 6.1: Beast 1.74 reads the body of such a request as the next request);
//  - answers "100 Continue" to an HTTP/1.1 request that expects it, once its header section has
//    passed every check, before reading its body (a refused request gets its 400 at once);
//  - moves chunked trailer fields out of request() into trailers(): Beast inserts them among
//    the header fields, where Origin or Access-Control-Request-Method sent as a trailer would
//    pass for a header (RFC 9110, 6.5.1: trailers never replace header fields). request() holds
//    the header section alone, so that with_cors decides from it.
// request() stays valid until the next read; one reader per connection, not thread-safe.
template <class Body, class Allocator = std::allocator<char>>
class request_reader {
 public:
  using parser_type = boost::beast::http::request_parser<Body, Allocator>;
  using request_type = typename parser_type::value_type;
  using fields_type = boost::beast::http::basic_fields<Allocator>;

  explicit request_reader(request_limits limits = {})
      : limits_(limits), buffer_(limits.header_bytes) {}
  request_reader(const request_reader&) = delete;
  request_reader& operator=(const request_reader&) = delete;

  // Reads the next request. http::error::end_of_stream when the client closed the connection
  // between requests.
  template <class SyncStream>
  void read(SyncStream& stream, boost::system::error_code& ec) {
    start();
    while (!parse_header(ec)) {
      const std::size_t n = stream.read_some(buffer_.prepare(read_size()), ec);
      buffer_.commit(n);
      if (ec) return end_of_input(ec);
    }
    if (ec || (ec = check_header())) return;
    if (!parser_->is_done()) {
      if (expects_continue())
        boost::asio::write(stream, boost::asio::buffer(continue_line.data(), continue_line.size()),
                           ec);
      if (ec) return;
      boost::beast::http::read(stream, buffer_, *parser_, ec);
      if (ec) return;
    }
    separate_trailers();
  }

  // The same, asynchronously: the handler is called as void(boost::system::error_code).
  template <class AsyncStream, class CompletionToken>
  auto async_read(AsyncStream& stream, CompletionToken&& token) {
    return boost::asio::async_compose<CompletionToken, void(boost::system::error_code)>(
        read_op<AsyncStream>{{}, *this, stream}, token, stream);
  }

  // The request last read: its header section and body, without trailer fields.
  request_type& request() noexcept { return parser_->get(); }
  const request_type& request() const noexcept { return parser_->get(); }
  // The trailer fields of the request last read, if it was chunked and had any.
  const fields_type& trailers() const noexcept { return trailers_; }
  const request_limits& limits() const noexcept { return limits_; }

 private:
  static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

  template <class AsyncStream>
  struct read_op : boost::asio::coroutine {
    request_reader& reader;
    AsyncStream& stream;

    template <class Self>
    void operator()(Self& self, boost::system::error_code ec = {}, std::size_t n = 0) {
      namespace http = boost::beast::http;
      // Each yield hands `self` to the next operation and returns; the code after it runs in a
      // new call, with a new `self`. clang-tidy's use-after-move check cannot see that re-entry
      // (the coroutine is a switch over the resume point), hence the NOLINTs below.
      BOOST_ASIO_CORO_REENTER(*this) {
        reader.start();
        while (!reader.parse_header(ec)) {
          BOOST_ASIO_CORO_YIELD stream.async_read_some(
              reader.buffer_.prepare(reader.read_size()),
              std::move(self));  // NOLINT(bugprone-use-after-move)
          reader.buffer_.commit(n);
          if (ec) {
            reader.end_of_input(ec);
            return self.complete(ec);
          }
        }
        if (ec || (ec = reader.check_header())) return self.complete(ec);
        if (!reader.parser_->is_done()) {
          if (reader.expects_continue()) {
            BOOST_ASIO_CORO_YIELD boost::asio::async_write(
                stream, boost::asio::buffer(continue_line.data(), continue_line.size()),
                std::move(self));  // NOLINT(bugprone-use-after-move)
            if (ec) return self.complete(ec);
          }
          BOOST_ASIO_CORO_YIELD http::async_read(
              stream, reader.buffer_, *reader.parser_,
              std::move(self));  // NOLINT(bugprone-use-after-move)
          if (ec) return self.complete(ec);
        }
        reader.separate_trailers();
        self.complete(ec);
      }
    }
  };

  void start() {
    parser_.emplace();
    parser_->header_limit(limits_.header_bytes);
    parser_->body_limit(limits_.body_bytes);
    trailers_.clear();
    empty_line_bytes_ = 0;
    header_bytes_ = 0;
    header_section_.clear();
  }

  // Parses what the buffer holds of the header section: true once it is complete or refused
  // (ec), false when more bytes are needed. Beast 1.74 consumes complete header lines as they
  // come and applies header_limit to what is buffered at a time; through a buffer bounded as
  // this one is, a header section longer than the limit would pass in pieces. The parser is
  // given what is left of the limit before each piece instead, as later Beast versions do.
  bool parse_header(boost::system::error_code& ec) {
    namespace http = boost::beast::http;
    if (!parser_->got_some() && !skip_empty_lines(ec)) return static_cast<bool>(ec);
    const std::size_t parsed = parser_->put(buffer_.data(), ec);
    buffer_.consume(parsed);
    header_bytes_ += parsed;
    if (ec != http::error::need_more) return true;
    ec = {};
    // The parser still needs more, and what is left of the limit is already buffered.
    if (header_bytes_ + buffer_.size() >= limits_.header_bytes) {
      ec = http::error::header_limit;
      return true;
    }
    parser_->header_limit(static_cast<std::uint32_t>(limits_.header_bytes - header_bytes_));
    return false;
  }

  // What Beast's own reads ask for: 512 bytes at first, more as the buffer has grown, never
  // past its limit. A connection that sends little keeps a small buffer.
  std::size_t read_size() { return boost::beast::read_size(buffer_, 65536); }

  // Drops CRLF (or bare LF) lines at the start of the buffer. True when the buffer starts with
  // something else, the request line; false when more bytes are needed, or with ec set when
  // the empty lines exceed the header limit.
  bool skip_empty_lines(boost::system::error_code& ec) {
    const auto data = buffer_.data();
    const char* bytes = static_cast<const char*>(data.data());
    const std::size_t size = data.size();
    std::size_t skipped = 0;
    while (skipped < size) {
      if (bytes[skipped] == '\n') {
        skipped += 1;
      } else if (bytes[skipped] == '\r' && skipped + 1 < size && bytes[skipped + 1] == '\n') {
        skipped += 2;
      } else {
        break;
      }
    }
    const bool lone_cr = skipped + 1 == size && bytes[skipped] == '\r';  // its LF may follow
    buffer_.consume(skipped);
    empty_line_bytes_ += skipped;
    if (empty_line_bytes_ > limits_.header_bytes) {
      ec = boost::beast::http::error::header_limit;
      return false;
    }
    return buffer_.size() != 0 && !lone_cr;
  }

  // A connection that ends before a request line ends cleanly; inside one, it cut it short.
  void end_of_input(boost::system::error_code& ec) const {
    namespace http = boost::beast::http;
    if (ec == boost::asio::error::eof)
      ec = parser_->got_some() ? http::error::partial_message : http::error::end_of_stream;
  }

  boost::system::error_code check_header() {
    namespace http = boost::beast::http;
    const request_type& request = parser_->get();
    const std::size_t hosts = request.count(http::field::host);
    if (hosts > 1) return request_error::repeated_host;
    if (hosts == 0 && request.version() >= 11) return request_error::missing_host;
    if (request.count(http::field::transfer_encoding) != 0 &&
        (!parser_->chunked() || request.version() < 11))
      return http::error::bad_transfer_encoding;
    if (parser_->chunked())
      for (const auto& field : request) header_section_.push_back(&field);
    return {};
  }

  // RFC 9110, 10.1.1: only an HTTP/1.1 client waits for 100 Continue.
  bool expects_continue() const {
    const request_type& request = parser_->get();
    if (request.version() < 11) return false;
    const auto range = request.equal_range(boost::beast::http::field::expect);
    for (auto line = range.first; line != range.second; ++line)
      if (detail::iequals(detail::trim_ows(detail::to_std(line->value())), "100-continue"))
        return true;
    return false;
  }

  // Beast inserts a trailer field after the last field of the same name, a header field
  // included, or at the end: every field that is not one of the header section's, which keep
  // their order, is a trailer.
  void separate_trailers() {
    if (!parser_->chunked()) return;
    request_type& request = parser_->get();
    std::size_t next_header = 0;
    for (auto field = request.begin(); field != request.end();) {
      if (next_header < header_section_.size() && &*field == header_section_[next_header]) {
        ++next_header;
        ++field;
        continue;
      }
      trailers_.insert(field->name_string(), field->value());
      field = request.erase(field);
    }
  }

  request_limits limits_;
  boost::beast::flat_buffer buffer_;
  std::optional<parser_type> parser_;
  fields_type trailers_;
  std::size_t empty_line_bytes_ = 0;
  std::size_t header_bytes_ = 0;
  // The header section's fields of a chunked request, in order (Beast's fields are nodes that
  // stay where they are); the capacity is kept from one request to the next.
  std::vector<const void*> header_section_;
};

}  // namespace cors::beast

#endif  // CORS_BEAST_REQUEST_READER_HPP
