// Connecting a cors::policy to any HTTP server: the request's CORS headers read from the server's
// own header lines, and a decision written onto its response with the application's Vary merged.
// The Beast and cpp-httplib adapters are built on these; docs/adapters.md shows another server in
// a few lines. Nothing here allocates.
//
//   cors::request_lines lines(req.method, req.headers);     // any container of name/value pairs
//   const cors::decision d = policy.evaluate(lines.view());
//   ... the application answers, unless d.respond_now() (then: d.status(), no body) ...
//   cors::response_lines own(d, res.headers);               // what the response already has
//   own.write([&](auto name, auto value) { add the line }, [&](auto name) { remove those lines });
//   cors::vary_lines(tokens, res.headers).write(...);     // the Vary merge alone
#ifndef CORS_ADAPTER_HPP
#define CORS_ADAPTER_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cors/decision.hpp"
#include "cors/request.hpp"
#include "cors/version.hpp"

CORS_BEGIN_NAMESPACE

// The parts of a request CORS reads, collected from its header lines as views. Lines of the four
// CORS request headers are kept, names compared case-insensitively, repeated lines in order;
// every other line is ignored. The strings must outlive this object and every decision made
// from view().
class request_lines {
 public:
  explicit request_lines(std::string_view method) noexcept { view_.method = method; }

  // Every line of `headers`, a container of name/value pairs (std::map, std::multimap,
  // std::vector<std::pair<...>>, httplib::Headers...) whose strings convert to string_view.
  template <class Headers>
  request_lines(std::string_view method, const Headers& headers) noexcept : request_lines(method) {
    for (const auto& [name, value] : headers) add(name, value);
  }

  // The lines would be gone before the decision is made.
  template <class Headers>
  request_lines(std::string_view method, const Headers&& headers) = delete;

  // view() points into this object.
  request_lines(const request_lines&) = delete;
  request_lines& operator=(const request_lines&) = delete;

  // Offers one header line as received.
  void add(std::string_view name, std::string_view value) noexcept {
    // Origin (6), Access-Control-Request-Method (29), -Headers (30), -Private-Network (38):
    // most lines are refused by their length alone.
    const std::size_t n = name.size();
    if (n == 6 || n == 29 || n == 30 || n == 38) keep(name, value);
  }

  [[nodiscard]] const request_view& view() const noexcept { return view_; }

 private:
  template <std::size_t Capacity>
  struct lines {
    std::array<std::string_view, Capacity> values;
    std::size_t count = 0;
  };

  CORS_API void keep(std::string_view name, std::string_view value) noexcept;

  // Origin, Access-Control-Request-Method and -Private-Network are valid on one line only; a
  // second slot shows the policy that there were several. A longer Access-Control-Request-Headers
  // is kept to one line more than the policy accepts, so that it is refused as malformed.
  lines<2> origin_;
  lines<2> request_method_;
  lines<max_request_headers_lines + 1> request_headers_;
  lines<2> private_network_;
  request_view view_;
};

// The Vary step alone: a comma-separated list of tokens (such as decision::vary()) merged into
// the Vary lines a response already has. Tokens already there, compared case-insensitively, are
// not repeated; "Vary: *" is left alone; the application's Vary lines are kept as written,
// joined into one line followed by the missing tokens ("Accept-Encoding" + "Origin" gives
// "Accept-Encoding, Origin"). The tokens must outlive write(); offered lines are read when they
// are offered. response_lines does this for a whole decision.
class vary_lines {
 public:
  explicit vary_lines(std::string_view tokens) noexcept : tokens_(tokens) {}

  // Every line of `headers`, a container of name/value pairs.
  template <class Headers>
  vary_lines(std::string_view tokens, const Headers& headers) noexcept : vary_lines(tokens) {
    for (const auto& [name, value] : headers) add(name, value);
  }

  template <class Headers>
  vary_lines(std::string_view tokens, const Headers&& headers) = delete;

  vary_lines(const vary_lines&) = delete;
  vary_lines& operator=(const vary_lines&) = delete;

  // Offers one header line the response already has (only Vary lines matter).
  CORS_API void add(std::string_view name, std::string_view value) noexcept;

  // Writes the merged Vary through the server's own calls (see response_lines::write):
  // remove_header("Vary") is called only when the application's Vary lines are replaced by the
  // merged one, just before it is added.
  template <class AddHeader, class RemoveHeader>
  void write(AddHeader&& add_header, RemoveHeader&& remove_header) {
    switch (merge()) {
      case change::none:
        break;
      case change::replace:
        remove_header(std::string_view("Vary"));
        add_header(std::string_view("Vary"), merged());
        break;
      case change::add:
        add_header(std::string_view("Vary"), merged());
        break;
    }
  }

  // The buffer for a merged Vary line; a longer merge gets a Vary line of its own for the
  // missing tokens instead (several Vary lines mean one list, RFC 9110, 5.3).
  static constexpr std::size_t capacity = 1024;

 private:
  enum class change : std::uint8_t { none, add, replace };

  CORS_API change merge() noexcept;
  std::string_view merged() const noexcept { return value_; }

  std::string_view tokens_;
  std::uint32_t covered_ = 0;  // bit i: the application's Vary has the i-th token
  bool star_ = false;
  bool overflow_ = false;
  std::size_t lines_ = 0;
  std::size_t size_ = 0;
  std::array<char, capacity> buffer_;  // the application's Vary values, joined
  std::string_view value_;             // the Vary line to write
};

// What a response already has that CORS must respect, and the writing of a decision onto it:
//   - the decision's headers are added, unless the application set an Access-Control-* header
//     itself: then it answered CORS for this response and its answer stands whole (a header
//     sent twice, "true, true", or a mix of two answers fails in the browser), and only Vary is
//     merged;
//   - Vary is merged as vary_lines does.
// The decision's strings must outlive write(); offered lines are read when they are offered, so
// the response may change (grow, reallocate) before write().
class response_lines {
 public:
  CORS_API explicit response_lines(const decision& d) noexcept;

  // Every line of `headers`, a container of name/value pairs.
  template <class Headers>
  response_lines(const decision& d, const Headers& headers) noexcept : response_lines(d) {
    for (const auto& [name, value] : headers) add(name, value);
  }

  template <class Headers>
  response_lines(const decision& d, const Headers&& headers) = delete;

  response_lines(const response_lines&) = delete;
  response_lines& operator=(const response_lines&) = delete;

  // Offers one header line the response already has (only Vary and Access-Control-* lines
  // matter).
  CORS_API void add(std::string_view name, std::string_view value) noexcept;

  // Writes the decision through the server's own calls:
  //   add_header(std::string_view name, std::string_view value)  adds one header line;
  //   remove_header(std::string_view name)                        removes every line of that
  //       name; called only for "Vary", just before the merged line is added.
  template <class AddHeader, class RemoveHeader>
  void write(AddHeader&& add_header, RemoveHeader&& remove_header) {
    for (std::size_t i = 0; i < decision_.size(); ++i)
      if (added(i)) add_header(decision_.begin()[i].name, decision_.begin()[i].value);
    vary_.write(add_header, remove_header);
  }

  static constexpr std::size_t vary_capacity = vary_lines::capacity;

 private:
  CORS_API bool added(std::size_t header) const noexcept;

  const decision& decision_;
  bool answered_by_application_ = false;  // it set an Access-Control-* header
  vary_lines vary_;
};

CORS_END_NAMESPACE

#endif  // CORS_ADAPTER_HPP
