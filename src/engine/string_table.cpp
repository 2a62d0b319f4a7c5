#include "string_table.hpp"

#include <algorithm>

namespace cors::detail {

std::size_t string_table::insert(std::string key) {
  if (const std::size_t found = find(key); found != npos) return found;
  longest_ = std::max(longest_, key.size());
  hashes_.push_back(hash_bytes(key.data(), key.size()));
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

void string_table::rehash(std::size_t capacity) {
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    std::size_t slot = hashes_[i] & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

}  // namespace cors::detail
