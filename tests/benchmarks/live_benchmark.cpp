// Live policies (Google Benchmark): evaluation through cors::live_policy against a plain policy,
// report-only evaluation, two readers while a third thread replaces the policy every
// millisecond, and a SaaS-sized policy file (100,000 exact origins, 10,000 subdomain patterns,
// generated here) loaded, built and evaluated. docs/benchmarks.md has the figures.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "allocation_counter.hpp"
#include "cors/live_policy.hpp"
#include "cors/policy_file.hpp"
#include "cors/shadow_policy.hpp"

namespace {

// The same shape as the engine benchmark's 1000-origin policy.
cors::config origins_config(std::size_t exact, std::size_t patterns) {
  cors::config cfg;
  for (std::size_t i = 0; i < exact; ++i)
    cfg.allowed_origins.push_back("https://tenant" + std::to_string(i) + ".example.com");
  for (std::size_t i = 0; i < patterns; ++i)
    cfg.allowed_origins.push_back("https://*.customer" + std::to_string(i) + ".example.net");
  cfg.allowed_methods = {"PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  return cfg;
}

// The policy file of a SaaS with a custom domain per tenant, as a tenant database would write it.
std::string saas_policy_json(std::size_t exact, std::size_t patterns) {
  std::string out = "{\n  \"allowed_origins\": [\n";
  for (std::size_t i = 0; i < exact; ++i)
    out += "    \"https://tenant" + std::to_string(i) + ".example.com\",\n";
  for (std::size_t i = 0; i < patterns; ++i)
    out += "    \"https://*.customer" + std::to_string(i) + ".example.net\"" +
           (i + 1 < patterns ? ",\n" : "\n");
  out +=
      "  ],\n  \"allowed_methods\": [\"PUT\", \"DELETE\"],\n"
      "  \"allowed_headers\": [\"Content-Type\", \"X-Custom-Header\"],\n"
      "  \"max_age_seconds\": 600\n}\n";
  return out;
}

cors::request_view actual_from(const std::string& origin) {
  cors::request_view r;
  r.method = "GET";
  r.origin = origin;
  return r;
}

const cors::policy& thousand_policy() {
  static const cors::policy p(origins_config(1000, 100));
  return p;
}

const cors::policy& saas_policy() {
  static const cors::policy p = [] {
    const std::string path = "/tmp/cors-live-benchmark-saas.json";
    std::ofstream(path) << saas_policy_json(100000, 10000);
    cors::built_policy built = cors::policy_file::read(path).build();
    std::remove(path.c_str());
    return std::move(*built.policy);
  }();
  return p;
}

// One evaluation each, out of line, so that callgrind can count their instructions
// (tests/benchmarks/run.sh).
[[gnu::noinline]] cors::decision evaluate_plain(const cors::policy& p,
                                                const cors::request_view& r) {
  return p.evaluate(r);
}
[[gnu::noinline]] cors::decision evaluate_live(const cors::live_policy& live,
                                               const cors::request_view& r) {
  const cors::live_policy::pin pinned = live.current();
  return pinned->evaluate(r);
}

// A pin taken and released, nothing evaluated: the holder's own cost.
[[gnu::noinline]] const cors::policy* pin_and_release(const cors::live_policy& live) {
  const cors::live_policy::pin pinned = live.current();
  return &*pinned;
}

template <class Evaluate>
void count_allocations(benchmark::State& state, Evaluate evaluate) {
  benchmark::DoNotOptimize(evaluate());  // builds the policies, once, before counting
  const cors_bench::allocation_totals before = cors_bench::allocation_totals_now();
  for (auto _ : state) {
    cors::decision d = evaluate();
    benchmark::DoNotOptimize(d);
  }
  const cors_bench::allocation_totals after = cors_bench::allocation_totals_now();
  state.counters["allocs_per_request"] =
      benchmark::Counter(static_cast<double>(after.allocations - before.allocations),
                         benchmark::Counter::kAvgIterations);
}

const std::string allowed_origin = "https://tenant500.example.com";

void plain_policy(benchmark::State& state) {
  const cors::request_view r = actual_from(allowed_origin);
  count_allocations(state, [&] { return evaluate_plain(thousand_policy(), r); });
}

void through_live_policy(benchmark::State& state) {
  static const cors::live_policy live(thousand_policy());
  const cors::request_view r = actual_from(allowed_origin);
  count_allocations(state, [&] { return evaluate_live(live, r); });
}

void pin_only(benchmark::State& state) {
  static const cors::live_policy live(thousand_policy());
  for (auto _ : state) benchmark::DoNotOptimize(pin_and_release(live));
}

void report_only_agreeing(benchmark::State& state) {
  const cors::request_view r = actual_from(allowed_origin);
  const std::function<void(const cors::divergence&)> ignore = [](const cors::divergence&) {};
  count_allocations(state, [&] {
    return cors::evaluate_report_only(thousand_policy(), thousand_policy(), r, ignore);
  });
}

// Readers evaluate through one live_policy while another thread replaces it every millisecond
// (argument 1), or while that thread only sleeps (argument 0: what the readers reach when the
// third thread takes no CPU time from them, which on two cores it must). Compare
// items_per_second at threads:1 and threads:2. The replacer allocates (a new policy), so no
// allocation counter here; the benchmarks above count the read path's.
cors::live_policy& replaced_live() {
  static cors::live_policy live(thousand_policy());
  return live;
}
std::atomic<bool> replacing{false};
std::optional<std::thread> replacer;
std::atomic<long> replacements{0};

void readers_under_replacement(benchmark::State& state) {
  if (state.thread_index() == 0) {
    replacements = 0;
    replacing = true;
    replacer.emplace([replace = state.range(0) != 0] {
      static const cors::policy other(origins_config(1000, 100));
      for (long i = 0; replacing; ++i) {
        if (replace) {
          replaced_live().replace(i % 2 == 0 ? other : thousand_policy());
          ++replacements;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  }
  const cors::request_view r = actual_from(allowed_origin);
  for (auto _ : state) {
    cors::decision d = evaluate_live(replaced_live(), r);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    replacing = false;
    replacer->join();
    replacer.reset();
    state.counters["replacements"] = static_cast<double>(replacements.load());
  }
}

// 100,000 exact origins and 10,000 subdomain patterns: read from a file and built, with the heap
// it takes at its peak (the file's text included) and what the built policy keeps.
void load_and_build_saas_file(benchmark::State& state) {
  const std::string path = "/tmp/cors-live-benchmark-load.json";
  std::ofstream(path) << saas_policy_json(100000, 10000);
  std::optional<cors::built_policy> built;
  const std::size_t live_before = cors_bench::live_bytes();
  cors_bench::reset_peak_live_bytes();
  for (auto _ : state) {
    built.emplace(cors::policy_file::read(path).build());
    benchmark::DoNotOptimize(*built);
    state.PauseTiming();
    if (!built->policy) state.SkipWithError("the generated file has problems");
    built.reset();
    state.ResumeTiming();
  }
  state.counters["peak_bytes"] = static_cast<double>(cors_bench::peak_live_bytes() - live_before);
  built.emplace(cors::policy_file::read(path).build());
  state.counters["retained_bytes"] = static_cast<double>(cors_bench::live_bytes() - live_before);
  std::remove(path.c_str());
}

void saas_exact(benchmark::State& state) {
  saas_policy();  // built once, before any timing
  const std::string origin = "https://tenant54321.example.com";
  const cors::request_view r = actual_from(origin);
  count_allocations(state, [&] { return evaluate_plain(saas_policy(), r); });
}
void saas_pattern(benchmark::State& state) {
  saas_policy();  // built once, before any timing
  const std::string origin = "https://eu.customer5000.example.net";
  const cors::request_view r = actual_from(origin);
  count_allocations(state, [&] { return evaluate_plain(saas_policy(), r); });
}
void saas_refused(benchmark::State& state) {
  saas_policy();  // built once, before any timing
  const std::string origin = "https://tenant54321.example.com.evil.com";
  const cors::request_view r = actual_from(origin);
  count_allocations(state, [&] { return evaluate_plain(saas_policy(), r); });
}
void thousand_exact(benchmark::State& state) {
  const std::string origin = "https://tenant543.example.com";
  const cors::request_view r = actual_from(origin);
  count_allocations(state, [&] { return evaluate_plain(thousand_policy(), r); });
}
void thousand_pattern(benchmark::State& state) {
  const std::string origin = "https://eu.customer50.example.net";
  const cors::request_view r = actual_from(origin);
  count_allocations(state, [&] { return evaluate_plain(thousand_policy(), r); });
}
void thousand_refused(benchmark::State& state) {
  const std::string origin = "https://tenant543.example.com.evil.com";
  const cors::request_view r = actual_from(origin);
  count_allocations(state, [&] { return evaluate_plain(thousand_policy(), r); });
}

}  // namespace

BENCHMARK(plain_policy)->Name("live/plain_policy");
BENCHMARK(through_live_policy)->Name("live/through_live_policy");
BENCHMARK(pin_only)->Name("live/pin_and_release");
BENCHMARK(report_only_agreeing)->Name("live/report_only_agreeing");
BENCHMARK(readers_under_replacement)
    ->Name("live/readers_replaced_every_ms")
    ->Arg(1)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(readers_under_replacement)
    ->Name("live/readers_replacer_sleeping")
    ->Arg(0)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
// The machine's own scaling, for the two figures above: the same requests through a plain policy,
// which threads share without writing anything.
void readers_of_a_plain_policy(benchmark::State& state) {
  const cors::request_view r = actual_from(allowed_origin);
  for (auto _ : state) {
    cors::decision d = evaluate_plain(thousand_policy(), r);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(readers_of_a_plain_policy)
    ->Name("live/readers_of_a_plain_policy")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(thousand_exact)->Name("scale/1000_origins/exact");
BENCHMARK(saas_exact)->Name("scale/100000_origins/exact");
BENCHMARK(thousand_pattern)->Name("scale/1000_origins/pattern");
BENCHMARK(saas_pattern)->Name("scale/100000_origins/pattern");
BENCHMARK(thousand_refused)->Name("scale/1000_origins/refused");
BENCHMARK(saas_refused)->Name("scale/100000_origins/refused");
BENCHMARK(load_and_build_saas_file)
    ->Name("scale/load_and_build_100000_origins_10000_patterns")
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
