#include "suite_run.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <list>
#include <map>
#include <mutex>
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
namespace http = boost::beast::http;
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

// Waits for the demo server's first line, "listening on http://127.0.0.1:PORT" (both demo
// servers print it).
std::optional<int> demo_server_port(child_process& demo, const fs::path& stdout_path) {
  constexpr std::string_view prefix = "listening on http://127.0.0.1:";
  for (auto deadline = std::chrono::steady_clock::now() + 15s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    const std::string out = read_file(stdout_path);
    if (const auto eol = out.find('\n'); eol != std::string::npos) {
      if (out.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
      return std::atoi(out.c_str() + prefix.size());
    }
    if (!demo.running()) return std::nullopt;
  }
  return std::nullopt;
}

// The hand-written server's answer: the same headers on every response; the body, like the
// demo server's, names the method and path.
http_response hand_written_answer(const cc::hand_written_server& server, int main_port,
                                  int other_port, const http_request& request) {
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

// The request, passed on to the demo server at 127.0.0.1:port, and its answer.
http_response forwarded(const http_request& request, int port) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  boost::beast::error_code ec;
  socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
  http_request copy = request;
  copy.keep_alive(false);
  http_response response;
  boost::beast::flat_buffer buffer;
  if (!ec) http::write(socket, copy, ec);
  if (!ec) http::read(socket, buffer, response, ec);
  if (ec) {
    response = http_response{http::status::bad_gateway, request.version()};
    response.body() = "the server under test did not answer: " + ec.message();
  }
  return response;
}

std::vector<std::string> header_lines(const http_response& r) {
  std::vector<std::string> lines = {"HTTP/1.1 " + std::to_string(r.result_int()) + " " +
                                    std::string(r.reason())};
  for (const auto& field : r)
    lines.push_back(std::string(field.name_string()) + ": " + std::string(field.value()));
  return lines;
}

// A policy's server under test: cors-demo-server (or cors-httplib-demo-server) with the policy's
// flags, or a hand-written one, behind a recorder on a port of its own that notes every exchange
// (the preflights the browser sent, and the answers as the server gave them).
class server_under_test {
 public:
  // Throws std::runtime_error, with the server's output, when it does not start.
  server_under_test(const cc::policy_case& policy, const run_options& options, int main_port,
                    int other_port, const fs::path& dir) {
    std::function<http_response(const http_request&)> answer;
    if (policy.hand_written) {
      answer = [&server = *policy.hand_written, main_port, other_port](const http_request& r) {
        return hand_written_answer(server, main_port, other_port, r);
      };
      description_ = "hand-written server";
    } else {
      const std::string& program = policy.served_by == cc::adapter::httplib
                                       ? options.httplib_demo_server
                                       : options.demo_server;
      std::vector<std::string> argv = {program, "--listen", "127.0.0.1:0"};
      for (std::string_view flag : policy.flags)
        argv.push_back(cc::expand_ports(flag, main_port, other_port));
      for (const std::string& a : argv) description_ += (description_.empty() ? "" : " ") + a;
      const fs::path out = dir / (std::string(policy.name) + ".demo.out");
      const fs::path err = dir / (std::string(policy.name) + ".demo.err");
      demo_.emplace(argv, out, err);
      const std::optional<int> port = demo_server_port(*demo_, out);
      if (!port) {
        demo_->stop(1s);
        throw std::runtime_error(program + " did not start (exit status " +
                                 std::to_string(demo_->exit_status()) + "): " + description_ +
                                 "\n" + read_file(out) + read_file(err));
      }
      answer = [port = *port](const http_request& r) { return forwarded(r, port); };
    }
    recorder_.emplace(1, [this, answer = std::move(answer)](const http_request& request) {
      http_response response = answer(request);
      recorded_exchange e;
      e.method = std::string(request.method_string());
      e.target = std::string(request.target());
      e.preflight = request.method() == http::verb::options &&
                    request.find("Access-Control-Request-Method") != request.end();
      e.response_headers = header_lines(response);
      std::lock_guard<std::mutex> lock(mutex_);
      exchanges_.push_back(std::move(e));
      return response;
    });
    origin_ = "http://127.0.0.1:" + std::to_string(recorder_->port(0));
    description_ += ", at " + origin_;
  }
  server_under_test(const server_under_test&) = delete;
  server_under_test& operator=(const server_under_test&) = delete;

  const std::string& origin() const { return origin_; }
  const std::string& description() const { return description_; }
  std::vector<recorded_exchange> exchanges() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return exchanges_;
  }

  void stop() {
    recorder_.reset();
    if (demo_) demo_->stop(2s);
  }

 private:
  std::optional<child_process> demo_;
  mutable std::mutex mutex_;
  std::vector<recorded_exchange> exchanges_;
  std::optional<http_server> recorder_;  // after what its handler uses
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

struct page_batch {
  const cc::policy_case* policy;
  std::string page_origin;
  std::vector<const cc::scenario*> scenarios;
};

// Per policy, consecutive pages per page origin, in the table's order of first appearance.
std::vector<page_batch> page_batches(const std::vector<selected_policy>& selected, int main_port,
                                     int other_port) {
  std::vector<page_batch> batches;
  for (const selected_policy& p : selected) {
    const std::size_t first = batches.size();
    for (const cc::scenario* s : p.scenarios) {
      const std::string origin = cc::page_origin(*s, main_port, other_port);
      auto batch = std::find_if(batches.begin() + static_cast<std::ptrdiff_t>(first), batches.end(),
                                [&](const page_batch& b) { return b.page_origin == origin; });
      if (batch == batches.end()) batch = batches.insert(batches.end(), {p.policy, origin, {}});
      batch->scenarios.push_back(s);
    }
  }
  return batches;
}

std::string key_of(const cc::policy_case& p, const cc::scenario& s) {
  return std::string(p.name) + "." + std::string(s.id);
}

}  // namespace

suite_run run_suite(cc::engine e, const std::vector<selected_policy>& selected,
                    const run_options& options) {
  suite_run run;
  const std::string engine_name(cc::to_string(e));
  std::string why_not;
  const std::optional<std::string> program = find_engine(e, why_not);
  if (!program) {
    (in_ci() ? run.failure : run.skip_reason) = why_not;
    return run;
  }
  if (selected.empty()) return run;

  std::string dir_template =
      (fs::temp_directory_path() / ("cors-browser-" + engine_name + "-XXXXXX")).string();
  if (::mkdtemp(dir_template.data()) == nullptr) {
    run.failure = "cannot create a temporary directory";
    return run;
  }
  const fs::path dir = dir_template;
  const bool keep = std::getenv("CORS_BROWSER_TESTS_KEEP") != nullptr;

  page_server pages;
  run.main_port = pages.main_port();
  run.other_port = pages.other_port();
  std::list<server_under_test> servers;
  std::map<const cc::policy_case*, server_under_test*> server_of;
  try {
    for (const selected_policy& p : selected) {
      server_under_test& server =
          servers.emplace_back(*p.policy, options, run.main_port, run.other_port, dir);
      server_of[p.policy] = &server;
      run.server_origin[std::string(p.policy->name)] = server.origin();
      std::cout << "[  policy  ] " << p.policy->name << ": " << server.description() << "\n";
    }
  } catch (const std::runtime_error& error) {
    run.failure = error.what();
    if (!keep) fs::remove_all(dir);
    return run;
  }
  std::cout << std::flush;

  const std::vector<page_batch> batches = page_batches(selected, run.main_port, run.other_port);
  std::vector<std::string> html;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    const std::string next =
        i + 1 < batches.size() ? batches[i + 1].page_origin + "/page/" + std::to_string(i + 1) : "";
    // Cross-origin from the page: the page server's port that the page is not on.
    const bool on_main = batches[i].page_origin.substr(batches[i].page_origin.rfind(':') + 1) ==
                         std::to_string(run.main_port);
    const std::string warm_up =
        "http://127.0.0.1:" + std::to_string(on_main ? run.other_port : run.main_port) + "/warm-up";
    html.push_back(test_page(*batches[i].policy, batches[i].scenarios,
                             server_of[batches[i].policy]->origin(), next, warm_up));
  }
  pages.set_pages(std::move(html));

  const auto started = std::chrono::steady_clock::now();
  const browser_launch how = launch(e, *program, dir, batches.front().page_origin + "/page/0");
  {
    child_process browser(how.command, dir / "browser.out", dir / "browser.err");
    constexpr auto budget = 240s;
    while (browser.running() && !pages.finished() &&
           std::chrono::steady_clock::now() - started < budget)
      std::this_thread::sleep_for(50ms);
    if (pages.finished()) {
      std::this_thread::sleep_for(how.settle);
    } else if (browser.running()) {
      run.failure = engine_name + " did not finish the pages within " +
                    std::to_string(std::chrono::seconds(budget).count()) + " s";
    } else {
      run.failure = engine_name + " exited (status " + std::to_string(browser.exit_status()) +
                    ") before the pages finished";
    }
    browser.stop(3s);
  }
  std::size_t scenario_count = 0;
  for (const selected_policy& p : selected) scenario_count += p.scenarios.size();
  std::cout << "[  engine  ] " << engine_name << " ran " << scenario_count << " scenario(s) in "
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
    } catch (const boost::property_tree::ptree_error& error) {
      run.failure += std::string("\nunreadable result from the page: ") + error.what();
    }
  }
  const std::string out = read_file(dir / "browser.out");
  const std::string err = read_file(dir / "browser.err");
  const std::vector<console_entry> console = console_entries(e, out, err);
  for (const selected_policy& p : selected) {
    const server_under_test& server = *server_of[p.policy];
    const std::vector<recorded_exchange> exchanges = server.exchanges();
    for (const cc::scenario* s : p.scenarios) {
      const auto o = run.observed.find(key_of(*p.policy, *s));
      if (o == run.observed.end()) continue;
      const std::string path = cc::request_path(*p.policy, *s);
      for (const console_entry& c : console)
        if (c.url == server.origin() + path) o->second.console.push_back(c);
      for (const recorded_exchange& x : exchanges) {
        if (x.target != path) continue;
        if (x.preflight) {
          ++o->second.preflights;
          o->second.preflight_response = x.response_headers;
        } else if (o->second.response.empty()) {
          o->second.response = x.response_headers;
        }
      }
    }
  }
  // The same requests from cors-doctor, while the servers still run.
  if (options.doctor) {
    std::vector<std::vector<std::string>> commands;
    std::vector<observation*> asked_for;
    for (const selected_policy& p : selected)
      for (const cc::scenario* s : p.scenarios)
        if (const auto o = run.observed.find(key_of(*p.policy, *s)); o != run.observed.end()) {
          commands.push_back(doctor_command(
              *options.doctor, server_of[p.policy]->origin() + cc::request_path(*p.policy, *s),
              cc::request_origin(*s, run.main_port, run.other_port), *s, e));
          asked_for.push_back(&o->second);
        }
    std::vector<doctor_verdict> verdicts = ask_doctor(std::move(commands), dir);
    for (std::size_t i = 0; i < verdicts.size(); ++i) asked_for[i]->doctor = std::move(verdicts[i]);
  }
  for (server_under_test& server : servers) server.stop();

  if (!run.failure.empty())
    run.failure += "\n" + engine_name + "'s output:\n" + out.substr(0, 3000) + err.substr(0, 3000);
  if (keep)
    std::cout << "[  engine  ] " << engine_name << ": logs kept in " << dir << std::endl;
  else
    fs::remove_all(dir);
  return run;
}

}  // namespace cors::browser_tests
