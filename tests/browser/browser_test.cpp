// Headless Chromium judges every policy in scenarios.hpp. For each policy, one run: start
// cors-demo-server with the policy's flags, serve pages from two other loopback ports, and let
// one Chromium run every selected scenario's fetch() from its page origin. Then each scenario is
// a test comparing what the browser allowed or blocked, the console message it logged, the
// headers the page could read and the preflights it sent with what the table says.
#include <gtest/gtest.h>
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
#include <thread>

#include "child_process.hpp"
#include "chromium.hpp"
#include "http_server.hpp"
#include "page_server.hpp"
#include "scenarios.hpp"

#ifndef CORS_DEMO_SERVER
#error "CORS_DEMO_SERVER must name the cors-demo-server executable"
#endif

namespace {

namespace cc = cors::conformance;
namespace cb = cors::browser_tests;
using namespace std::chrono_literals;

// What the browser did with one scenario.
struct observation {
  bool allowed = false;  // every repeat resolved
  int status = 0;
  std::vector<std::string> readable_headers;  // as the page's Headers object lists them
  std::string body;
  std::string error;  // the page's view of a blocked fetch: "TypeError: Failed to fetch"
  std::optional<cb::blocked_fetch> console;
  int preflights = 0;
};

struct policy_run {
  std::string skip_reason;  // no browser on a developer's machine
  std::string failure;      // the run itself failed; every scenario reports it
  std::string api_origin;
  int main_port = 0;
  int other_port = 0;
  std::map<std::string, observation> observed;  // by scenario id
};

// Set when a scenario was skipped for want of a browser: the binary then exits with
// skipped_exit_status, which ctest reports as a skip rather than a pass.
bool skipped_without_browser = false;
constexpr int skipped_exit_status = 77;

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string_view(ci) != "false";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A JavaScript (JSON) string literal.
std::string js_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || c == '<') {  // '<': no "</script>" inside the page's script
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// One page per page origin: it runs its scenarios in order, posts each result, then goes on to
// the next origin's page; the last one closes the browser, which then exits cleanly.
std::string page_html(const cc::policy_case& policy,
                      const std::vector<const cc::scenario*>& scenarios,
                      const std::string& api_origin, const std::string& next_page) {
  std::string specs;
  for (const cc::scenario* s : scenarios) {
    std::string headers;
    for (const cc::request_header& h : s->headers)
      headers +=
          (headers.empty() ? "[" : ",[") + js_string(h.name) + "," + js_string(h.value) + "]";
    specs += "{id:" + js_string(s->id) +
             ",url:" + js_string(api_origin + cc::request_path(policy, *s)) +
             ",method:" + js_string(s->method) + ",headers:[" + headers +
             "],credentials:" + js_string(cc::to_string(s->credentials)) +
             ",body:" + (s->body ? js_string(*s->body) : std::string("null")) +
             ",repeat:" + std::to_string(s->repeat) +
             ",sandboxed:" + (s->sandboxed ? "true" : "false") + "},\n";
  }
  return R"(<!doctype html>
<meta charset="utf-8">
<title>cors browser conformance</title>
<body>
<script>
const scenarios = [
)" + specs +
         R"(];
const next = )" +
         (next_page.empty() ? std::string("null") : js_string(next_page)) + R"(;

async function attempt(s) {
  const init = {method: s.method, headers: s.headers, credentials: s.credentials};
  if (s.body !== null) init.body = s.body;
  try {
    const response = await fetch(s.url, init);
    const body = await response.text();
    return {ok: true, status: response.status, headers: [...response.headers.keys()], body};
  } catch (e) {
    return {ok: false, error: String(e)};
  }
}

// The same attempt from a sandboxed frame, whose origin is opaque ("null").
function attemptSandboxed(s) {
  return new Promise(resolve => {
    const frame = document.createElement('iframe');
    frame.sandbox = 'allow-scripts';
    const onMessage = e => {
      if (e.source !== frame.contentWindow) return;
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(e.data);
    };
    window.addEventListener('message', onMessage);
    frame.srcdoc = '<script>' + attempt.toString() + '; attempt(' + JSON.stringify(s) +
        ').then(r => parent.postMessage(r, "*"));</' + 'script>';
    document.body.appendChild(frame);
  });
}

(async () => {
  for (const s of scenarios) {
    const attempts = [];
    for (let i = 0; i < s.repeat; ++i)
      attempts.push(await (s.sandboxed ? attemptSandboxed(s) : attempt(s)));
    await fetch('/result', {method: 'POST', body: JSON.stringify({id: s.id, attempts})});
  }
  if (next !== null) {
    location.replace(next);
  } else {
    await fetch('/finished', {method: 'POST'});
    window.close();
  }
})();
</script>
)";
}

// Waits for the demo server's first line, "listening on http://127.0.0.1:PORT".
std::optional<std::string> demo_server_origin(cb::child_process& demo,
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

// The hand-written server's answer: the same headers on every response; the body, like the
// demo server's, names the method and path.
cb::http_response hand_written_answer(const cc::hand_written_server& server, int main_port,
                                      int other_port, const cb::http_request& request) {
  namespace http = boost::beast::http;
  const bool options = request.method() == http::verb::options;
  cb::http_response response{
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

policy_run run_policy(const cc::policy_case& policy,
                      const std::vector<const cc::scenario*>& selected) {
  policy_run run;
  const std::optional<std::string> browser = cb::find_chromium();
  if (!browser) {
    const std::string why =
        "no Chromium: install Debian's `chromium` (bash .ci/install-deps) or set "
        "CORS_TEST_CHROMIUM to a Chromium binary";
    (in_ci() ? run.failure : run.skip_reason) = why;
    return run;
  }

  std::string dir_template = (std::filesystem::temp_directory_path() /
                              ("cors-browser-" + std::string(policy.name) + "-XXXXXX"))
                                 .string();
  if (::mkdtemp(dir_template.data()) == nullptr) {
    run.failure = "cannot create a temporary directory";
    return run;
  }
  const std::filesystem::path dir = dir_template;

  cb::page_server pages;
  const int main_port = run.main_port = pages.main_port();
  const int other_port = run.other_port = pages.other_port();

  // The server under test: cors-demo-server with the policy's flags, or a hand-written one.
  std::optional<cb::child_process> demo;
  std::optional<cb::http_server> hand_written;
  if (policy.hand_written) {
    hand_written.emplace(1, [&server = *policy.hand_written, main_port,
                             other_port](const cb::http_request& request) {
      return hand_written_answer(server, main_port, other_port, request);
    });
    run.api_origin = "http://127.0.0.1:" + std::to_string(hand_written->port(0));
    std::cout << "[  policy  ] " << policy.name << ": hand-written server at " << run.api_origin
              << std::endl;
  } else {
    std::vector<std::string> argv = {CORS_DEMO_SERVER, "--listen", "127.0.0.1:0"};
    for (std::string_view flag : policy.flags)
      argv.push_back(cc::expand_ports(flag, main_port, other_port));
    std::string command_line;
    for (const std::string& a : argv) command_line += (command_line.empty() ? "" : " ") + a;
    std::cout << "[  policy  ] " << policy.name << ": " << command_line << std::endl;
    demo.emplace(argv, dir / "demo.out", dir / "demo.err");
    const std::optional<std::string> api = demo_server_origin(*demo, dir / "demo.out");
    if (!api) {
      demo->stop(1s);
      run.failure = "cors-demo-server did not start (exit status " +
                    std::to_string(demo->exit_status()) + "): " + command_line + "\n" +
                    read_file(dir / "demo.out") + read_file(dir / "demo.err");
      std::filesystem::remove_all(dir);
      return run;
    }
    run.api_origin = *api;
  }

  // Consecutive pages per page origin, in the table's order of first appearance.
  std::vector<std::pair<std::string, std::vector<const cc::scenario*>>> batches;
  for (const cc::scenario* s : selected) {
    const std::string origin = cc::page_origin(*s, main_port, other_port);
    auto batch = std::find_if(batches.begin(), batches.end(),
                              [&](const auto& b) { return b.first == origin; });
    if (batch == batches.end()) batch = batches.insert(batches.end(), {origin, {}});
    batch->second.push_back(s);
  }
  std::vector<std::string> html;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    const std::string next =
        i + 1 < batches.size() ? batches[i + 1].first + "/page/" + std::to_string(i + 1) : "";
    html.push_back(page_html(policy, batches[i].second, run.api_origin, next));
  }
  pages.set_pages(std::move(html));

  const auto started = std::chrono::steady_clock::now();
  cb::child_process chromium(
      cb::chromium_command(*browser, (dir / "profile").string(), (dir / "netlog.json").string(),
                           batches.front().first + "/page/0"),
      dir / "chromium.out", dir / "chromium.err");
  // The last page closes the browser; it then exits by itself, its logs complete.
  constexpr auto budget = 90s;
  while (chromium.running() && std::chrono::steady_clock::now() - started < budget)
    std::this_thread::sleep_for(50ms);
  const bool finished = pages.finished();
  if (chromium.running()) {
    run.failure = "Chromium did not finish the pages within " +
                  std::to_string(std::chrono::seconds(budget).count()) + " s";
  } else if (!finished) {
    run.failure = "Chromium exited (status " + std::to_string(chromium.exit_status()) +
                  ") before the pages finished";
  }
  chromium.stop(3s);
  if (demo) demo->stop(2s);
  hand_written.reset();
  std::cout << "[  policy  ] " << policy.name << ": Chromium ran " << selected.size()
            << " scenario(s) in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count()
            << " ms" << std::endl;

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
  const std::string log = read_file(dir / "chromium.err");
  const std::map<std::string, int> preflights = cb::preflights_per_url(dir / "netlog.json");
  const std::vector<cb::blocked_fetch> blocked = cb::blocked_fetches(log);
  for (const cc::scenario* s : selected) {
    const auto o = run.observed.find(std::string(s->id));
    if (o == run.observed.end()) continue;
    const std::string url = run.api_origin + cc::request_path(policy, *s);
    const auto b = std::find_if(blocked.begin(), blocked.end(),
                                [&](const cb::blocked_fetch& f) { return f.url == url; });
    if (b != blocked.end()) o->second.console = *b;
    if (const auto p = preflights.find(url); p != preflights.end())
      o->second.preflights = p->second;
  }

  if (run.failure.empty() || std::getenv("CORS_BROWSER_TESTS_KEEP") == nullptr) {
    std::filesystem::remove_all(dir);
  } else {
    std::cout << "[  policy  ] logs kept in " << dir << std::endl;
  }
  if (!run.failure.empty()) run.failure += "\nChromium's log:\n" + log.substr(0, 4000);
  return run;
}

const cc::policy_case* find_policy(std::string_view name) {
  for (const cc::policy_case& p : cc::policy_cases())
    if (p.name == name) return &p;
  return nullptr;
}

// One test suite per policy; its browser run is made once, for the scenarios the filter selects.
class browser_policy : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    const cc::policy_case* policy = find_policy(suite->name());
    std::vector<const cc::scenario*> selected;
    for (int i = 0; i < suite->total_test_count(); ++i) {
      const ::testing::TestInfo* test = suite->GetTestInfo(i);
      if (!test->should_run()) continue;
      for (const cc::scenario& s : policy->scenarios)
        if (s.id == test->name()) selected.push_back(&s);
    }
    run_ = std::make_unique<policy_run>(run_policy(*policy, selected));
  }
  static void TearDownTestSuite() { run_.reset(); }

 protected:
  static std::unique_ptr<policy_run> run_;
};

std::unique_ptr<policy_run> browser_policy::run_;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class browser_scenario : public browser_policy {
 public:
  browser_scenario(const cc::policy_case& policy, const cc::scenario& scenario)
      : policy_(policy), scenario_(scenario) {}

  void TestBody() override {
    const cc::scenario& s = scenario_;
    if (!run_->skip_reason.empty()) {
      std::cerr << "\n*** BROWSER TESTS SKIPPED: " << run_->skip_reason << " ***\n\n";
      skipped_without_browser = true;
      GTEST_SKIP() << run_->skip_reason;
    }
    ASSERT_TRUE(run_->failure.empty()) << run_->failure;
    const auto found = run_->observed.find(std::string(s.id));
    ASSERT_NE(found, run_->observed.end()) << "the page reported no result for " << s.id;
    const observation& o = found->second;
    const std::string url = run_->api_origin + cc::request_path(policy_, s);
    SCOPED_TRACE(std::string(s.description) + " — " + std::string(s.method) + " " + url);

    std::cout << "[ chromium ] " << (o.allowed ? "allowed" : "blocked");
    if (o.allowed)
      std::cout << ", status " << o.status << ", readable headers: " << joined(o.readable_headers);
    std::cout << ", preflights: " << o.preflights << "\n";
    if (o.console) {
      std::cout << "[ chromium ] " << o.console->line << "\n";
      RecordProperty("chromium_message", o.console->message);
    }
    if (!s.spec_difference.empty()) {
      std::cout << "[ chromium ] differs from the Fetch Standard: " << s.spec_difference << "\n";
      RecordProperty("spec_difference", std::string(s.spec_difference));
    }
    std::cout << std::flush;

    EXPECT_EQ(o.allowed, s.allowed)
        << (o.allowed ? "the browser allowed it" : "the browser blocked it: " + o.error);
    if (s.allowed && o.allowed) {
      EXPECT_EQ(o.status, s.status);
      if (s.status == 200) {
        // The application's own answer: it names the method and the path it received.
        boost::property_tree::ptree body;
        std::istringstream text(o.body);
        ASSERT_NO_THROW(boost::property_tree::read_json(text, body)) << o.body;
        EXPECT_EQ(body.get<std::string>("method", ""), s.method) << o.body;
        EXPECT_EQ(body.get<std::string>("path", ""), cc::request_path(policy_, s)) << o.body;
      }
      const auto readable = [&o](std::string_view name) {
        return std::find(o.readable_headers.begin(), o.readable_headers.end(), name) !=
               o.readable_headers.end();
      };
      for (std::string_view name : s.readable_headers)
        EXPECT_TRUE(readable(name))
            << name << " should be readable; readable: " << joined(o.readable_headers);
      for (std::string_view name : s.hidden_headers)
        EXPECT_FALSE(readable(name))
            << name << " should be hidden; readable: " << joined(o.readable_headers);
    }
    if (!s.allowed && !o.allowed) {
      ASSERT_TRUE(o.console.has_value()) << "no CORS console message for " << url;
      const std::optional<cc::failing_check> named = cc::check_named_by(o.console->message);
      EXPECT_EQ(named ? cc::to_string(*named) : "no known", cc::to_string(s.check))
          << "check named by: " << o.console->message;
      EXPECT_EQ(o.console->message, cc::expand_ports(s.message, run_->main_port, run_->other_port));
      EXPECT_EQ(o.console->origin, cc::request_origin(s, run_->main_port, run_->other_port));
    }
    if (s.allowed && o.console) {
      ADD_FAILURE() << "unexpected console message: " << o.console->line;
    }
    if (s.preflights >= 0) {
      EXPECT_EQ(o.preflights, s.preflights) << "preflights sent";
    }
  }

 private:
  const cc::policy_case& policy_;
  const cc::scenario& scenario_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (const cc::policy_case& policy : cc::policy_cases()) {
    for (const cc::scenario& s : policy.scenarios) {
      ::testing::RegisterTest(
          std::string(policy.name).c_str(), std::string(s.id).c_str(), nullptr, nullptr, __FILE__,
          __LINE__, [&policy, &s]() -> browser_policy* { return new browser_scenario(policy, s); });
    }
  }
  const int status = RUN_ALL_TESTS();
  return status == 0 && skipped_without_browser ? skipped_exit_status : status;
}
