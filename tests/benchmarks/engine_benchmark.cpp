// Micro-benchmarks of cors::policy: one evaluate() per iteration, for every request shape a server
// sees (see docs/benchmarks.md). Each request benchmark also reports `allocs_per_request`, the
// heap allocations evaluate() made per call, which must be 0; check_allocations.cmake fails the
// ctest run otherwise. Before timing, each scenario is evaluated once and its decision checked,
// so that a scenario cannot silently measure a different path than its name says.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "allocation_counter.hpp"
#include "cors/cors.hpp"

namespace {

// The policy of the demo server's documented example.
cors::config seed_config() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  return cfg;
}

// Names of the ten-header preflight: the seed's two and eight more.
std::vector<std::string> ten_header_names() {
  std::vector<std::string> names = {"content-type", "x-custom-header"};
  for (int i = 0; i < 8; ++i) names.push_back("x-extra-" + std::to_string(i));
  return names;
}

cors::config ten_headers_config() {
  cors::config cfg = seed_config();
  cfg.allowed_headers = ten_header_names();
  return cfg;
}

std::vector<std::string> thousand_origins() {
  std::vector<std::string> origins;
  for (int i = 0; i < 1000; ++i)
    origins.push_back("https://app" + std::to_string(i) + ".example.org");
  return origins;
}

cors::config thousand_origins_config() {
  cors::config cfg = seed_config();
  cfg.allowed_origins = thousand_origins();
  return cfg;
}

cors::config thousand_origins_and_patterns_config() {
  cors::config cfg = thousand_origins_config();
  for (int i = 0; i < 100; ++i)
    cfg.allowed_origins.push_back("https://*.tenant" + std::to_string(i) + ".example.net");
  return cfg;
}

cors::config any_origin_config() {
  cors::config cfg = seed_config();
  cfg.allowed_origins = {"*"};
  return cfg;
}

cors::config subdomain_config() {
  cors::config cfg = seed_config();
  cfg.allowed_origins = {"https://*.example.com"};
  return cfg;
}

const cors::policy& seed_policy() {
  static const cors::policy p(seed_config());
  return p;
}

// Hostile Access-Control-Request-Headers values, built once; `size` is in bytes or names.
std::string commas(std::size_t size) {
  return std::string(size, ',');
}
// Names that are all allowed, so that only the name cap can stop the scan.
std::string allowed_names(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += i % 2 == 0 ? "content-type," : "x-custom-header,";
  return out;
}
std::string space_run(std::size_t size) {
  return "content-type" + std::string(size, ' ') + ",x-custom-header";
}

struct expected_outcome {
  cors::request_kind kind;
  cors::rejection_reason reason;
  bool any_reason = false;  // only the time matters, not whether the request passes
};

// Storage for the strings the request views of one scenario refer to.
struct request_strings {
  std::string origin;
  std::string request_method;
  std::string request_headers;
  // When > 0: request_headers is sent as that many separate lines.
  std::size_t repeated_lines = 0;
  std::vector<std::string_view> lines;  // filled once the strings no longer move
};

cors::request_view make_request(std::string_view method, const request_strings& s) {
  cors::request_view r;
  r.method = method;
  if (!s.origin.empty()) r.origin = s.origin;
  if (!s.request_method.empty()) r.access_control_request_method = s.request_method;
  if (!s.lines.empty()) {
    r.access_control_request_headers = cors::header_field(s.lines.data(), s.lines.size());
  } else if (!s.request_headers.empty()) {
    r.access_control_request_headers = s.request_headers;
  }
  return r;
}

// One evaluate() per iteration. Allocations are counted across the whole timed loop, so any
// allocation in evaluate() shows up, however rare.
void evaluate_loop(benchmark::State& state, const cors::policy& policy,
                   const cors::request_view& request, expected_outcome expected) {
  const cors::decision first = policy.evaluate(request);
  if (first.kind() != expected.kind ||
      (!expected.any_reason && first.reason() != expected.reason)) {
    state.SkipWithError(("unexpected decision: " + std::string(to_string(first.kind())) + ", " +
                         std::string(to_string(first.reason())))
                            .c_str());
    return;
  }
  const cors_bench::allocation_totals before = cors_bench::allocation_totals_now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(&request);
    cors::decision d = policy.evaluate(request);
    benchmark::DoNotOptimize(d);
  }
  const cors_bench::allocation_totals after = cors_bench::allocation_totals_now();
  state.counters["allocs_per_request"] =
      benchmark::Counter(static_cast<double>(after.allocations - before.allocations),
                         benchmark::Counter::kAvgIterations);
}

// A named request against a policy, with the decision it must get.
struct scenario {
  std::string name;
  const cors::policy* policy;
  std::string method;
  request_strings strings;
  expected_outcome expected;
};

using kind = cors::request_kind;
using reason = cors::rejection_reason;

std::vector<scenario> request_scenarios() {
  static const cors::policy thousand(thousand_origins_and_patterns_config());
  static const cors::policy subdomains(subdomain_config());
  static const cors::policy any_origin(any_origin_config());
  static const cors::policy ten_headers(ten_headers_config());
  const cors::policy* seed = &seed_policy();
  const std::string allowed = "https://app.client.internal";
  const std::string foreign = "https://evil.example";
  const expected_outcome actual_ok{kind::actual, reason::none};
  const expected_outcome actual_refused{kind::actual, reason::origin_not_allowed};
  const expected_outcome preflight_ok{kind::preflight, reason::none};
  const expected_outcome malformed_headers{kind::preflight, reason::malformed_request_headers};

  std::string ten_names;
  for (const std::string& name : ten_header_names())
    ten_names += (ten_names.empty() ? "" : ",") + name;

  std::vector<scenario> out = {
      {"non_cors", seed, "GET", {}, {kind::not_cors, reason::none}},
      {"actual_allowed/1_origin", seed, "GET", {allowed, "", "", 0, {}}, actual_ok},
      {"actual_rejected/1_origin", seed, "GET", {foreign, "", "", 0, {}}, actual_refused},
      {"actual_allowed/any_origin", &any_origin, "GET", {foreign, "", "", 0, {}}, actual_ok},
      {"actual_allowed/1000_origins_100_patterns",
       &thousand,
       "GET",
       {"https://app500.example.org", "", "", 0, {}},
       actual_ok},
      {"actual_allowed/1000_origins_100_patterns_via_pattern",
       &thousand,
       "GET",
       {"https://eu.shop.tenant42.example.net", "", "", 0, {}},
       actual_ok},
      {"actual_rejected/1000_origins_100_patterns",
       &thousand,
       "GET",
       {"https://app500.evil.example.net", "", "", 0, {}},
       actual_refused},
      {"actual_allowed/subdomain_pattern",
       &subdomains,
       "GET",
       {"https://a.b.example.com", "", "", 0, {}},
       actual_ok},
      {"preflight_allowed/0_headers", seed, "OPTIONS", {allowed, "PUT", "", 0, {}}, preflight_ok},
      {"preflight_allowed/2_headers",
       seed,
       "OPTIONS",
       {allowed, "PUT", "content-type,x-custom-header", 0, {}},
       preflight_ok},
      {"preflight_allowed/10_headers",
       &ten_headers,
       "OPTIONS",
       {allowed, "PUT", ten_names, 0, {}},
       preflight_ok},
      {"preflight_rejected/origin",
       seed,
       "OPTIONS",
       {foreign, "PUT", "content-type,x-custom-header", 0, {}},
       {kind::preflight, reason::origin_not_allowed}},
      {"preflight_rejected/method",
       seed,
       "OPTIONS",
       {allowed, "PATCH", "content-type,x-custom-header", 0, {}},
       {kind::preflight, reason::method_not_allowed}},
      {"preflight_rejected/header",
       seed,
       "OPTIONS",
       {allowed, "PUT", "content-type,x-other", 0, {}},
       {kind::preflight, reason::header_not_allowed}},
  };

  // Hostile request headers, at a small and a large size: the cost must not follow the size.
  for (std::size_t size : {std::size_t{1} << 10, std::size_t{1} << 20}) {
    const std::string label = size == 1024 ? "1KiB" : "1MiB";
    out.push_back({"hostile_request_headers/commas_" + label,
                   seed,
                   "OPTIONS",
                   {allowed, "PUT", commas(size), 0, {}},
                   malformed_headers});
    out.push_back({"hostile_request_headers/space_run_" + label,
                   seed,
                   "OPTIONS",
                   {allowed, "PUT", space_run(size), 0, {}},
                   malformed_headers});
  }
  for (std::size_t count : {std::size_t{1000}, std::size_t{10000}}) {
    out.push_back({"hostile_request_headers/" + std::to_string(count) + "_names",
                   seed,
                   "OPTIONS",
                   {allowed, "PUT", allowed_names(count), 0, {}},
                   malformed_headers});
  }
  out.push_back({"hostile_request_headers/10000_lines",
                 seed,
                 "OPTIONS",
                 {allowed, "PUT", "content-type", 10000, {}},
                 malformed_headers});
  // Not a header-list case: a method padded with 1 MiB of spaces. Accepted or refused, it must
  // not cost a scan of the whole padding.
  out.push_back({"padded_request_method/trailing_spaces_1MiB",
                 seed,
                 "OPTIONS",
                 {allowed, "PUT" + std::string(std::size_t{1} << 20, ' '), "", 0, {}},
                 {kind::preflight, reason::none, true}});
  return out;
}

void register_request_benchmarks() {
  // Scenarios live as long as the program: the request views point into them.
  static std::vector<scenario> scenarios = request_scenarios();
  for (scenario& s : scenarios) {
    if (s.strings.repeated_lines > 0)
      s.strings.lines.assign(s.strings.repeated_lines, s.strings.request_headers);
    benchmark::RegisterBenchmark(s.name.c_str(), [&s](benchmark::State& state) {
      evaluate_loop(state, *s.policy, make_request(s.method, s.strings), s.expected);
    });
  }
}

// Building a policy: time per build, and the heap it takes. `peak_bytes` is the most the build
// held at once (temporaries included); `retained_bytes` what the built policy keeps.
void build_policy(benchmark::State& state, const cors::config& cfg) {
  std::optional<cors::policy> built;
  const std::size_t live_before = cors_bench::live_bytes();
  cors_bench::reset_peak_live_bytes();
  const cors_bench::allocation_totals before = cors_bench::allocation_totals_now();
  for (auto _ : state) {
    built.emplace(cfg);
    benchmark::DoNotOptimize(*built);
    state.PauseTiming();  // tearing down is not part of building
    built.reset();
    state.ResumeTiming();
  }
  const cors_bench::allocation_totals after = cors_bench::allocation_totals_now();
  const std::size_t peak = cors_bench::peak_live_bytes() - live_before;
  built.emplace(cfg);
  const std::size_t retained = cors_bench::live_bytes() - live_before;
  state.counters["allocs_per_build"] =
      benchmark::Counter(static_cast<double>(after.allocations - before.allocations),
                         benchmark::Counter::kAvgIterations);
  state.counters["peak_bytes"] = static_cast<double>(peak);
  state.counters["retained_bytes"] = static_cast<double>(retained);
}

void register_build_benchmarks() {
  static const cors::config thousand = thousand_origins_config();
  static const cors::config with_patterns = thousand_origins_and_patterns_config();
  benchmark::RegisterBenchmark("build_policy/1000_origins", [](benchmark::State& state) {
    build_policy(state, thousand);
  })->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("build_policy/1000_origins_100_patterns",
                               [](benchmark::State& state) { build_policy(state, with_patterns); })
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_request_benchmarks();
  register_build_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
