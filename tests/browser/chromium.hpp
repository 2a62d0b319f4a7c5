// Running headless Chromium against loopback only, and reading what it reports: the CORS console
// messages from its log, and the preflights it sent from its net-log.
#ifndef CORS_TESTS_BROWSER_CHROMIUM_HPP
#define CORS_TESTS_BROWSER_CHROMIUM_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cors::browser_tests {

// $CORS_TEST_CHROMIUM if set, else `chromium` or `chromium-browser` from PATH.
std::optional<std::string> find_chromium();

// The command line that opens `url` in a fresh profile and writes a net-log. A proxy that
// refuses connections catches every request that is not to loopback (Chromium's background
// requests to Google among them): loopback names bypass a proxy by default.
std::vector<std::string> chromium_command(const std::string& browser,
                                          const std::string& profile_dir,
                                          const std::string& netlog_path, const std::string& url);

// "Access to fetch at 'URL' from origin 'ORIGIN' has been blocked by CORS policy: MESSAGE".
struct blocked_fetch {
  std::string url;
  std::string origin;
  std::string message;  // the part after "blocked by CORS policy: "
  std::string line;     // the whole console text
};

// The CORS console messages in a log written with --enable-logging=stderr --v=0.
std::vector<blocked_fetch> blocked_fetches(std::string_view log);

// One request the browser made, as its net-log (--log-net-log) records it.
struct netlog_request {
  std::string method;
  std::string url;
  bool preflight = false;                     // a CORS preflight, not the page's own request
  std::vector<std::string> response_headers;  // "HTTP/1.1 204 No Content", "Name: value"...
};

// Every request in a net-log, in the order the browser created them. A truncated log (a killed
// browser) is read as far as it goes.
std::vector<netlog_request> requests_in_netlog(const std::string& netlog_path);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_CHROMIUM_HPP
