#include "string_table.hpp"

#include <algorithm>

namespace cors::detail {

std::size_t string_table::insert(std::string key) {
  const std::uint64_t hash = hash_bytes(key.data(), key.size());
  if (!keys_.empty() && key.size() <= longest_) {
    if (const std::size_t found = find_hashed(key, hash); found != npos) return found;
  }
  longest_ = std::max(longest_, key.size());
  hashes_.push_back(hash);
  keys_.push_back(std::move(key));
  if (keys_.size() * 2 > slots_.size()) {
    rehash(std::max<std::size_t>(16, slots_.size() * 2));
  } else {
    std::size_t slot = hashes_.back() & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<std::uint32_t>(keys_.size());
  }
  return keys_.size() - 1;
}

void string_table::reserve(std::size_t count) {
  keys_.reserve(count);
  hashes_.reserve(count);
  std::size_t capacity = std::max<std::size_t>(16, slots_.size());
  while (capacity < count * 2) capacity *= 2;
  if (capacity > slots_.size()) rehash(capacity);
}

void string_table::rehash(std::size_t capacity) {
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    std::size_t slot = hashes_[i] & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

string_view_set::string_view_set(std::size_t capacity) {
  std::size_t slots = 16;
  while (slots < capacity * 2) slots *= 2;
  slots_.resize(slots);
  mask_ = slots - 1;
}

bool string_view_set::insert(std::string_view key) {
  // A view of an empty std::string still has a non-null data(), so it is never taken for empty.
  for (std::size_t slot = hash_bytes(key.data(), key.size()) & mask_;; slot = (slot + 1) & mask_) {
    const std::string_view there = slots_[slot];
    if (there.data() == nullptr) {
      slots_[slot] = key;
      return true;
    }
    if (there.size() == key.size() && same_bytes(there.data(), key.data(), key.size()))
      return false;
  }
}

}  // namespace cors::detail
