#include "engines.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace cors::browser_tests {

namespace cc = conformance;
using namespace std::chrono_literals;

std::optional<std::string> in_path(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + std::string(name);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::optional<std::string> find_engine(cc::engine e, std::string& why_not) {
  std::optional<std::string> found;
  switch (e) {
    case cc::engine::chromium:
      found = find_chromium();
      if (!found)
        why_not =
            "no Chromium: install Debian's `chromium` (bash .ci/install-deps) or set "
            "CORS_TEST_CHROMIUM to a Chromium binary";
      break;
    case cc::engine::firefox:
      found = find_firefox();
      if (!found)
        why_not =
            "no Firefox: install Debian's `firefox-esr` (bash .ci/install-deps) or set "
            "CORS_TEST_FIREFOX to a Firefox binary";
      break;
    case cc::engine::webkit:
      found = find_webkit(why_not);
      break;
  }
  return found;
}

browser_launch launch(cc::engine e, const std::string& program, const std::filesystem::path& dir,
                      const std::string& url) {
  switch (e) {
    case cc::engine::chromium:
      return {chromium_command(program, dir, url), 0ms};
    case cc::engine::firefox:
      return {firefox_command(program, dir, url), 1500ms};
    case cc::engine::webkit:
      return {webkit_command(program, dir, url), 300ms};
  }
  return {};
}

std::vector<console_entry> console_entries(cc::engine e, std::string_view out,
                                           std::string_view err) {
  switch (e) {
    case cc::engine::chromium:
      return chromium_console(err);
    case cc::engine::firefox:
      return firefox_console(out);
    case cc::engine::webkit:
      return webkit_console(err);
  }
  return {};
}

}  // namespace cors::browser_tests
