#include "string_table.hpp"

#include <algorithm>
#include <array>

namespace cors::detail {
namespace {

constexpr std::uint64_t multiplier = 0x9e3779b97f4a7c15ull;

inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

inline std::uint64_t mix(std::uint64_t h, std::uint64_t word) noexcept {
  h = (h ^ word) * multiplier;
  return h ^ (h >> 29);
}

}  // namespace

std::uint64_t hash_bytes(const char* data, std::size_t size) noexcept {
  std::uint64_t h = mix(0x243f6a8885a308d3ull, size);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) h = mix(h, load64(data + i));
  if (i < size) {
    if (size >= 8) {
      h = mix(h, load64(data + size - 8));  // the last word overlaps the previous one
    } else {
      std::uint64_t word = 0;
      std::memcpy(&word, data, size);
      h = mix(h, word);
    }
  }
  // Spread the high bits into the low ones, which pick the slot.
  h ^= h >> 32;
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 33);
}

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

std::size_t string_table::find(std::string_view head, std::string_view tail) const noexcept {
  const std::size_t length = head.size() + tail.size();
  if (keys_.empty() || length > longest_ || length > max_joined_length) return npos;
  std::array<char, max_joined_length> joined;
  if (!head.empty()) std::memcpy(joined.data(), head.data(), head.size());
  if (!tail.empty()) std::memcpy(joined.data() + head.size(), tail.data(), tail.size());
  return find_hashed(std::string_view(joined.data(), length), hash_bytes(joined.data(), length));
}

std::size_t string_table::find_hashed(std::string_view key, std::uint64_t hash) const noexcept {
  for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const std::uint32_t entry = slots_[slot];
    if (entry == 0) return npos;
    const std::size_t index = entry - 1;
    if (hashes_[index] == hash && keys_[index] == key) return index;
  }
}

}  // namespace cors::detail
