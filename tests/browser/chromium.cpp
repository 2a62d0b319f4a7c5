// Headless Chromium: its CORS console messages come from its log (--enable-logging=stderr).
#include <cstdlib>

#include "engines.hpp"

namespace cors::browser_tests {

std::optional<std::string> find_chromium() {
  if (const char* configured = std::getenv("CORS_TEST_CHROMIUM"); configured && *configured)
    return std::string(configured);
  if (auto found = in_path("chromium")) return found;
  return in_path("chromium-browser");
}

std::vector<std::string> chromium_command(const std::string& program,
                                          const std::filesystem::path& dir,
                                          const std::string& url) {
  // TMPDIR: Chromium leaves org.chromium.* directories there.
  return {"env", "TMPDIR=" + dir.string(), program, "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-pings", "--disable-extensions",
          "--mute-audio",
          // Unreachable: anything not bypassed fails. Do not add --proxy-bypass-list=<-loopback>:
          // it *removes* the implicit loopback bypass and the test pages would not load.
          "--proxy-server=http://127.0.0.1:9", "--user-data-dir=" + (dir / "profile").string(),
          "--enable-logging=stderr", "--v=0", url};
}

// "Access to fetch at 'URL' from origin 'ORIGIN' has been blocked by CORS policy: MESSAGE",
// inside a log line ending '", source: ...'.
std::vector<console_entry> chromium_console(std::string_view log) {
  constexpr std::string_view start = "Access to fetch at '";
  constexpr std::string_view from = "' from origin '";
  constexpr std::string_view blocked = "' has been blocked by CORS policy: ";
  constexpr std::string_view end = "\", source: ";
  std::vector<console_entry> found;
  for (std::size_t at = log.find(start); at != log.npos; at = log.find(start, at + 1)) {
    const std::size_t line_end = std::min(log.find('\n', at), log.size());
    const std::string_view line = log.substr(at, line_end - at);
    const std::size_t origin_at = line.find(from);
    const std::size_t message_at = line.find(blocked);
    const std::size_t message_end = line.rfind(end);
    if (origin_at == line.npos || message_at == line.npos || message_end == line.npos ||
        !(origin_at < message_at && message_at < message_end))
      continue;
    console_entry e;
    e.url = std::string(line.substr(start.size(), origin_at - start.size()));
    e.message = std::string(
        line.substr(message_at + blocked.size(), message_end - message_at - blocked.size()));
    e.line = std::string(line.substr(0, message_end));
    found.push_back(std::move(e));
  }
  return found;
}

}  // namespace cors::browser_tests
