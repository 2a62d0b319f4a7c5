// cors-doctor judges every scenario too: the same request against the same server, while it
// runs. Its verdict must be the browser's, and its message the engine's console message.
#ifndef CORS_TESTS_BROWSER_DOCTOR_CHECK_HPP
#define CORS_TESTS_BROWSER_DOCTOR_CHECK_HPP

#include <filesystem>
#include <string>
#include <vector>

#include "scenarios.hpp"

namespace cors::browser_tests {

struct doctor_verdict {
  std::vector<std::string> command;
  int exit_status = -1;  // 0: a browser would allow it; 1: it would block it
  std::string output;    // what it printed (--json)
  std::string message;   // the console message it predicts, from its JSON ("error.message")
};

// `cors-doctor URL --origin O --method M [--header 'N: v']... [--credentials] --browser E
// --json`.
std::vector<std::string> doctor_command(const std::string& doctor, const std::string& url,
                                        const std::string& origin, const conformance::scenario& s,
                                        conformance::engine e);

// Runs them, a few at a time, with their output in `dir`; a doctor that hangs is stopped after
// 20 s.
std::vector<doctor_verdict> ask_doctor(std::vector<std::vector<std::string>> commands,
                                       const std::filesystem::path& dir);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_DOCTOR_CHECK_HPP
