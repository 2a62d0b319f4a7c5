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
// How: each thread owns a slot of pin counters (one of 64, claimed at its first pin and given
// back when it exits; threads beyond 64 share one more), so a reader writes only its own cache
// line, with plain stores: no locked instruction, no fence. replace() swaps the pointer, then
// waits until every pin taken before the swap is gone (two grace periods, as in userspace
// RCU), and destroys the old policy. The ordering a reader would need a fence for (its count
// visible before it loads the pointer) is forced by the replacing thread instead, with Linux's
// membarrier(); where that is unavailable, every reader counts in the shared slot with an atomic
// increment, which fences. Readers never wait; a replacement waits for the requests in flight.
#ifndef CORS_LIVE_POLICY_HPP
#define CORS_LIVE_POLICY_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "cors/policy.hpp"
#include "cors/version.hpp"

namespace cors::detail {

// One thread's pins, per phase (see live_policy::replace()), on a cache line of its own.
// Pins taken = taken - released - released_elsewhere.
struct alignas(64) reader_slot {
  // Written only by the thread that owns the slot: plain stores.
  std::atomic<std::uint64_t> taken[2] = {};
  std::atomic<std::uint64_t> released[2] = {};
  // Pins let go on another thread (moved pins), and every count of the shared slot: atomic
  // increments, as several threads write them.
  std::atomic<std::uint64_t> released_elsewhere[2] = {};
};

inline constexpr std::uint32_t owned_reader_slots = 64;
inline constexpr std::uint32_t shared_reader_slot = owned_reader_slots;
inline constexpr std::uint32_t unclaimed_reader_slot = ~std::uint32_t{0};
// What a pin of the shared slot holds instead of a slot number: no thread's number, so its
// release is always the atomic one.
inline constexpr std::uint32_t shared_reader_pin = shared_reader_slot + 1;

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
    pin(pin&& other) noexcept
        : slot_(other.slot_), policy_(other.policy_), number_(other.number_), phase_(other.phase_) {
      other.slot_ = nullptr;
    }
    pin& operator=(pin&&) = delete;
    pin(const pin&) = delete;
    pin& operator=(const pin&) = delete;
    ~pin() {
      if (slot_ == nullptr) return;
      // Release order: the policy's last reads happen before replace() can see the count drop.
      // A pin of the shared slot never matches a thread's slot number.
      if (number_ == this_thread_slot()) {
        std::atomic<std::uint64_t>& released = slot_->released[phase_];
        released.store(released.load(std::memory_order_relaxed) + 1, std::memory_order_release);
      } else {
        slot_->released_elsewhere[phase_].fetch_add(1, std::memory_order_release);
      }
    }

    const policy& operator*() const noexcept { return *policy_; }
    const policy* operator->() const noexcept { return policy_; }

   private:
    friend class live_policy;
    pin(detail::reader_slot* slot, const policy* p, std::uint32_t number, unsigned phase) noexcept
        : slot_(slot), policy_(p), number_(number), phase_(phase) {}
    detail::reader_slot* slot_;
    const policy* policy_;
    std::uint32_t number_;
    unsigned phase_;
  };

  // The current policy, pinned. Wait-free and allocation-free: a load of the phase, a load
  // and a plain store on this thread's own cache line, and a load of the pointer.
  pin current() const noexcept {
    const std::uint32_t number = this_thread_slot();
    if (number >= detail::owned_reader_slots) return current_unowned();
    const unsigned phase = phase_.load(std::memory_order_relaxed);
    detail::reader_slot& slot = slots_[number];
    std::atomic<std::uint64_t>& taken = slot.taken[phase];
    taken.store(taken.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    // The count must be visible before the pointer is loaded, so that a replacement which
    // swapped the pointer after this load waits for this pin: replace() forces that with
    // membarrier(), so only the compiler needs telling here.
    std::atomic_signal_fence(std::memory_order_seq_cst);
    return pin(&slot, current_.load(std::memory_order_acquire), number, phase);
  }

  // Puts `next` in place and returns once no request is still being decided by the previous
  // policy, which is then destroyed. Replacements from several threads are applied in turn.
  CORS_API void replace(const policy& next);

 private:
  // This thread's slot number, or unclaimed before its first pin. Constant-initialised, so
  // reading it is one thread-local load.
  static std::uint32_t& this_thread_slot() noexcept {
    static thread_local std::uint32_t number = detail::unclaimed_reader_slot;
    return number;
  }
  // Claims a free slot for this thread until it exits (then *number becomes the shared slot's),
  // or returns the shared slot's number when 64 threads hold one, or when membarrier() is
  // unavailable (the shared slot's atomic increment is then every reader's fence).
  CORS_API static std::uint32_t claim_reader_slot(std::uint32_t* number) noexcept;

  // The first pin of a thread, and every pin of a thread without a slot of its own.
  pin current_unowned() const noexcept {
    std::uint32_t& number = this_thread_slot();
    if (number == detail::unclaimed_reader_slot) {
      number = claim_reader_slot(&number);
      if (number < detail::owned_reader_slots) return current();
    }
    const unsigned phase = phase_.load(std::memory_order_relaxed);
    detail::reader_slot& slot = slots_[detail::shared_reader_slot];
    // Sequentially consistent: ordered before the pointer's load without membarrier().
    slot.taken[phase].fetch_add(1, std::memory_order_seq_cst);
    return pin(&slot, current_.load(std::memory_order_seq_cst), detail::shared_reader_pin, phase);
  }
  void wait_for_readers(unsigned phase) const;

  // Read by every request, written by replace() alone: one cache line.
  alignas(64) std::atomic<const policy*> current_;
  std::atomic<unsigned> phase_{0};
  mutable detail::reader_slot slots_[detail::owned_reader_slots + 1];
  std::mutex replacing_;
};

CORS_END_NAMESPACE

#endif  // CORS_LIVE_POLICY_HPP
