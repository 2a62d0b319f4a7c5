// The security invariants every harness asserts on a decision, the step counter that bounds the
// work per request, and the splitting of fuzz input into request fields.
#ifndef CORS_FUZZ_CHECKS_HPP
#define CORS_FUZZ_CHECKS_HPP

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"
#include "fetch_rules.hpp"
#include "reference.hpp"
#include "same_decision.hpp"

// A failed invariant aborts, so that libFuzzer saves the input as a crash.
#define FUZZ_CHECK(condition)                                                                    \
  do {                                                                                           \
    if (!(condition)) {                                                                          \
      std::fprintf(stderr, "invariant violated at %s:%d: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                              \
    }                                                                                            \
  } while (false)

// The engine is compiled with clang's profile instrumentation (-fprofile-instr-generate) for the
// fuzz build: one 64-bit counter per code region. Their sum is a step count that does not
// depend on the machine's speed, so "hostile input costs bounded work" is a plain assertion.
extern "C" {
char* __llvm_profile_begin_counters(void);
char* __llvm_profile_end_counters(void);
void __llvm_profile_initialize(void);
// Defined here, this keeps the profile runtime's start-up code out of the harness: it would
// create default.profraw wherever the fuzzer runs. The counters work without it.
[[gnu::used]] inline int __llvm_profile_runtime = 0;
}

namespace cors_fuzz {

// Coverage runs (LLVM_PROFILE_FILE set) start the runtime, which writes the profile at exit.
inline void init_step_counter() {
  if (std::getenv("LLVM_PROFILE_FILE") != nullptr) __llvm_profile_initialize();
}

inline std::uint64_t engine_steps() {
  const auto* counter = reinterpret_cast<const std::uint64_t*>(__llvm_profile_begin_counters());
  const auto* end = reinterpret_cast<const std::uint64_t*>(__llvm_profile_end_counters());
  std::uint64_t sum = 0;
  for (; counter < end; ++counter) sum += *counter;
  return sum;
}

// Linear in the input, with a constant generous enough for every legitimate path (explaining a
// rejection formats up to 128 escaped request bytes through fmt, whose inlined code is counted
// too: some 30,000 steps). A quadratic scan of a 64 KiB input, or one that re-reads a line per
// name, breaks the bound by orders of magnitude.
inline bool bounded_work(std::uint64_t steps, std::size_t input_bytes) {
  const std::uint64_t bound = 200000 + 64 * static_cast<std::uint64_t>(input_bytes);
  if (steps <= bound) return true;
  std::fprintf(stderr, "%llu engine steps for %zu input bytes; the bound is %llu\n",
               static_cast<unsigned long long>(steps), input_bytes,
               static_cast<unsigned long long>(bound));
  return false;
}

// RFC 9110 field-value as a server may send it: visible ASCII, obs-text, and spaces or tabs
// inside, never at either end; no CR, LF, NUL or other control byte.
inline bool is_valid_field_value(std::string_view v) {
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return v.empty() ||
         (v.front() != ' ' && v.front() != '\t' && v.back() != ' ' && v.back() != '\t');
}

// A one-line log message: printable ASCII only.
inline bool is_printable_line(std::string_view v) {
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

// One header field of a fuzzed request: absent, or one or more lines.
struct field_lines {
  std::vector<std::string_view> lines;
  cors::header_field field() const {
    return lines.empty() ? cors::header_field() : cors::header_field(lines.data(), lines.size());
  }
};

// A field of the fuzz input: empty means absent; a field starting with 0x1e is a list of lines,
// each introduced by 0x1e (so "\x1e" is one empty line); anything else is one line.
inline field_lines parse_field(std::string_view text) {
  field_lines out;
  if (text.empty()) return out;
  if (text[0] != '\x1e') {
    out.lines.push_back(text);
    return out;
  }
  out.lines = split(text.substr(1), '\x1e');
  return out;
}

// A request as the evaluate harness splits its input: fields separated by 0x1f, in the order
// method, Origin, Access-Control-Request-Method, Access-Control-Request-Headers,
// Access-Control-Request-Private-Network. Missing fields are absent headers.
struct fuzzed_request {
  std::string_view method;
  field_lines origin, request_method, request_headers, private_network;

  cors::request_view view() const {
    cors::request_view r;
    r.method = method;
    r.origin = origin.field();
    r.access_control_request_method = request_method.field();
    r.access_control_request_headers = request_headers.field();
    r.access_control_request_private_network = private_network.field();
    return r;
  }
};

inline fuzzed_request parse_request(std::string_view input) {
  const std::vector<std::string_view> fields = split(input, '\x1f');
  fuzzed_request r;
  r.method = fields[0];
  field_lines* targets[] = {&r.origin, &r.request_method, &r.request_headers, &r.private_network};
  for (std::size_t i = 0; i < 4 && i + 1 < fields.size(); ++i)
    *targets[i] = parse_field(fields[i + 1]);
  return r;
}

// Every header a decision may carry.
inline bool is_known_header(std::string_view name) {
  return name == "Access-Control-Allow-Origin" || name == "Access-Control-Allow-Credentials" ||
         name == "Access-Control-Allow-Methods" || name == "Access-Control-Allow-Headers" ||
         name == "Access-Control-Max-Age" || name == "Access-Control-Expose-Headers" ||
         name == "Access-Control-Allow-Private-Network" || name == "Vary";
}

inline std::vector<std::string_view> header_values(const cors::decision& d, std::string_view name) {
  std::vector<std::string_view> out;
  for (const cors::response_header& h : d)
    if (h.name == name) out.push_back(h.value);
  return out;
}

// Comma-separated list items of every line of one response header, trimmed.
inline std::vector<std::string_view> list_items(const std::vector<std::string_view>& lines) {
  std::vector<std::string_view> out;
  for (std::string_view line : lines)
    for (std::string_view item : split(line, ',')) out.push_back(trim_spaces_and_tabs(item));
  return out;
}

inline bool contains(const std::vector<std::string_view>& items, std::string_view wanted) {
  for (std::string_view item : items)
    if (item == wanted) return true;
  return false;
}

inline bool contains_ignoring_case(const std::vector<std::string_view>& items,
                                   std::string_view wanted) {
  for (std::string_view item : items)
    if (ascii_lower(item) == ascii_lower(wanted)) return true;
  return false;
}

// Would a browser that sent this preflight accept the method and headers of the response?
// (Fetch, "CORS-preflight fetch", steps on methods and header names.)
inline bool browser_accepts_method(const cors::decision& d, std::string_view method,
                                   bool credentialed) {
  if (cors::detail::is_safelisted_method(method)) return true;
  const auto items = list_items(header_values(d, "Access-Control-Allow-Methods"));
  return contains(items, method) || (!credentialed && contains(items, "*"));
}

inline bool browser_accepts_header(const cors::decision& d, std::string_view name,
                                   bool credentialed) {
  const auto items = list_items(header_values(d, "Access-Control-Allow-Headers"));
  if (contains_ignoring_case(items, name)) return true;
  return !credentialed && contains(items, "*") && ascii_lower(name) != "authorization";
}

// Asserts every invariant of `d`, the policy's decision for `r`.
inline void check_decision(const cors::policy& policy, const ref_policy& ref,
                           const fuzzed_request& r, const cors::decision& d) {
  const cors::request_view view = r.view();

  // Classification follows the request, and nothing else.
  if (r.origin.lines.empty()) {
    FUZZ_CHECK(d.kind() == cors::request_kind::not_cors && d.allowed());
  } else if (r.method == "OPTIONS") {
    FUZZ_CHECK(d.kind() == (r.request_method.lines.empty() ? cors::request_kind::plain_options
                                                           : cors::request_kind::preflight));
  } else {
    FUZZ_CHECK(d.kind() == cors::request_kind::actual);
  }

  // Every header is one the library knows, with a value fit for the wire, and at most once,
  // but for Access-Control-Allow-Headers, which reflects each requested line on its own.
  for (const cors::response_header& h : d) {
    FUZZ_CHECK(is_known_header(h.name));
    FUZZ_CHECK(is_valid_field_value(h.value));
    FUZZ_CHECK(!h.value.empty());
    if (h.name != "Access-Control-Allow-Headers") FUZZ_CHECK(header_values(d, h.name).size() == 1);
  }
  FUZZ_CHECK(d.size() <= cors::decision::max_headers);

  // The origin is reflected only when the reference model allows it; "*" only under "*", and
  // never together with credentials.
  const auto allow_origin = header_values(d, "Access-Control-Allow-Origin");
  const auto allow_credentials = header_values(d, "Access-Control-Allow-Credentials");
  if (!allow_origin.empty()) {
    if (allow_origin[0] == "*") {
      FUZZ_CHECK(ref.any_origin);
      FUZZ_CHECK(allow_credentials.empty());
    } else {
      FUZZ_CHECK(r.origin.lines.size() == 1);
      FUZZ_CHECK(allow_origin[0] == r.origin.lines[0]);
      bool strict = false;
      FUZZ_CHECK(ref.allows_origin(r.origin.lines[0], strict));
    }
  }
  for (std::string_view v : allow_credentials) FUZZ_CHECK(v == "true" && ref.credentials);

  // The reference model's verdict on the origin, in both directions where it is certain.
  if (d.kind() != cors::request_kind::not_cors) {
    const bool origin_failed = d.reason() == cors::rejection_reason::malformed_origin ||
                               d.reason() == cors::rejection_reason::origin_not_allowed;
    bool strict = false;
    const bool single = r.origin.lines.size() == 1;
    const bool allowed = single && ref.allows_origin(r.origin.lines[0], strict);
    if (!origin_failed) FUZZ_CHECK(ref.any_origin || allowed);
    if (single && strict && !ref.any_origin) FUZZ_CHECK(origin_failed != allowed);
    if (d.allowed()) FUZZ_CHECK(!allow_origin.empty());
  }

  // Responses whose headers depend on the Origin say so, whatever the decision.
  const auto vary = header_values(d, "Vary");
  FUZZ_CHECK(vary.size() <= 1);
  FUZZ_CHECK(d.vary() == (vary.empty() ? std::string_view() : vary[0]));
  if (!ref.any_origin) FUZZ_CHECK(contains(list_items(vary), "Origin"));

  const bool has_cors_headers = d.size() > vary.size();
  if (d.kind() != cors::request_kind::preflight) {
    FUZZ_CHECK(!d.respond_now());
    if (!d.allowed()) FUZZ_CHECK(!has_cors_headers);
  } else {
    FUZZ_CHECK(d.respond_now() == !ref.passthrough);
    const std::string_view method = trim_spaces_and_tabs(r.request_method.lines[0]);
    const ref_header_list requested = ref_parse_header_lines(r.request_headers.lines);
    if (d.allowed()) {
      FUZZ_CHECK(d.status() == ref.success_status);
      // The policy lets through only what the configuration allows...
      FUZZ_CHECK(r.request_method.lines.size() == 1 && ref.allows_method(method));
      FUZZ_CHECK(!requested.malformed);
      for (std::string_view name : requested.names) FUZZ_CHECK(ref.allows_header(name));
      // ...and tells the browser enough for it to go on.
      FUZZ_CHECK(browser_accepts_method(d, method, ref.credentials));
      for (std::string_view name : requested.names)
        FUZZ_CHECK(browser_accepts_header(d, name, ref.credentials));
    } else if (d.status() == 403) {
      FUZZ_CHECK(!has_cors_headers);
    } else {
      // The debug answer: the success status with partial headers, which must still make the
      // browser fail the preflight.
      FUZZ_CHECK(ref.partial && d.status() == ref.success_status);
      FUZZ_CHECK(header_values(d, "Access-Control-Max-Age").empty());
      FUZZ_CHECK(header_values(d, "Access-Control-Allow-Private-Network").empty());
      switch (d.reason()) {
        case cors::rejection_reason::method_not_allowed:
          FUZZ_CHECK(!browser_accepts_method(d, method, ref.credentials));
          break;
        case cors::rejection_reason::header_not_allowed:
          FUZZ_CHECK(!browser_accepts_header(d, d.offending_value(), ref.credentials));
          break;
        case cors::rejection_reason::malformed_request_method:
        case cors::rejection_reason::malformed_request_headers:
        case cors::rejection_reason::private_network_not_allowed:
          break;
        default:
          FUZZ_CHECK(false);  // an origin failure never gets the partial answer
      }
    }
  }

  // Rejections are explained on one printable line; allowed requests are not.
  const std::string line = policy.explain(d);
  FUZZ_CHECK(d.allowed() == line.empty());
  FUZZ_CHECK(is_printable_line(line));

  // The same request gets the same decision.
  FUZZ_CHECK(cors_test::same_decision(d, policy.evaluate(view)));
}

// Sink for on_rejection: checks the line it receives and counts the calls.
struct rejection_log {
  std::size_t calls = 0;
  void operator()(const cors::decision& d, std::string_view line) {
    FUZZ_CHECK(!d.allowed());
    FUZZ_CHECK(!line.empty() && is_printable_line(line));
    ++calls;
  }
};

}  // namespace cors_fuzz

#endif  // CORS_FUZZ_CHECKS_HPP
