// One policy's browser run: its server under test, the test pages, one Chromium for every
// selected scenario, and what the browser did with each.
#ifndef CORS_TESTS_BROWSER_POLICY_RUN_HPP
#define CORS_TESTS_BROWSER_POLICY_RUN_HPP

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chromium.hpp"
#include "doctor_check.hpp"
#include "scenarios.hpp"

namespace cors::browser_tests {

// What the browser did with one scenario.
struct observation {
  bool allowed = false;  // every repeat resolved
  int status = 0;
  std::vector<std::string> readable_headers;  // as the page's Headers object lists them
  std::string body;
  std::string error;  // the page's view of a blocked fetch: "TypeError: Failed to fetch"
  std::optional<blocked_fetch> console;
  // From the net-log: the preflights sent, the last one's answer, and the answer to the fetch
  // itself as the server sent it ("HTTP/1.1 200 OK", "Name: value", ...), before CORS filtering.
  int preflights = 0;
  std::vector<std::string> preflight_response;
  std::vector<std::string> response;
  std::optional<doctor_verdict> doctor;  // when a cors-doctor was given
};

struct policy_run {
  std::string skip_reason;  // no browser on a developer's machine
  std::string failure;      // the run itself failed; every scenario reports it
  std::string server_origin;
  int main_port = 0;
  int other_port = 0;
  std::map<std::string, observation> observed;  // by scenario id
};

// True under CI (CI set, and not "false"), where a missing browser is a failure, not a skip.
bool in_ci();

struct run_options {
  std::string demo_server;            // the cors-demo-server executable
  std::optional<std::string> doctor;  // cors-doctor, asked about every scenario too
};

// Runs the selected scenarios of `policy`.
policy_run run_policy(const conformance::policy_case& policy,
                      const std::vector<const conformance::scenario*>& selected,
                      const run_options& options);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_POLICY_RUN_HPP
