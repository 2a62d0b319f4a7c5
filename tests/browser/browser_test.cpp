// Headless Chromium judges every policy in scenarios.hpp. For each policy, one run: start
// cors-demo-server with the policy's flags, serve pages from two other loopback ports, and let
// one Chromium run every selected scenario's fetch() from its page origin. Then each scenario is
// a test comparing what the browser allowed or blocked, the console message it logged, the
// headers the page could read and the preflights it sent with what the table says.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#include "policy_run.hpp"
#include "scenarios.hpp"

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

const cc::policy_case* find_policy(std::string_view name) {
  for (const cc::policy_case& p : cc::policy_cases())
    if (p.name == name) return &p;
  return nullptr;
}

// cors-demo-server, and cors-doctor when it is built (or named by $CORS_TEST_DOCTOR).
cb::run_options options() {
  cb::run_options o;
  o.demo_server = CORS_DEMO_SERVER;
#ifdef CORS_DOCTOR
  o.doctor = CORS_DOCTOR;
#endif
  if (const char* doctor = std::getenv("CORS_TEST_DOCTOR"); doctor != nullptr && *doctor != '\0')
    o.doctor = doctor;
  return o;
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
    run_ = std::make_unique<cb::policy_run>(cb::run_policy(*policy, selected, options()));
  }
  static void TearDownTestSuite() { run_.reset(); }

 protected:
  static std::unique_ptr<cb::policy_run> run_;
};

std::unique_ptr<cb::policy_run> browser_policy::run_;

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

class browser_scenario : public browser_policy {
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
    const auto found = run_->observed.find(std::string(scenario_.id));
    ASSERT_NE(found, run_->observed.end()) << "the page reported no result for " << scenario_.id;
    const cb::observation& o = found->second;
    SCOPED_TRACE(std::string(scenario_.description) + " — " + std::string(scenario_.method) + " " +
                 run_->server_origin + cc::request_path(policy_, scenario_));
    report(o);

    EXPECT_EQ(o.allowed, scenario_.allowed)
        << (o.allowed ? "the browser allowed it" : "the browser blocked it: " + o.error);
    if (scenario_.allowed && o.allowed) check_allowed(o);
    if (!scenario_.allowed && !o.allowed) check_blocked(o);
    if (scenario_.preflights >= 0) {
      EXPECT_EQ(o.preflights, scenario_.preflights) << "preflights sent";
    }
    if (o.doctor) check_doctor_agrees(o, *o.doctor);
  }

 private:
  // What the browser did, in the test's output (and the XML report).
  void report(const cb::observation& o) {
    std::cout << "[ chromium ] " << (o.allowed ? "allowed" : "blocked");
    if (o.allowed)
      std::cout << ", status " << o.status << ", readable headers: " << joined(o.readable_headers);
    std::cout << ", preflights: " << o.preflights << "\n";
    if (o.console) {
      std::cout << "[ chromium ] " << o.console->line << "\n";
      RecordProperty("chromium_message", o.console->message);
      const auto& answer = o.preflight_response.empty() ? o.response : o.preflight_response;
      std::cout << "[ net-log  ] " << (o.preflight_response.empty() ? "answer" : "preflight answer")
                << ": " << joined(answer, " | ") << "\n";
    }
    if (!scenario_.spec_difference.empty()) {
      std::cout << "[ chromium ] differs from the Fetch Standard: " << scenario_.spec_difference
                << "\n";
      RecordProperty("spec_difference", std::string(scenario_.spec_difference));
    }
    std::cout << std::flush;
  }

  void check_allowed(const cb::observation& o) {
    EXPECT_EQ(o.status, scenario_.status);
    if (scenario_.status == 200) {
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
    if (o.console) ADD_FAILURE() << "unexpected console message: " << o.console->line;
  }

  // cors-doctor's verdict is the browser's, and when blocked it prints Chromium's message.
  void check_doctor_agrees(const cb::observation& o, const cb::doctor_verdict& doctor) {
    std::cout << "[  doctor  ] " << joined(doctor.command, " ") << " -> exit status "
              << doctor.exit_status << std::endl;
    EXPECT_EQ(doctor.exit_status, o.allowed ? 0 : 1)
        << "cors-doctor disagrees with the browser, which " << (o.allowed ? "allowed" : "blocked")
        << " it:\n"
        << doctor.output;
    if (!o.allowed && o.console) {
      EXPECT_NE(doctor.output.find(o.console->message), std::string::npos)
          << "cors-doctor does not print Chromium's message: " << o.console->message << "\n"
          << doctor.output;
    }
  }

  void check_blocked(const cb::observation& o) {
    ASSERT_TRUE(o.console.has_value()) << "no CORS console message";
    const std::optional<cc::failing_check> named = cc::check_named_by(o.console->message);
    EXPECT_EQ(named ? cc::to_string(*named) : "no known", cc::to_string(scenario_.check))
        << "check named by: " << o.console->message;
    EXPECT_EQ(o.console->message,
              cc::expand_ports(scenario_.message, run_->main_port, run_->other_port));
    EXPECT_EQ(o.console->origin, cc::request_origin(scenario_, run_->main_port, run_->other_port));
  }

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
