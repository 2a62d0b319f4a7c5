// Three browser engines judge every policy in scenarios.hpp: Chromium, Firefox ESR and WebKitGTK.
// Per engine, one run: start every policy's server under test, serve the test pages from two
// other loopback ports, and let one browser go through every selected scenario's fetch() from
// its page origin. Then each scenario is a test comparing what the browser allowed or blocked,
// the console message it logged, the headers the page could read and the preflights it sent
// with what the table says.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#include "scenarios.hpp"
#include "suite_run.hpp"

#ifndef CORS_DEMO_SERVER
#error "CORS_DEMO_SERVER must name the cors-demo-server executable"
#endif

namespace {

namespace cc = cors::conformance;
namespace cb = cors::browser_tests;

// Set when a scenario was skipped for want of a browser: the binary then exits with
// skipped_exit_status, which ctest reports as a skip rather than a pass.
bool skipped_without_browser = false;
constexpr int skipped_exit_status = 77;

// cors-demo-server and cors-httplib-demo-server, and cors-doctor when it is built (or named by
// $CORS_TEST_DOCTOR).
cb::run_options options() {
  cb::run_options o;
  o.demo_server = CORS_DEMO_SERVER;
#ifdef CORS_HTTPLIB_DEMO_SERVER
  o.httplib_demo_server = CORS_HTTPLIB_DEMO_SERVER;
#endif
#ifdef CORS_DOCTOR
  o.doctor = CORS_DOCTOR;
#endif
  if (const char* doctor = std::getenv("CORS_TEST_DOCTOR"); doctor != nullptr && *doctor != '\0')
    o.doctor = doctor;
  if (o.doctor == "none") o.doctor.reset();  // the browsers alone
  return o;
}

// Every policy of the table, and those given as flags again through cpp-httplib when
// cors-httplib-demo-server is built (the table's own test requires it in CI).
const std::vector<const cc::policy_case*>& served_policies() {
  static const std::vector<const cc::policy_case*> all = [] {
    std::vector<const cc::policy_case*> out;
    for (const cc::policy_case& p : cc::policy_cases()) out.push_back(&p);
#ifdef CORS_HTTPLIB_DEMO_SERVER
    for (const cc::policy_case& p : cc::httplib_policy_cases()) out.push_back(&p);
#endif
    return out;
  }();
  return all;
}

std::optional<cc::engine> engine_named(std::string_view name) {
  for (const cc::engine e : cc::all_engines)
    if (cc::to_string(e) == name) return e;
  return std::nullopt;
}

// One test suite per engine, whose tests are "<policy>.<scenario>"; its browser run is made
// once, for the scenarios the filter selects.
class browser_engine : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    engine_ = *engine_named(suite->name());
    std::vector<cb::selected_policy> selected;
    for (const cc::policy_case* p : served_policies()) {
      cb::selected_policy chosen{p, {}};
      for (const cc::scenario& s : p->scenarios) {
        const std::string name = std::string(p->name) + "." + std::string(s.id);
        for (int i = 0; i < suite->total_test_count(); ++i)
          if (suite->GetTestInfo(i)->should_run() && suite->GetTestInfo(i)->name() == name)
            chosen.scenarios.push_back(&s);
      }
      if (!chosen.scenarios.empty()) selected.push_back(std::move(chosen));
    }
    run_ = std::make_unique<cb::suite_run>(cb::run_suite(engine_, selected, options()));
  }
  static void TearDownTestSuite() { run_.reset(); }

 protected:
  static cc::engine engine_;
  static std::unique_ptr<cb::suite_run> run_;
};

cc::engine browser_engine::engine_ = cc::engine::chromium;
std::unique_ptr<cb::suite_run> browser_engine::run_;

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// Whether response header lines ("Name: value", after the status line) include `lower_name`.
bool has_header(const std::vector<std::string>& response, std::string_view lower_name) {
  for (std::size_t i = 1; i < response.size(); ++i) {
    const std::string_view line = response[i];
    if (line.size() <= lower_name.size() || line[lower_name.size()] != ':') continue;
    bool same = true;
    for (std::size_t k = 0; k < lower_name.size() && same; ++k)
      same = std::tolower(static_cast<unsigned char>(line[k])) == lower_name[k];
    if (same) return true;
  }
  return false;
}

class browser_scenario : public browser_engine {
 public:
  browser_scenario(const cc::policy_case& policy, const cc::scenario& scenario)
      : policy_(policy), scenario_(scenario) {}

  void TestBody() override {
    if (!run_->skip_reason.empty()) {
      std::cerr << "\n*** BROWSER TESTS SKIPPED: " << run_->skip_reason << " ***\n\n";
      skipped_without_browser = true;
      GTEST_SKIP() << run_->skip_reason;
    }
    ASSERT_TRUE(run_->failure.empty()) << run_->failure;
    const std::string key = std::string(policy_.name) + "." + std::string(scenario_.id);
    const auto found = run_->observed.find(key);
    ASSERT_NE(found, run_->observed.end()) << "the page reported no result for " << key;
    const cb::observation& o = found->second;
    SCOPED_TRACE(std::string(scenario_.description) + " — " + std::string(scenario_.method) + " " +
                 run_->server_origin[std::string(policy_.name)] +
                 cc::request_path(policy_, scenario_));
    report(o);

    EXPECT_EQ(o.allowed, scenario_.allowed)
        << (o.allowed ? "the browser allowed it" : "the browser blocked it: " + o.error);
    if (scenario_.allowed && o.allowed) check_allowed(o);
    if (!scenario_.allowed && !o.allowed) check_blocked(o);
    if (const int preflights = scenario_.preflights_in(engine_); preflights >= 0) {
      EXPECT_EQ(o.preflights, preflights) << "preflights sent";
    }
    if (o.doctor) check_doctor_agrees(o, *o.doctor);
  }

 private:
  std::string tag() const {
    std::string name(cc::to_string(engine_));
    name.resize(8, ' ');
    return "[ " + name + " ] ";
  }

  // What the browser did, in the test's output (and the XML report).
  void report(const cb::observation& o) {
    std::cout << tag() << (o.allowed ? "allowed" : "blocked");
    if (o.allowed)
      std::cout << ", status " << o.status << ", readable headers: " << joined(o.readable_headers);
    std::cout << ", preflights: " << o.preflights << "\n";
    for (const cb::console_entry& c : o.console) std::cout << tag() << c.line << "\n";
    if (!o.console.empty()) {
      RecordProperty("console_message", o.console.front().message);
      const auto& answer = o.preflight_response.empty() ? o.response : o.preflight_response;
      std::cout << "[  server  ] " << (o.preflight_response.empty() ? "answer" : "preflight answer")
                << ": " << joined(answer, " | ") << "\n";
    }
    if (policy_.served_by == cc::adapter::httplib && scenario_.status_on_httplib != 0)
      std::cout << "[ httplib  ] status " << scenario_.status_on_httplib << ", not "
                << scenario_.status << ": " << scenario_.why_on_httplib << "\n";
    if (const cc::scenario::engine_difference* d = scenario_.difference_in(engine_))
      std::cout << tag() << "differs from the other engines: " << d->reason << "\n";
    if (const std::string_view spec = scenario_.spec_difference_in(engine_); !spec.empty()) {
      std::cout << tag() << "differs from the Fetch Standard: " << spec << "\n";
      RecordProperty("spec_difference", std::string(spec));
    }
    std::cout << std::flush;
  }

  // The console entries that block (not warnings).
  static std::vector<const cb::console_entry*> errors(const cb::observation& o) {
    std::vector<const cb::console_entry*> found;
    for (const cb::console_entry& c : o.console)
      if (!c.warning) found.push_back(&c);
    return found;
  }

  // The status the page must read: cpp-httplib's own where it answers before the application.
  int expected_status() const {
    const bool on_httplib = policy_.served_by == cc::adapter::httplib;
    return on_httplib && scenario_.status_on_httplib != 0 ? scenario_.status_on_httplib
                                                          : scenario_.status;
  }

  void check_allowed(const cb::observation& o) {
    EXPECT_EQ(o.status, expected_status());
    if (expected_status() == 200) {
      // The application's own answer: it names the method and the path it received.
      boost::property_tree::ptree body;
      std::istringstream text(o.body);
      ASSERT_NO_THROW(boost::property_tree::read_json(text, body)) << o.body;
      EXPECT_EQ(body.get<std::string>("method", ""), scenario_.method) << o.body;
      EXPECT_EQ(body.get<std::string>("path", ""), cc::request_path(policy_, scenario_)) << o.body;
    }
    const auto readable = [&o](std::string_view name) {
      return std::find(o.readable_headers.begin(), o.readable_headers.end(), name) !=
             o.readable_headers.end();
    };
    for (std::string_view name : scenario_.readable_headers)
      EXPECT_TRUE(readable(name)) << name << " should be readable; readable: "
                                  << joined(o.readable_headers);
    for (std::string_view name : scenario_.hidden_headers) {
      // Hidden by the browser, not merely absent.
      EXPECT_TRUE(has_header(o.response, name))
          << name << " was not sent: " << joined(o.response, " | ");
      EXPECT_FALSE(readable(name))
          << name << " should be hidden; readable: " << joined(o.readable_headers);
    }
    for (const cb::console_entry* c : errors(o))
      ADD_FAILURE() << "unexpected console message: " << c->line;
    // Warnings, exactly as the table expects them.
    std::vector<std::string> warnings;
    for (const cb::console_entry& c : o.console)
      if (c.warning) warnings.push_back(c.message);
    const std::string_view expected = scenario_.warning_in(engine_);
    EXPECT_EQ(joined(warnings, "\n"), std::string(expected)) << "console warnings";
  }

  // cors-doctor's verdict is the browser's, and when blocked it prints the engine's message.
  void check_doctor_agrees(const cb::observation& o, const cb::doctor_verdict& doctor) {
    std::cout << "[  doctor  ] " << joined(doctor.command, " ") << " -> exit status "
              << doctor.exit_status << std::endl;
    EXPECT_EQ(doctor.exit_status, o.allowed ? 0 : 1)
        << "cors-doctor disagrees with the browser, which " << (o.allowed ? "allowed" : "blocked")
        << " it:\n"
        << doctor.output;
    const std::vector<const cb::console_entry*> blocked = errors(o);
    if (!o.allowed && !blocked.empty()) {
      EXPECT_EQ(doctor.message, blocked.front()->message)
          << "cors-doctor does not print " << cc::to_string(engine_)
          << "'s message: " << blocked.front()->message << "\n"
          << doctor.output;
    }
  }

  void check_blocked(const cb::observation& o) {
    const std::vector<const cb::console_entry*> blocked = errors(o);
    ASSERT_FALSE(blocked.empty()) << "no CORS console message";
    // The first message names the failing check (Firefox adds "CORS request did not succeed"
    // after a failed preflight).
    const std::string& message = blocked.front()->message;
    const std::optional<cc::failing_check> named = cc::check_named_by(engine_, message);
    EXPECT_EQ(named ? cc::to_string(*named) : "no known",
              cc::to_string(scenario_.check_in(engine_)))
        << "check named by: " << message;
    const std::string origin = cc::request_origin(scenario_, run_->main_port, run_->other_port);
    EXPECT_EQ(message, cc::expand_ports(cc::expected_message(engine_, *scenario_.refused, origin),
                                        run_->main_port, run_->other_port));
    if (engine_ == cc::engine::chromium) {
      EXPECT_NE(blocked.front()->line.find("from origin '" + origin + "'"), std::string::npos)
          << blocked.front()->line;
    }
  }

  const cc::policy_case& policy_;
  const cc::scenario& scenario_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (const cc::engine e : cc::all_engines) {
    for (const cc::policy_case* policy : served_policies()) {
      for (const cc::scenario& s : policy->scenarios) {
        const std::string name = std::string(policy->name) + "." + std::string(s.id);
        ::testing::RegisterTest(std::string(cc::to_string(e)).c_str(), name.c_str(), nullptr,
                                nullptr, __FILE__, __LINE__, [policy, &s]() -> browser_engine* {
                                  return new browser_scenario(*policy, s);
                                });
      }
    }
  }
  const int status = RUN_ALL_TESTS();
  return status == 0 && skipped_without_browser ? skipped_exit_status : status;
}
