// WebKitGTK, from Python (webkit_driver.py) under xvfb-run: WebKitGTK needs an X display even
// to create its settings. Its console goes to stderr: "CONSOLE SECURITY ERROR <message>", then
// "CONSOLE JS ERROR Fetch API cannot load URL due to access control checks.".
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "child_process.hpp"
#include "engines.hpp"

#ifndef CORS_WEBKIT_DRIVER
#error "CORS_WEBKIT_DRIVER must name webkit_driver.py"
#endif

namespace cors::browser_tests {

namespace fs = std::filesystem;

namespace {

// Debian's interpreter: one from elsewhere (pyenv...) may lack the `gi` module.
std::string python() {
  if (const char* configured = std::getenv("CORS_TEST_PYTHON"); configured && *configured)
    return configured;
  return "/usr/bin/python3";
}

}  // namespace

std::optional<std::string> find_webkit(std::string& why_not) {
  using namespace std::chrono_literals;
  if (!in_path("xvfb-run")) {
    why_not =
        "no xvfb-run for WebKitGTK: install Debian's `xvfb` and `xauth` (bash .ci/install-deps)";
    return std::nullopt;
  }
  const fs::path null = "/dev/null";
  child_process check({python(), CORS_WEBKIT_DRIVER, "--check"}, null, null);
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (check.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  check.stop(1s);
  if (check.exit_status() != 0) {
    why_not = "no WebKitGTK 4.1 for " + python() +
              ": install Debian's `gir1.2-webkit2-4.1` and `python3-gi` (bash .ci/install-deps)";
    return std::nullopt;
  }
  return python();
}

std::vector<std::string> webkit_command(const std::string& program, const fs::path& dir,
                                        const std::string& url) {
  // -a takes the first free display from -n on; starting from a number of its own keeps
  // parallel runs from racing for the same one.
  return {"env",      "TMPDIR=" + dir.string(),
          "xvfb-run", "-a",
          "-n",       std::to_string(100 + ::getpid() % 800),
          "-s",       "-nolisten tcp",
          program,    CORS_WEBKIT_DRIVER,
          url,        (dir / "webkit").string()};
}

std::vector<console_entry> webkit_console(std::string_view err) {
  constexpr std::string_view security = "CONSOLE SECURITY ERROR ";
  constexpr std::string_view cannot_load = "Fetch API cannot load ";
  constexpr std::string_view checks = " due to access control checks.";
  std::vector<console_entry> found;
  std::string pending;  // the reason, which names no URL; the next line does
  for (std::size_t start = 0; start < err.size();) {
    std::size_t end = err.find('\n', start);
    if (end == std::string_view::npos) end = err.size();
    const std::string_view line = err.substr(start, end - start);
    start = end + 1;
    if (const std::size_t at = line.find(security); at != std::string_view::npos) {
      pending = std::string(line.substr(at + security.size()));
      continue;
    }
    const std::size_t at = line.find(cannot_load);
    const std::size_t tail = line.rfind(checks);
    if (at == std::string_view::npos || tail == std::string_view::npos || tail < at) continue;
    console_entry e;
    e.url = std::string(line.substr(at + cannot_load.size(), tail - at - cannot_load.size()));
    e.message = pending;
    e.line = pending + "\n" + std::string(line.substr(at));
    pending.clear();
    found.push_back(std::move(e));
  }
  return found;
}

}  // namespace cors::browser_tests
