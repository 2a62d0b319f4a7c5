#include "explanation_line.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace cors::detail {

void explanation_line::append(std::string_view text) noexcept {
  if (cut_) return;
  const std::size_t fits = std::min(text.size(), text_capacity - size_);
  std::memcpy(bytes_.data() + size_, text.data(), fits);
  size_ += fits;
  if (fits < text.size()) {
    std::memcpy(bytes_.data() + size_, cut_marker.data(), cut_marker.size());
    size_ += cut_marker.size();
    cut_ = true;
  }
}

void explanation_line::append_number(std::size_t n) noexcept {
  std::array<char, 24> digits{};  // 20 hold any 64-bit value
  const std::to_chars_result written =
      std::to_chars(digits.data(), digits.data() + digits.size(), n);
  append(std::string_view(digits.data(), static_cast<std::size_t>(written.ptr - digits.data())));
}

void explanation_line::append_item(std::string_view item) noexcept {
  append(item.substr(0, max_item_bytes));
  if (item.size() > max_item_bytes) append(cut_marker);
}

namespace {

// " and N more" with N of up to 20 digits.
constexpr std::size_t left_out_bytes = 32;

}  // namespace

bool list_writer::fits(std::size_t bytes) noexcept {
  if (left_out_ > 0 || listed_ == max_entries_) return false;
  const std::size_t separator = listed_ > 0 ? separator_.size() : 0;
  return out_.room() >= separator + bytes + left_out_bytes + room_after_;
}

void list_writer::add(std::string_view item) noexcept {
  if (item.empty()) return;
  if (!fits(explanation_line::item_bytes(item))) {
    ++left_out_;
    return;
  }
  if (listed_++ > 0) out_.append(separator_);
  out_.append_item(item);
}

void list_writer::add(std::string_view label, std::string_view value) noexcept {
  if (!fits(label.size() + 2 + explanation_line::item_bytes(value))) {
    ++left_out_;
    return;
  }
  if (listed_++ > 0) out_.append(separator_);
  out_.append(label);
  out_.append(std::string_view(": "));
  out_.append_item(value);
}

void list_writer::finish() noexcept {
  if (listed_ == 0 && left_out_ == 0) out_.append(std::string_view("none"));
  if (left_out_ == 0) return;
  out_.append(std::string_view(listed_ > 0 ? " and " : ""));
  out_.append_number(left_out_);
  out_.append(std::string_view(listed_ > 0 ? " more" : " not shown"));
}

}  // namespace cors::detail
