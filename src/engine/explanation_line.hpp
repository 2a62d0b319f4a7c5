// A one-line explanation built in place, for logs written from the noexcept evaluation path.
#ifndef CORS_SRC_EXPLANATION_LINE_HPP
#define CORS_SRC_EXPLANATION_LINE_HPP

#include <array>
#include <cstddef>
#include <string_view>

namespace cors::detail {

// A line of at most `capacity` bytes in a fixed array: appending never allocates and never
// throws, whatever is appended. Text past the capacity is cut and the line ends in "...", so the
// bound holds by construction; writers keep well within it by cutting long items and lists.
class explanation_line {
 public:
  static constexpr std::size_t capacity = 1536;

  void append(std::string_view text) noexcept;
  void append(char c) noexcept { append(std::string_view(&c, 1)); }
  void append_number(std::size_t n) noexcept;
  // Appends `item` (a configured name or value), cut to max_item_bytes and "...".
  void append_item(std::string_view item) noexcept;

  // Bytes that can still be appended whole.
  [[nodiscard]] std::size_t room() const noexcept { return cut_ ? 0 : text_capacity - size_; }
  [[nodiscard]] std::string_view view() const noexcept { return {bytes_.data(), size_}; }

  // The longest item append_item() shows whole.
  static constexpr std::size_t max_item_bytes = 128;
  // What append_item() writes for `item`.
  [[nodiscard]] static constexpr std::size_t item_bytes(std::string_view item) noexcept {
    return item.size() > max_item_bytes ? max_item_bytes + cut_marker.size() : item.size();
  }

 private:
  static constexpr std::string_view cut_marker = "...";
  static constexpr std::size_t text_capacity = capacity - cut_marker.size();

  std::array<char, capacity> bytes_;  // only the first size_ are written or read
  std::size_t size_ = 0;
  bool cut_ = false;
};

// A list written as "a, b, c and 4 more": at most `max_entries` items, and only while
// `room_after` bytes stay free after the list for what the caller writes next; once an item is
// left out, the rest are counted, not written.
class list_writer {
 public:
  list_writer(explanation_line& out, std::size_t max_entries, std::size_t room_after,
              std::string_view separator = ", ") noexcept
      : out_(out), max_entries_(max_entries), room_after_(room_after), separator_(separator) {}

  // Lists `item` (an empty one is skipped).
  void add(std::string_view item) noexcept;
  // Lists "label: value", the label whole (one of the engine's own names), the value cut.
  void add(std::string_view label, std::string_view value) noexcept;
  // "none" after an empty list, " and N more" after a cut one ("N not shown" if none fitted).
  void finish() noexcept;

 private:
  // Whether `bytes` more, and the separator, fit with room_after_ and " and N more" kept free.
  bool fits(std::size_t bytes) noexcept;

  explanation_line& out_;
  std::size_t max_entries_;
  std::size_t room_after_;
  std::string_view separator_;
  std::size_t listed_ = 0;
  std::size_t left_out_ = 0;
};

}  // namespace cors::detail

#endif  // CORS_SRC_EXPLANATION_LINE_HPP
