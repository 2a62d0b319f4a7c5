// cors-policy: policy files from the command line.
//
//   cors-policy check [--json] FILE...      every problem and warning in each file, positioned
//   cors-policy explain FILE --origin O ...  what the policy answers to a page's request, and
//                                            whether the browser then lets the page read it
//
// Exit status: 0 clean (check) or allowed (explain); 1 problems or warnings (check), an
// unusable file or a blocked request (explain); 2 usage error.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cors/checker.hpp"
#include "cors/policy_file.hpp"

namespace {

namespace po = boost::program_options;
namespace ck = cors::checker;
using json = nlohmann::json;

constexpr int exit_clean = 0;
constexpr int exit_issues = 1;
constexpr int exit_usage = 2;

constexpr const char* usage_text =
    "usage: cors-policy check [--json] FILE...\n"
    "       cors-policy explain FILE --origin ORIGIN [--method M] [--header 'Name: value']...\n"
    "                           [--credentials] [--url URL]\n"
    "\n"
    "check    reads each policy file and reports every problem (errors) and every piece of\n"
    "         cors::lint advice (warnings), each as FILE:LINE:COLUMN: ...; --json prints one\n"
    "         JSON object instead. Exit 0 when every file is clean, 1 when any has an error or\n"
    "         a warning, 2 on a usage error.\n"
    "explain  evaluates the request a page's fetch() makes (the preflight first, when the\n"
    "         browser sends one) with the policy in FILE, offline, prints each request and the\n"
    "         answer with the policy's reason, and judges the answers as Chromium does. Exit 0\n"
    "         when the page may read the response, 1 when the browser blocks it or FILE has\n"
    "         problems, 2 on a usage error.\n";

int usage_error(const std::string& message) {
  std::cerr << "cors-policy: " << message << "\n\n" << usage_text;
  return exit_usage;
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& named,
                        const po::positional_options_description& positional) {
  po::variables_map vm;
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::store(po::command_line_parser(args).options(named).positional(positional).style(style).run(),
            vm);
  po::notify(vm);
  return vm;
}

// ---- check ----------------------------------------------------------------------------------

json issue_json(const cors::policy_file& file, const cors::file_issue& issue) {
  json out = {{"line", issue.line},
              {"column", issue.column},
              {"kind", cors::to_string(issue.kind)},
              {"field", issue.issue.field},
              {"value", issue.issue.value},
              {"message", issue.issue.message},
              {"text", file.describe(issue)}};
  if (issue.kind == cors::file_issue_kind::config)
    out["config_kind"] = cors::to_string(issue.issue.kind);
  return out;
}

// "policy.json:9:3: warning: allowed_methods[0] 'GET': ..."
std::string warning_line(const cors::policy_file& file, const cors::file_issue& issue) {
  const std::string line = file.describe(issue);
  const std::string prefix = fmt::format("{}:{}:{}: ", file.name(), issue.line, issue.column);
  if (line.rfind(prefix, 0) != 0) return "warning: " + line;
  return prefix + "warning: " + line.substr(prefix.size());
}

int check(const std::vector<std::string>& args) {
  po::options_description named;
  named.add_options()("json", po::bool_switch())("files", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  try {
    vm = parse(args, named, positional);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (!vm.count("files")) return usage_error("check needs at least one FILE");
  const bool as_json = vm["json"].as<bool>();

  bool clean = true;
  json files = json::array();
  for (const std::string& path : vm["files"].as<std::vector<std::string>>()) {
    const cors::policy_file file = cors::policy_file::read(path);
    const cors::built_policy built = file.build();
    const std::vector<cors::file_issue> warnings =
        built.policy ? file.lint() : std::vector<cors::file_issue>{};
    clean = clean && built.issues.empty() && warnings.empty();
    if (as_json) {
      json errors = json::array();
      json advice = json::array();
      for (const cors::file_issue& issue : built.issues) errors.push_back(issue_json(file, issue));
      for (const cors::file_issue& issue : warnings) advice.push_back(issue_json(file, issue));
      files.push_back({{"file", path},
                       {"valid", built.policy.has_value()},
                       {"errors", errors},
                       {"warnings", advice}});
      continue;
    }
    for (const cors::file_issue& issue : built.issues) std::cout << file.describe(issue) << "\n";
    for (const cors::file_issue& issue : warnings) std::cout << warning_line(file, issue) << "\n";
    if (built.issues.empty() && warnings.empty()) {
      std::cout << fmt::format("{}: OK ({} allowed origin{})\n", path,
                               file.configuration().allowed_origins.size(),
                               file.configuration().allowed_origins.size() == 1 ? "" : "s");
    } else {
      std::cout << fmt::format("{}: {} error{}, {} warning{}\n", path, built.issues.size(),
                               built.issues.size() == 1 ? "" : "s", warnings.size(),
                               warnings.size() == 1 ? "" : "s");
    }
  }
  if (as_json)
    std::cout << json{{"files", files}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return clean ? exit_clean : exit_issues;
}

// ---- explain --------------------------------------------------------------------------------

// The CORS part of a request as the browser puts it on the wire.
struct wire_view {
  std::string origin, request_method, request_headers;
  cors::request_view view;

  explicit wire_view(const ck::wire_request& wire) {
    for (const ck::header_line& h : wire.headers) {
      const std::string name = lower(h.name);
      if (name == "origin") origin = h.value;
      if (name == "access-control-request-method") request_method = h.value;
      if (name == "access-control-request-headers") request_headers = h.value;
    }
    view.method = wire.method;
    if (!origin.empty()) view.origin = origin;
    if (!request_method.empty()) view.access_control_request_method = request_method;
    if (!request_headers.empty()) view.access_control_request_headers = request_headers;
  }
  wire_view(const wire_view&) = delete;
  wire_view& operator=(const wire_view&) = delete;

  static std::string lower(std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  }
};

void print_request(const char* title, const ck::wire_request& wire) {
  std::cout << title << ": " << wire.method << " " << wire.target.serialized() << "\n";
  for (const ck::header_line& h : wire.headers)
    std::cout << "  " << h.name << ": " << h.value << "\n";
}

// What the server answers: the policy's own answer to a preflight it answers itself, otherwise
// the application's 200 with the policy's headers added.
ck::http_response answer(const cors::policy& policy, const ck::wire_request& wire,
                         const char* title, bool& rejected) {
  const wire_view request(wire);
  const cors::decision d = policy.evaluate(request.view);
  ck::http_response response;
  response.status = d.respond_now() ? d.status() : 200;
  for (const cors::response_header& h : d)
    response.headers.push_back({std::string(h.name), std::string(h.value)});
  std::cout << title << ": " << response.status
            << (d.respond_now() ? " (answered by the policy)" : " (from the application)") << "\n";
  for (const ck::header_line& h : response.headers)
    std::cout << "  " << h.name << ": " << h.value << "\n";
  if (!d.allowed()) {
    std::cout << "  why: " << policy.explain(d) << "\n";
    rejected = true;
  }
  return response;
}

// The browser's verdict on a blocked request. When the policy rejected it, the policy's reason
// above says what to change; otherwise the policy allowed what the browser refuses, and the
// checker's advice is all there is.
int blocked(const ck::verdict& verdict, bool policy_rejected) {
  std::cout << "browser: blocked: " << verdict.error->console_line << "\n";
  if (!policy_rejected) std::cout << "fix: " << verdict.error->library_fix << "\n";
  return exit_issues;
}

int explain(const std::vector<std::string>& args) {
  po::options_description named;
  // clang-format off
  named.add_options()
    ("file", po::value<std::string>())
    ("origin", po::value<std::string>())
    ("method", po::value<std::string>()->default_value("GET"))
    ("header", po::value<std::vector<std::string>>()->composing())
    ("credentials", po::bool_switch())
    ("url", po::value<std::string>()->default_value("https://api.example.com/"));
  // clang-format on
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  try {
    vm = parse(args, named, positional);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (!vm.count("file")) return usage_error("explain needs a FILE");
  if (!vm.count("origin")) return usage_error("explain needs --origin");

  ck::page_request page;
  page.url = vm["url"].as<std::string>();
  page.origin = vm["origin"].as<std::string>();
  page.method = vm["method"].as<std::string>();
  page.credentials = vm["credentials"].as<bool>() ? ck::credentials_mode::include
                                                  : ck::credentials_mode::same_origin;
  if (vm.count("header")) {
    for (const std::string& header : vm["header"].as<std::vector<std::string>>()) {
      const std::size_t colon = header.find(':');
      if (colon == std::string::npos)
        return usage_error("--header '" + header + "': expected 'Name: value'");
      std::string value = header.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      page.headers.push_back({header.substr(0, colon), value});
    }
  }
  ck::request_plan plan;
  try {
    plan = ck::plan_request(page);
  } catch (const ck::invalid_request& e) {
    return usage_error(std::string("fetch() would refuse this request: ") + e.what());
  }

  const cors::policy_file file = cors::policy_file::read(vm["file"].as<std::string>());
  const cors::built_policy built = file.build();
  if (!built.policy) {
    for (const cors::file_issue& issue : built.issues) std::cerr << file.describe(issue) << "\n";
    return exit_issues;
  }
  if (!plan.cross_origin) {
    std::cout << "same-origin request: CORS does not apply\n";
    return exit_clean;
  }

  bool policy_rejected = false;
  std::optional<ck::http_response> preflight_response;
  if (plan.preflight) {
    print_request("preflight", *plan.preflight);
    for (const std::string& reason : plan.preflight_reasons)
      std::cout << "  sent because: " << reason << "\n";
    preflight_response = answer(*built.policy, *plan.preflight, "answer", policy_rejected);
    const ck::verdict after_preflight = ck::judge(plan, preflight_response, std::nullopt);
    if (!after_preflight.allowed()) return blocked(after_preflight, policy_rejected);
  }
  print_request("request", plan.actual);
  const ck::http_response actual_response =
      answer(*built.policy, plan.actual, "answer", policy_rejected);
  const ck::verdict verdict = ck::judge(plan, preflight_response, actual_response);
  if (!verdict.allowed()) return blocked(verdict, policy_rejected);
  std::cout << "browser: allowed; the page can read the response\n";
  return exit_clean;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("a command is needed: check or explain");
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (command == "check") return check(rest);
    if (command == "explain") return explain(rest);
  } catch (const std::exception& e) {
    std::cerr << "cors-policy: " << e.what() << "\n";
    return exit_usage;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage_text;
    return exit_clean;
  }
  return usage_error("unknown command '" + command + "'");
}
