#include "policy_run.hpp"

#include <stdlib.h>

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "child_process.hpp"
#include "http_server.hpp"
#include "page_server.hpp"
#include "test_page.hpp"

namespace cors::browser_tests {

namespace cc = conformance;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string_view(ci) != "false";
}

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Waits for the demo server's first line, "listening on http://127.0.0.1:PORT".
std::optional<std::string> demo_server_origin(child_process& demo,
                                              const std::filesystem::path& stdout_path) {
  constexpr std::string_view prefix = "listening on ";
  for (auto deadline = std::chrono::steady_clock::now() + 15s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    const std::string out = read_file(stdout_path);
    if (const auto eol = out.find('\n'); eol != std::string::npos) {
      if (out.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
      return out.substr(prefix.size(), eol - prefix.size());
    }
    if (!demo.running()) return std::nullopt;
  }
  return std::nullopt;
}

// The hand-written server's answer: the same headers on every response; the body, like the
// demo server's, names the method and path.
http_response hand_written_answer(const cc::hand_written_server& server, int main_port,
                                  int other_port, const http_request& request) {
  namespace http = boost::beast::http;
  const bool options = request.method() == http::verb::options;
  http_response response{
      options ? static_cast<http::status>(server.options_status) : http::status::ok,
      request.version()};
  for (const cc::request_header& h : server.headers)
    response.insert(std::string(h.name), cc::expand_ports(h.value, main_port, other_port));
  if (!options) {
    response.set(http::field::content_type, "application/json");
    response.body() = "{\"method\":" + js_string(std::string(request.method_string())) +
                      ",\"path\":" + js_string(std::string(request.target())) + "}";
  }
  return response;
}

// The server a policy's scenarios are sent to: cors-demo-server with the policy's flags, or a
// hand-written one.
class server_under_test {
 public:
  // Throws std::runtime_error, with the server's output, when it does not start.
  server_under_test(const cc::policy_case& policy, const std::string& demo_server, int main_port,
                    int other_port, const fs::path& dir) {
    if (policy.hand_written) {
      hand_written_.emplace(
          1, [&server = *policy.hand_written, main_port, other_port](const http_request& request) {
            return hand_written_answer(server, main_port, other_port, request);
          });
      origin_ = "http://127.0.0.1:" + std::to_string(hand_written_->port(0));
      description_ = "hand-written server at " + origin_;
      return;
    }
    std::vector<std::string> argv = {demo_server, "--listen", "127.0.0.1:0"};
    for (std::string_view flag : policy.flags)
      argv.push_back(cc::expand_ports(flag, main_port, other_port));
    for (const std::string& a : argv) description_ += (description_.empty() ? "" : " ") + a;
    demo_.emplace(argv, dir / "demo.out", dir / "demo.err");
    const std::optional<std::string> origin = demo_server_origin(*demo_, dir / "demo.out");
    if (!origin) {
      demo_->stop(1s);
      throw std::runtime_error("cors-demo-server did not start (exit status " +
                               std::to_string(demo_->exit_status()) + "): " + description_ + "\n" +
                               read_file(dir / "demo.out") + read_file(dir / "demo.err"));
    }
    origin_ = *origin;
  }

  const std::string& origin() const { return origin_; }
  const std::string& description() const { return description_; }

  void stop() {
    if (demo_) demo_->stop(2s);
    hand_written_.reset();
  }

 private:
  std::optional<child_process> demo_;
  std::optional<http_server> hand_written_;
  std::string origin_;
  std::string description_;
};

// What the page posted for one scenario: every repeat must resolve for it to be allowed.
observation observe(const boost::property_tree::ptree& result) {
  observation o;
  o.allowed = true;
  bool first_ok = true;
  for (const auto& [unused, attempt] : result.get_child("attempts")) {
    if (attempt.get<bool>("ok", false)) {
      o.status = attempt.get<int>("status", 0);
      if (first_ok) {
        for (const auto& [unused2, name] : attempt.get_child("headers"))
          o.readable_headers.push_back(name.data());
        o.body = attempt.get<std::string>("body", "");
        first_ok = false;
      }
    } else {
      o.allowed = false;
      if (o.error.empty()) o.error = attempt.get<std::string>("error", "");
    }
  }
  return o;
}

// Consecutive pages per page origin, in the table's order of first appearance.
std::vector<std::pair<std::string, std::vector<const cc::scenario*>>> page_batches(
    const std::vector<const cc::scenario*>& selected, int main_port, int other_port) {
  std::vector<std::pair<std::string, std::vector<const cc::scenario*>>> batches;
  for (const cc::scenario* s : selected) {
    const std::string origin = cc::page_origin(*s, main_port, other_port);
    auto batch = std::find_if(batches.begin(), batches.end(),
                              [&](const auto& b) { return b.first == origin; });
    if (batch == batches.end()) batch = batches.insert(batches.end(), {origin, {}});
    batch->second.push_back(s);
  }
  return batches;
}

// Reads what the pages posted, Chromium's console messages and its net-log into `run`.
void collect(policy_run& run, const cc::policy_case& policy,
             const std::vector<const cc::scenario*>& selected, const page_server& pages,
             const std::string& log, const fs::path& netlog) {
  for (const std::string& posted : pages.results()) {
    boost::property_tree::ptree result;
    try {
      std::istringstream text(posted);
      boost::property_tree::read_json(text, result);
      run.observed[result.get<std::string>("id")] = observe(result);
    } catch (const boost::property_tree::ptree_error& e) {
      run.failure += std::string("\nunreadable result from the page: ") + e.what();
    }
  }
  const std::vector<netlog_request> requests = requests_in_netlog(netlog.string());
  const std::vector<blocked_fetch> blocked = blocked_fetches(log);
  for (const cc::scenario* s : selected) {
    const auto o = run.observed.find(std::string(s->id));
    if (o == run.observed.end()) continue;
    const std::string url = run.server_origin + cc::request_path(policy, *s);
    const auto b = std::find_if(blocked.begin(), blocked.end(),
                                [&](const blocked_fetch& f) { return f.url == url; });
    if (b != blocked.end()) o->second.console = *b;
    for (const netlog_request& r : requests) {
      if (r.url != url) continue;
      if (r.preflight) {
        ++o->second.preflights;
        o->second.preflight_response = r.response_headers;
      } else if (o->second.response.empty()) {
        o->second.response = r.response_headers;
      }
    }
  }
}

}  // namespace

policy_run run_policy(const cc::policy_case& policy,
                      const std::vector<const cc::scenario*>& selected,
                      const run_options& options) {
  policy_run run;
  const std::optional<std::string> browser = find_chromium();
  if (!browser) {
    const std::string why =
        "no Chromium: install Debian's `chromium` (bash .ci/install-deps) or set "
        "CORS_TEST_CHROMIUM to a Chromium binary";
    (in_ci() ? run.failure : run.skip_reason) = why;
    return run;
  }
  if (selected.empty()) return run;

  std::string dir_template =
      (fs::temp_directory_path() / ("cors-browser-" + std::string(policy.name) + "-XXXXXX"))
          .string();
  if (::mkdtemp(dir_template.data()) == nullptr) {
    run.failure = "cannot create a temporary directory";
    return run;
  }
  const fs::path dir = dir_template;
  const bool keep = std::getenv("CORS_BROWSER_TESTS_KEEP") != nullptr;
  const auto clean_up = [&] {
    if (keep)
      std::cout << "[  policy  ] " << policy.name << ": logs kept in " << dir << std::endl;
    else
      fs::remove_all(dir);
  };

  page_server pages;
  run.main_port = pages.main_port();
  run.other_port = pages.other_port();
  std::optional<server_under_test> server;
  try {
    server.emplace(policy, options.demo_server, run.main_port, run.other_port, dir);
  } catch (const std::runtime_error& e) {
    run.failure = e.what();
    clean_up();
    return run;
  }
  run.server_origin = server->origin();
  std::cout << "[  policy  ] " << policy.name << ": " << server->description() << std::endl;

  const auto batches = page_batches(selected, run.main_port, run.other_port);
  std::vector<std::string> html;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    const std::string next =
        i + 1 < batches.size() ? batches[i + 1].first + "/page/" + std::to_string(i + 1) : "";
    html.push_back(test_page(policy, batches[i].second, run.server_origin, next));
  }
  pages.set_pages(std::move(html));

  const auto started = std::chrono::steady_clock::now();
  child_process chromium(
      chromium_command(*browser, (dir / "profile").string(), (dir / "netlog.json").string(),
                       batches.front().first + "/page/0"),
      dir / "chromium.out", dir / "chromium.err");
  constexpr auto budget = 90s;
  while (chromium.running() && std::chrono::steady_clock::now() - started < budget)
    std::this_thread::sleep_for(50ms);
  if (chromium.running()) {
    run.failure = "Chromium did not finish the pages within " +
                  std::to_string(std::chrono::seconds(budget).count()) + " s";
  } else if (!pages.finished()) {
    run.failure = "Chromium exited (status " + std::to_string(chromium.exit_status()) +
                  ") before the pages finished";
  }
  chromium.stop(3s);
  // The same requests from cors-doctor, while the server still runs.
  std::map<std::string_view, doctor_verdict> doctor_verdicts;
  if (options.doctor) {
    for (const cc::scenario* s : selected)
      doctor_verdicts[s->id] = ask_doctor(
          doctor_command(*options.doctor, run.server_origin + cc::request_path(policy, *s),
                         cc::request_origin(*s, run.main_port, run.other_port), *s),
          dir);
  }
  server->stop();
  std::cout << "[  policy  ] " << policy.name << ": Chromium ran " << selected.size()
            << " scenario(s) in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count()
            << " ms" << std::endl;

  const std::string log = read_file(dir / "chromium.err");
  collect(run, policy, selected, pages, log, dir / "netlog.json");
  for (auto& [id, verdict] : doctor_verdicts) {
    if (const auto o = run.observed.find(std::string(id)); o != run.observed.end())
      o->second.doctor = std::move(verdict);
  }
  if (!run.failure.empty()) run.failure += "\nChromium's log:\n" + log.substr(0, 4000);
  clean_up();
  return run;
}

}  // namespace cors::browser_tests
