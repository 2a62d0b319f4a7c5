// A whole policy::evaluate on random requests against fixed policies, each decision checked
// against the reference model (checks.hpp). Input: one byte choosing the policy, then the
// request fields separated by 0x1f (see parse_request).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "checks.hpp"

namespace {

using cors_fuzz::rejection_log;

struct fuzzed_policy {
  std::unique_ptr<rejection_log> log;
  std::unique_ptr<cors::policy> policy;
  std::unique_ptr<cors_fuzz::ref_policy> reference;
};

std::vector<cors::config> configs() {
  std::vector<cors::config> out;

  cors::config exact;  // a list of exact origins, credentials
  exact.allowed_origins = {"https://app.example.com", "http://localhost:8080",
                           "http://127.0.0.1:3000", "https://[::1]:8443",
                           "https://xn--bcher-kva.example"};
  exact.allowed_methods = {"PUT", "delete", "PATCH"};
  exact.allowed_headers = {"Content-Type", "X-Custom-Header", "Authorization"};
  exact.exposed_headers = {"X-Request-Id"};
  exact.max_age_seconds = 600;
  exact.allow_credentials = true;
  out.push_back(exact);

  cors::config patterns;  // subdomain and port wildcards, private network
  patterns.allowed_origins = {"https://*.example.com", "https://*.example.org:*",
                              "http://localhost:*", "https://*.dev.example.net:8443",
                              "https://*.example.com:8443"};
  patterns.allowed_methods = {"PUT"};
  patterns.allowed_headers = {"X-Custom-Header"};
  patterns.allow_private_network = true;
  out.push_back(patterns);

  cors::config any;  // "*" everywhere, no credentials
  any.allowed_origins = {"*"};
  any.allowed_methods = {"*"};
  any.allowed_headers = {"*"};
  any.exposed_headers = {"*"};
  any.max_age_seconds = 0;
  out.push_back(any);

  cors::config reflect;  // credentials with "*" methods and headers: both are reflected
  reflect.allowed_origins = {"https://app.example.com", "https://*.example.com"};
  reflect.allowed_methods = {"*"};
  reflect.allowed_headers = {"*"};
  reflect.allow_credentials = true;
  reflect.allow_private_network = true;
  out.push_back(reflect);

  cors::config partial;  // the debug answer to rejected preflights
  partial.allowed_origins = {"https://app.example.com", "https://*.example.com"};
  partial.allowed_methods = {"PUT", "PATCH"};
  partial.allowed_headers = {"X-Custom-Header", "Content-Type"};
  partial.allow_credentials = true;
  partial.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  partial.max_age_seconds = 7200;
  out.push_back(partial);

  cors::config null_allowed;  // "null" let in; "*" headers without credentials
  null_allowed.allowed_origins = {"https://app.example.com"};
  null_allowed.allow_null_origin = true;
  null_allowed.allowed_headers = {"*", "Authorization"};
  null_allowed.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  out.push_back(null_allowed);

  cors::config passthrough;  // preflights go on to the application, answered 200
  passthrough.allowed_origins = {"http://localhost:*", "https://app.example.com"};
  passthrough.allowed_methods = {"*"};
  passthrough.allowed_headers = {"*"};
  passthrough.preflight_passthrough = true;
  passthrough.preflight_success_status = 200;
  out.push_back(passthrough);

  cors::config predicate;  // the escape hatch: it must only ever see valid origins
  predicate.allowed_origins = {"https://app.example.com"};
  predicate.origin_predicate = [](std::string_view origin) {
    cors_fuzz::ref_origin parsed;
    bool strict = false;
    FUZZ_CHECK(cors_fuzz::ref_parse_origin(origin, parsed, strict));
    return cors_fuzz::ends_with(parsed.host, ".trusted.test");
  };
  predicate.allow_credentials = true;
  out.push_back(predicate);
  return out;
}

std::vector<fuzzed_policy>& policies() {
  static std::vector<fuzzed_policy> all = [] {
    std::vector<fuzzed_policy> out;
    for (cors::config& cfg : configs()) {
      fuzzed_policy p;
      p.log = std::make_unique<rejection_log>();
      rejection_log* log = p.log.get();
      cfg.on_rejection = [log](const cors::decision& d, std::string_view line) { (*log)(d, line); };
      p.policy = std::make_unique<cors::policy>(cfg);
      p.reference = std::make_unique<cors_fuzz::ref_policy>(cfg);
      out.push_back(std::move(p));
    }
    return out;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  cors_fuzz::init_step_counter();
  policies();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  fuzzed_policy& p = policies()[data[0] % policies().size()];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const cors_fuzz::fuzzed_request request = cors_fuzz::parse_request(input);

  const std::size_t logged = p.log->calls;
  const std::uint64_t before = cors_fuzz::engine_steps();
  const cors::decision d = p.policy->evaluate(request.view());
  const std::uint64_t steps = cors_fuzz::engine_steps() - before;

  FUZZ_CHECK(cors_fuzz::bounded_work(steps, size));
  FUZZ_CHECK(p.log->calls == logged + (d.allowed() ? 0 : 1));
  cors_fuzz::check_decision(*p.policy, *p.reference, request, d);
  return 0;
}
