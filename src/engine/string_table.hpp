// A read-only hash set of short strings (origins, header names), built once with the policy and
// probed on every request without allocating.
#ifndef CORS_SRC_STRING_TABLE_HPP
#define CORS_SRC_STRING_TABLE_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cors::detail {

namespace string_table_detail {

inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

inline std::uint32_t load32(const char* p) noexcept {
  std::uint32_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

inline std::uint64_t mix(std::uint64_t h, std::uint64_t word) noexcept {
  h = (h ^ word) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}

}  // namespace string_table_detail

// Hashes 8 bytes per step: a request's origin or header name costs a handful of dependent
// multiplications rather than one per byte. Inline, as it runs for every lookup.
inline std::uint64_t hash_bytes(const char* data, std::size_t size) noexcept {
  using namespace string_table_detail;
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

// Byte equality of two ranges of `size` bytes, by words: keys are short, and a call to memcmp
// costs more than comparing them.
inline bool same_bytes(const char* a, const char* b, std::size_t size) noexcept {
  using namespace string_table_detail;
  if (size >= 8) {
    for (std::size_t i = 0; i + 8 <= size; i += 8)
      if (load64(a + i) != load64(b + i)) return false;
    return load64(a + size - 8) == load64(b + size - 8);
  }
  if (size >= 4) return load32(a) == load32(b) && load32(a + size - 4) == load32(b + size - 4);
  for (std::size_t i = 0; i < size; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Open addressing with linear probing at a load factor of at most 1/2. Keys are stored once, in
// insertion order; an entry's index (0, 1, ...) lets callers keep data beside it.
class string_table {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // Returns the index of the key, inserting it if new.
  std::size_t insert(std::string key);
  // Room for `count` keys in all, so that inserting them moves and rehashes nothing: a policy
  // of 100,000 origins would otherwise place every key about three times.
  void reserve(std::size_t count);
  // Starts loading the slot `key` hashes to, for an insert a few keys later: building a table
  // of 100,000 keys is otherwise one cache miss per key.
  void prefetch(std::string_view key) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash_bytes(key.data(), key.size()) & mask_]);
  }

  std::size_t find(std::string_view key) const noexcept {
    if (keys_.empty() || key.size() > longest_) return npos;
    return find_hashed(key, hash_bytes(key.data(), key.size()));
  }
  std::size_t find_hashed(std::string_view key, std::uint64_t hash) const noexcept {
    for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
      const std::uint32_t entry = slots_[slot];
      if (entry == 0) return npos;
      const std::size_t index = entry - 1;
      if (hashes_[index] == hash && keys_[index].size() == key.size() &&
          same_bytes(keys_[index].data(), key.data(), key.size()))
        return index;
    }
  }

  std::size_t size() const noexcept { return keys_.size(); }
  std::size_t longest() const noexcept { return longest_; }
  const std::vector<std::string>& keys() const noexcept { return keys_; }

 private:
  void rehash(std::size_t capacity);

  std::vector<std::string> keys_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> slots_;  // 0: empty, else key index + 1
  std::size_t mask_ = 0;
  std::size_t longest_ = 0;
};

// The set of strings seen so far while a list is validated, to report duplicates: views of
// strings that outlive it (the configuration's entries), so inserting allocates nothing. Sized
// once for the list, at a load factor of at most 1/2.
class string_view_set {
 public:
  explicit string_view_set(std::size_t capacity);
  // False when the set already holds `key`.
  bool insert(std::string_view key);
  // As string_table::prefetch.
  void prefetch(std::string_view key) const noexcept {
    __builtin_prefetch(&slots_[hash_bytes(key.data(), key.size()) & mask_]);
  }

 private:
  std::vector<std::string_view> slots_;  // a null data() marks an empty slot
  std::size_t mask_;
};

}  // namespace cors::detail

#endif  // CORS_SRC_STRING_TABLE_HPP
