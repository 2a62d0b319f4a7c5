// Counts the heap allocations made by the benchmark binary: the global allocation functions are
// replaced (allocation_counter.cpp), so every `new`, in the engine or the standard library,
// goes through here. Allocation-free is a property of the engine, so it is measured, not assumed.
#ifndef CORS_BENCHMARKS_ALLOCATION_COUNTER_HPP
#define CORS_BENCHMARKS_ALLOCATION_COUNTER_HPP

#include <cstddef>

namespace cors_bench {

struct allocation_totals {
  std::size_t allocations = 0;  // calls to operator new
  std::size_t bytes = 0;        // bytes requested from operator new
};

allocation_totals allocation_totals_now() noexcept;

// Bytes currently held (as malloc sizes them), and the high-water mark since the last reset.
std::size_t live_bytes() noexcept;
std::size_t peak_live_bytes() noexcept;
void reset_peak_live_bytes() noexcept;

}  // namespace cors_bench

#endif  // CORS_BENCHMARKS_ALLOCATION_COUNTER_HPP
