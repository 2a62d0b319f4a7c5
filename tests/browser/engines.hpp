// The three browser engines the suite runs, driven without WebDriver: each opens the first test
// page and follows the pages' own navigation; what it logs is read back from its output.
//   chromium  Debian's `chromium`, --headless, its log on stderr (chromium.cpp)
//   firefox   Debian's `firefox-esr`, --headless, an AutoConfig console listener (firefox.cpp)
//   webkit    WebKitGTK 4.1 from Python (webkit_driver.py) under xvfb-run (webkit.cpp)
// Every engine gets a proxy that refuses connections (127.0.0.1:9) with loopback exempted, so
// nothing but loopback is reachable.
#ifndef CORS_TESTS_BROWSER_ENGINES_HPP
#define CORS_TESTS_BROWSER_ENGINES_HPP

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios.hpp"

namespace cors::browser_tests {

// One CORS message an engine logged for a fetch.
struct console_entry {
  std::string url;       // the fetch's URL
  std::string message;   // the engine's message as the table writes it (expected_message())
  std::string line;      // the whole console text
  bool warning = false;  // a warning: the fetch went through
};

// How to start an engine and read what it logged.
struct browser_launch {
  std::vector<std::string> command;
  // How long the engine may still log after the last page reported: Firefox logs CORS errors
  // asynchronously.
  std::chrono::milliseconds settle{0};
};

// The engine's program when it can run here; otherwise nullopt with `why_not` set.
std::optional<std::string> find_engine(conformance::engine e, std::string& why_not);

// Prepares `dir` (profile, data directory...) and returns the command that opens `url`. Its
// stdout and stderr are to go to dir/browser.out and dir/browser.err.
browser_launch launch(conformance::engine e, const std::string& program,
                      const std::filesystem::path& dir, const std::string& url);

// The CORS messages in the engine's output, in the order logged.
std::vector<console_entry> console_entries(conformance::engine e, std::string_view out,
                                           std::string_view err);

// Per engine (chromium.cpp, firefox.cpp, webkit.cpp).
std::optional<std::string> find_chromium();
std::vector<std::string> chromium_command(const std::string& program,
                                          const std::filesystem::path& dir, const std::string& url);
std::vector<console_entry> chromium_console(std::string_view log);

std::optional<std::string> find_firefox();
std::vector<std::string> firefox_command(const std::string& program,
                                         const std::filesystem::path& dir, const std::string& url);
std::vector<console_entry> firefox_console(std::string_view out);

std::optional<std::string> find_webkit(std::string& why_not);
std::vector<std::string> webkit_command(const std::string& python, const std::filesystem::path& dir,
                                        const std::string& url);
std::vector<console_entry> webkit_console(std::string_view err);

// `name` in PATH, or nullopt.
std::optional<std::string> in_path(std::string_view name);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_ENGINES_HPP
