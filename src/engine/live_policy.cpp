#include "cors/live_policy.hpp"

#include <chrono>
#include <thread>

#if defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

CORS_BEGIN_NAMESPACE
namespace {

// Which of the 64 owned slot numbers some thread holds, one bit each.
std::atomic<std::uint64_t> claimed_slots{0};

// This thread's claims (one per copy of live_policy's inline code that reached it: a program and
// a shared library each keep their own slot number), given back when the thread exits. After
// that, the thread's remaining pins, if any, count in the shared slot.
struct thread_slot_claims {
  std::uint64_t mask = 0;
  std::uint32_t* numbers[detail::owned_reader_slots] = {};
  thread_slot_claims() = default;
  thread_slot_claims(const thread_slot_claims&) = delete;
  thread_slot_claims& operator=(const thread_slot_claims&) = delete;
  ~thread_slot_claims() {
    for (std::uint32_t i = 0; i < detail::owned_reader_slots; ++i)
      if ((mask >> i & 1U) != 0) *numbers[i] = detail::shared_reader_slot;
    // Release: the next owner of a slot continues from this thread's counts.
    claimed_slots.fetch_and(~mask, std::memory_order_release);
  }
};
thread_local thread_slot_claims this_thread_claims;

// Readers take slots of their own, and skip their fence, when the replacing thread can make
// every running thread of the process execute one instead (membarrier's private expedited
// command, Linux 4.14), as userspace RCU's membarrier flavour does. Registered once per process.
bool membarrier_registered() {
#if defined(__linux__) && defined(SYS_membarrier)
  static const bool registered =
      syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
  return registered;
#else
  return false;
#endif
}

// After it returns, every reader's count stored before its next load of the pointer is visible
// here (see live_policy::current()). Without membarrier() every reader counts in the shared slot
// with a sequentially consistent increment, and the fence here pairs with those.
void order_readers() {
#if defined(__linux__) && defined(SYS_membarrier)
  if (membarrier_registered()) {
    // Registered, so it cannot fail (EINVAL and EPERM are for unregistered commands).
    (void)syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    return;
  }
#endif
  std::atomic_thread_fence(std::memory_order_seq_cst);
}

}  // namespace

std::uint32_t live_policy::claim_reader_slot(std::uint32_t* number) noexcept {
  if (!membarrier_registered()) return detail::shared_reader_slot;
  std::uint64_t seen = claimed_slots.load(std::memory_order_relaxed);
  while (seen != ~std::uint64_t{0}) {
    const auto free = static_cast<std::uint32_t>(__builtin_ctzll(~seen));
    const std::uint64_t bit = std::uint64_t{1} << free;
    // Acquire: this thread continues from the counts of the slot's previous owner.
    if (claimed_slots.compare_exchange_weak(seen, seen | bit, std::memory_order_acq_rel,
                                            std::memory_order_relaxed)) {
      this_thread_claims.mask |= bit;
      this_thread_claims.numbers[free] = number;
      return free;
    }
  }
  return detail::shared_reader_slot;
}

live_policy::live_policy(const policy& initial) : current_(new policy(initial)) {}

live_policy::~live_policy() {
  delete current_.load(std::memory_order_relaxed);
}

// Two grace periods, as userspace RCU does. A reader counts its pin in the phase it read, then
// loads the pointer. One that loaded the old pointer counted itself before the swap below (as
// order_readers() makes visible); whichever phase it read, one of the two waits counts that
// phase after the swap, so it is waited for. Readers that start after a flip count in the
// other phase, so neither wait can be starved by new requests.
void live_policy::replace(const policy& next) {
  const policy* fresh = new policy(next);
  const std::lock_guard<std::mutex> one_at_a_time(replacing_);
  const policy* previous = current_.exchange(fresh, std::memory_order_seq_cst);
  for (int round = 0; round < 2; ++round) {
    const unsigned phase = phase_.load(std::memory_order_relaxed);
    phase_.store(phase ^ 1U, std::memory_order_seq_cst);
    order_readers();
    wait_for_readers(phase);
  }
  delete previous;
}

void live_policy::wait_for_readers(unsigned phase) const {
  for (const detail::reader_slot& slot : slots_) {
    // The releases first, then the takes: a pin released after its take was read is then
    // still counted, never the other way round, so the count never falls short.
    const auto pins_left = [&slot, phase] {
      const std::uint64_t released = slot.released[phase].load(std::memory_order_acquire) +
                                     slot.released_elsewhere[phase].load(std::memory_order_acquire);
      return slot.taken[phase].load(std::memory_order_relaxed) - released;
    };
    // Requests finish in microseconds: spin briefly, then let the readers' threads run.
    for (int spins = 0; pins_left() != 0; ++spins) {
      if (spins < 64) {
        std::this_thread::yield();
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    }
  }
}

CORS_END_NAMESPACE
