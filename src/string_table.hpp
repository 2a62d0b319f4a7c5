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

// Hashes 8 bytes per step: a request's origin or header name costs a handful of dependent
// multiplications rather than one per byte.
std::uint64_t hash_bytes(const char* data, std::size_t size) noexcept;

// Open addressing with linear probing at a load factor of at most 1/2. Keys are stored once, in
// insertion order; an entry's index (0, 1, ...) lets callers keep data beside it.
class string_table {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // Longest key a two-piece lookup can find (longer pairs are reported missing): more than the
  // longest serialized origin.
  static constexpr std::size_t max_joined_length = 320;

  // Returns the index of the key, inserting it if new.
  std::size_t insert(std::string key);

  std::size_t find(std::string_view key) const noexcept {
    if (keys_.empty() || key.size() > longest_) return npos;
    return find_hashed(key, hash_bytes(key.data(), key.size()));
  }
  // The key head + tail, without building it on the heap.
  std::size_t find(std::string_view head, std::string_view tail) const noexcept;

  std::size_t size() const noexcept { return keys_.size(); }
  std::size_t longest() const noexcept { return longest_; }
  const std::vector<std::string>& keys() const noexcept { return keys_; }

 private:
  std::size_t find_hashed(std::string_view key, std::uint64_t hash) const noexcept;
  void rehash(std::size_t capacity);

  std::vector<std::string> keys_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> slots_;  // 0: empty, else key index + 1
  std::size_t mask_ = 0;
  std::size_t longest_ = 0;
};

}  // namespace cors::detail

#endif  // CORS_SRC_STRING_TABLE_HPP
