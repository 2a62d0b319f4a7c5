#include "chromium.hpp"

#include <unistd.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace cors::browser_tests {

std::optional<std::string> find_chromium() {
  if (const char* configured = std::getenv("CORS_TEST_CHROMIUM"); configured && *configured)
    return std::string(configured);
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return std::nullopt;
}

std::vector<std::string> chromium_command(const std::string& browser,
                                          const std::string& profile_dir,
                                          const std::string& netlog_path, const std::string& url) {
  return {browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-pings", "--disable-extensions", "--mute-audio",
          // Unreachable: anything not bypassed fails. Do not add --proxy-bypass-list=<-loopback>:
          // it *removes* the implicit loopback bypass and the test pages would not load.
          "--proxy-server=http://127.0.0.1:9", "--user-data-dir=" + profile_dir,
          "--enable-logging=stderr", "--v=0", "--log-net-log=" + netlog_path, url};
}

std::vector<blocked_fetch> blocked_fetches(std::string_view log) {
  constexpr std::string_view start = "Access to fetch at '";
  constexpr std::string_view from = "' from origin '";
  constexpr std::string_view blocked = "' has been blocked by CORS policy: ";
  constexpr std::string_view end = "\", source: ";
  std::vector<blocked_fetch> found;
  for (std::size_t at = log.find(start); at != log.npos; at = log.find(start, at + 1)) {
    const std::size_t line_end = std::min(log.find('\n', at), log.size());
    const std::string_view line = log.substr(at, line_end - at);
    const std::size_t origin_at = line.find(from);
    const std::size_t message_at = line.find(blocked);
    const std::size_t message_end = line.rfind(end);
    if (origin_at == line.npos || message_at == line.npos || message_end == line.npos ||
        !(origin_at < message_at && message_at < message_end))
      continue;
    blocked_fetch b;
    b.url = std::string(line.substr(start.size(), origin_at - start.size()));
    b.origin =
        std::string(line.substr(origin_at + from.size(), message_at - origin_at - from.size()));
    b.message = std::string(
        line.substr(message_at + blocked.size(), message_end - message_at - blocked.size()));
    b.line = std::string(line.substr(0, message_end));
    found.push_back(std::move(b));
  }
  return found;
}

namespace {

// The numeric id of an event type, from the net-log's constants ("logEventTypes":{"NAME":N}).
std::optional<int> event_type(const std::string& constants, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  const std::size_t at = constants.find(key);
  if (at == std::string::npos) return std::nullopt;
  return std::atoi(constants.c_str() + at + key.size());
}

}  // namespace

std::vector<netlog_request> requests_in_netlog(const std::string& netlog_path) {
  // The net-log is one JSON object per line after the constants, so a log cut short by a killed
  // browser still parses line by line.
  std::ifstream in(netlog_path);
  std::string constants;
  std::getline(in, constants);
  const auto preflight_type = event_type(constants, "CORS_PREFLIGHT_URL_REQUEST");
  const auto start_type = event_type(constants, "URL_REQUEST_START_JOB");
  const auto headers_type = event_type(constants, "HTTP_TRANSACTION_READ_RESPONSE_HEADERS");
  if (!preflight_type || !start_type || !headers_type) return {};

  std::set<long> preflight_ids;  // requests made as preflights
  std::map<long, netlog_request> requests;
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"source_dependency\"") == std::string::npos &&
        line.find("\"method\":\"") == std::string::npos &&
        line.find("\"headers\":[\"HTTP/") == std::string::npos)
      continue;
    // An event line is "{...}," ("{...}]," for the last one).
    while (!line.empty() && (line.back() == ',' || line.back() == ']' || line.back() == '\r'))
      line.pop_back();
    boost::property_tree::ptree event;
    try {
      std::istringstream text(line);
      boost::property_tree::read_json(text, event);
    } catch (const boost::property_tree::json_parser_error&) {
      continue;  // a line cut short
    }
    const int type = event.get<int>("type", -1);
    const long id = event.get<long>("source.id", -1);
    if (type == *preflight_type) {
      if (const auto dependency = event.get_optional<long>("params.source_dependency.id"))
        preflight_ids.insert(*dependency);
    } else if (type == *start_type) {
      netlog_request& r = requests[id];
      r.method = event.get<std::string>("params.method", "");
      r.url = event.get<std::string>("params.url", "");
    } else if (type == *headers_type && requests.count(id) != 0) {
      netlog_request& r = requests[id];
      r.response_headers.clear();
      for (const auto& [unused, header] : event.get_child("params.headers"))
        r.response_headers.push_back(header.data());
    }
  }
  std::vector<netlog_request> found;
  for (auto& [id, r] : requests) {
    r.preflight = preflight_ids.count(id) != 0;
    found.push_back(std::move(r));
  }
  return found;
}

}  // namespace cors::browser_tests
