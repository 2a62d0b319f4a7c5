// One engine's run of the suite: every selected policy's server under test, the test pages, and
// one browser that goes from page to page through all of them; then what it did with each
// scenario.
#ifndef CORS_TESTS_BROWSER_SUITE_RUN_HPP
#define CORS_TESTS_BROWSER_SUITE_RUN_HPP

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "doctor_check.hpp"
#include "engines.hpp"
#include "scenarios.hpp"

namespace cors::browser_tests {

// One request as the server under test received and answered it.
struct recorded_exchange {
  std::string method;
  std::string target;
  bool preflight = false;                     // OPTIONS with Access-Control-Request-Method
  std::vector<std::string> response_headers;  // "HTTP/1.1 204 No Content", "Name: value"...
};

// What the browser did with one scenario.
struct observation {
  bool allowed = false;  // every repeat resolved
  int status = 0;
  std::vector<std::string> readable_headers;  // as the page's Headers object lists them
  std::string body;
  std::string error;  // the page's view of a blocked fetch: "TypeError: Failed to fetch"
  std::vector<console_entry> console;  // the engine's CORS messages for the fetch's URL
  // As the server under test saw it: the preflights sent, the last one's answer, and the answer
  // to the fetch itself before the browser filtered it.
  int preflights = 0;
  std::vector<std::string> preflight_response;
  std::vector<std::string> response;
  std::optional<doctor_verdict> doctor;  // when a cors-doctor was given
};

struct suite_run {
  std::string skip_reason;  // no browser on a developer's machine
  std::string failure;      // the run itself failed; every scenario reports it
  int main_port = 0;
  int other_port = 0;
  std::map<std::string, std::string> server_origin;  // by policy
  std::map<std::string, observation> observed;       // by "<policy>.<scenario>"
};

// True under CI (CI set, and not "false"), where a missing browser is a failure, not a skip.
bool in_ci();

struct run_options {
  std::string demo_server;            // the cors-demo-server executable
  std::string httplib_demo_server;    // cors-httplib-demo-server, for adapter::httplib policies
  std::optional<std::string> doctor;  // cors-doctor, asked about every scenario too
};

struct selected_policy {
  const conformance::policy_case* policy = nullptr;
  std::vector<const conformance::scenario*> scenarios;
};

// Runs the selected scenarios in one browser of engine `e`.
suite_run run_suite(conformance::engine e, const std::vector<selected_policy>& selected,
                    const run_options& options);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_SUITE_RUN_HPP
