#include "cors/live_policy.hpp"

#include <chrono>
#include <thread>

CORS_BEGIN_NAMESPACE

std::size_t live_policy::this_thread_reader_slot() noexcept {
  static std::atomic<std::size_t> threads_seen{0};
  return threads_seen.fetch_add(1, std::memory_order_relaxed) % detail::reader_slot_count;
}

live_policy::live_policy(const policy& initial) : current_(new policy(initial)) {}

live_policy::~live_policy() {
  delete current_.load(std::memory_order_relaxed);
}

// Two grace periods, as userspace RCU does. A reader counts its pin in the counter of the phase
// it read, then loads the pointer. One that loaded the old pointer counted itself before the
// swap below; whichever phase it read, one of the two waits counts that phase after the swap,
// so it is waited for. Readers that start after a flip count in the other phase, so neither
// wait can be starved by new requests.
void live_policy::replace(const policy& next) {
  const policy* fresh = new policy(next);
  const std::lock_guard<std::mutex> one_at_a_time(replacing_);
  const policy* previous = current_.exchange(fresh, std::memory_order_seq_cst);
  for (int round = 0; round < 2; ++round) {
    const unsigned phase = phase_.load(std::memory_order_relaxed);
    phase_.store(phase ^ 1U, std::memory_order_seq_cst);
    wait_for_readers(phase);
  }
  delete previous;
}

void live_policy::wait_for_readers(unsigned phase) const {
  for (const detail::reader_slot& slot : slots_) {
    // Requests finish in microseconds: spin briefly, then let the readers' threads run.
    for (int spins = 0; slot.pins[phase].load(std::memory_order_seq_cst) != 0; ++spins) {
      if (spins < 64) {
        std::this_thread::yield();
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    }
  }
}

CORS_END_NAMESPACE
