// cors-doctor scan against the project's own cors-demo-server under correct policies: no
// finding above informational.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

namespace {

namespace dt = cors::doctor_tests;

struct row {
  std::string name;
  std::vector<std::string> policy;         // cors-demo-server's flags
  std::vector<std::string> args;           // the scan's, besides the URL
  std::vector<std::string> informational;  // the classes reported as informational
};

std::vector<row> rows() {
  const std::vector<std::string> put = {"--method", "PUT", "--header",
                                        "Content-Type: application/json"};
  return {
      {"exact_origins",
       {"--allow-origin", "https://app.example.com", "--allow-origin",
        "https://partner.example.org", "--allow-methods", "GET,PUT", "--allow-headers",
        "Content-Type"},
       {"--origin", "https://app.example.com", "--origin", "https://partner.example.org",
        "--method", "PUT", "--header", "Content-Type: application/json"},
       {}},
      {"exact_origins_with_credentials",
       {"--allow-origin", "https://app.example.com", "--allow-methods", "GET,PUT",
        "--allow-headers", "Content-Type", "--allow-credentials"},
       {"--origin", "https://app.example.com", "--credentials", "--method", "PUT", "--header",
        "Content-Type: application/json"},
       {}},
      // Every subdomain, by design: reported, as informational, since no credentials go along.
      {"subdomain_pattern",
       {"--allow-origin", "https://*.example.com", "--allow-methods", "GET,PUT", "--allow-headers",
        "Content-Type"},
       {"--origin", "https://app.example.com", "--method", "PUT", "--header",
        "Content-Type: application/json"},
       {"any_subdomain"}},
      {"hosted_under_github_io",
       {"--allow-origin", "https://docs.github.io", "--allow-credentials"},
       {"--origin", "https://docs.github.io", "--credentials"},
       {}},
      {"wildcard_without_credentials",
       {"--allow-origin", "*"},
       {"--origin", "https://app.example.com"},
       {}},
  };
}

TEST(doctor_scan_demo_server, correct_policies_have_no_finding_above_informational) {
  for (const row& r : rows()) {
    SCOPED_TRACE(r.name);
    const dt::demo_server server(r.policy);
    std::vector<std::string> args = {"scan", server.url("/data"), "--json",       "--rate",
                                     "1000", "--fail-on",         "informational"};
    args.insert(args.end(), r.args.begin(), r.args.end());
    const dt::finished f = dt::doctor(args);
    EXPECT_EQ(f.exit_status, r.informational.empty() ? 0 : 1) << f.out << f.err;
    const nlohmann::json json = nlohmann::json::parse(f.out);
    const nlohmann::json& url = json.at("urls").at(0);
    std::vector<std::string> found;
    for (const nlohmann::json& finding : url.at("findings")) {
      EXPECT_EQ(finding.at("severity"), "informational") << f.out;
      found.push_back(finding.at("class").get<std::string>());
    }
    EXPECT_EQ(found, r.informational) << f.out;
    EXPECT_TRUE(url.at("notes").empty()) << f.out;
  }
}

}  // namespace
