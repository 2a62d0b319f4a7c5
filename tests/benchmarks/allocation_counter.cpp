// Kept out of the benchmark's translation unit so that the replaced operators are never inlined
// into the code they measure (GCC 12 then also stops mistaking their free() for a mismatch).
#include "allocation_counter.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

// Relaxed atomics: the benchmarks run on one thread; Google Benchmark's own threads only need
// the counts not to tear.
std::atomic<std::size_t> allocation_count{0};
std::atomic<std::size_t> requested_bytes{0};
std::atomic<std::size_t> live{0};
std::atomic<std::size_t> peak{0};

void* counted_allocate(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  requested_bytes.fetch_add(size, std::memory_order_relaxed);
  const std::size_t now =
      live.fetch_add(malloc_usable_size(p), std::memory_order_relaxed) + malloc_usable_size(p);
  std::size_t high = peak.load(std::memory_order_relaxed);
  while (now > high && !peak.compare_exchange_weak(high, now, std::memory_order_relaxed)) {
  }
  return p;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  live.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}

}  // namespace

namespace cors_bench {

allocation_totals allocation_totals_now() noexcept {
  return {allocation_count.load(std::memory_order_relaxed),
          requested_bytes.load(std::memory_order_relaxed)};
}

std::size_t live_bytes() noexcept {
  return live.load(std::memory_order_relaxed);
}

std::size_t peak_live_bytes() noexcept {
  return peak.load(std::memory_order_relaxed);
}

void reset_peak_live_bytes() noexcept {
  peak.store(live.load(std::memory_order_relaxed), std::memory_order_relaxed);
}

}  // namespace cors_bench

void* operator new(std::size_t size) {
  return counted_allocate(size);
}
void* operator new[](std::size_t size) {
  return counted_allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return counted_allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  counted_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  counted_free(p);
}
