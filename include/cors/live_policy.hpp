// A policy that can be replaced while requests are being served.
//
//   cors::live_policy live(cors::policy(cfg));
//   // every request, on any thread:
//   const cors::live_policy::pin policy = live.current();   // wait-free, allocates nothing
//   const cors::decision d = policy->evaluate(request);
//   ... use d while `policy` is alive ...
//   // any thread, any time:
//   live.replace(cors::policy(new_cfg));
//
// The rule: a decision's views into the policy stay valid as long as the pin it was made
// through lives. Each request is decided by one policy, the one current() returned, however
// many replacements happen meanwhile; a request that takes current() after replace() has
// returned gets the new policy. A pin may be moved, also to another thread; the live_policy
// must outlive every pin.
//
// How: each thread announces its pins in a counter of its own (one of 64 per live_policy,
// each on its own cache line, shared only when more than 64 threads read), so readers never
// write to memory that other readers write. replace() swaps the pointer, then waits until every
// pin taken before the swap is gone (two grace periods, as in userspace RCU) and destroys the
// old policy. Readers never wait; a replacement waits for the requests in flight.
#ifndef CORS_LIVE_POLICY_HPP
#define CORS_LIVE_POLICY_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "cors/policy.hpp"
#include "cors/version.hpp"

namespace cors::detail {

struct alignas(64) reader_slot {
  // Pins taken in each phase; see live_policy::replace().
  std::atomic<std::uint64_t> pins[2] = {};
};

inline constexpr std::size_t reader_slot_count = 64;

}  // namespace cors::detail

CORS_BEGIN_NAMESPACE

class live_policy {
 public:
  CORS_API explicit live_policy(const policy& initial);
  CORS_API ~live_policy();
  live_policy(const live_policy&) = delete;
  live_policy& operator=(const live_policy&) = delete;

  // Keeps one policy alive, and with it every decision made through it.
  class pin {
   public:
    pin(pin&& other) noexcept : counter_(other.counter_), policy_(other.policy_) {
      other.counter_ = nullptr;
    }
    pin& operator=(pin&&) = delete;
    pin(const pin&) = delete;
    pin& operator=(const pin&) = delete;
    ~pin() {
      if (counter_ != nullptr) counter_->fetch_sub(1, std::memory_order_release);
    }

    const policy& operator*() const noexcept { return *policy_; }
    const policy* operator->() const noexcept { return policy_; }

   private:
    friend class live_policy;
    pin(std::atomic<std::uint64_t>* counter, const policy* p) noexcept
        : counter_(counter), policy_(p) {}
    std::atomic<std::uint64_t>* counter_;
    const policy* policy_;
  };

  // The current policy, pinned. Wait-free: two atomic operations on this thread's own cache
  // line and two loads, no allocation, no lock.
  pin current() const noexcept {
    static thread_local const std::size_t slot = this_thread_reader_slot();
    const unsigned phase = phase_.load(std::memory_order_relaxed);
    std::atomic<std::uint64_t>& counter = slots_[slot].pins[phase];
    // The increment is ordered before the load of the pointer (sequential consistency), so a
    // replacement that swapped the pointer after it sees it when it counts pins.
    counter.fetch_add(1, std::memory_order_seq_cst);
    return pin(&counter, current_.load(std::memory_order_seq_cst));
  }

  // Puts `next` in place and returns once no request is still being decided by the previous
  // policy, which is then destroyed. Replacements from several threads are applied in turn.
  CORS_API void replace(const policy& next);

 private:
  // This thread's slot number, fixed at its first use.
  CORS_API static std::size_t this_thread_reader_slot() noexcept;
  void wait_for_readers(unsigned phase) const;

  std::atomic<const policy*> current_;
  std::atomic<unsigned> phase_{0};
  mutable detail::reader_slot slots_[detail::reader_slot_count];
  std::mutex replacing_;
};

CORS_END_NAMESPACE

#endif  // CORS_LIVE_POLICY_HPP
