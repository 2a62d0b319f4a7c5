// cors-doctor: sends a live server the requests a browser would send for one fetch() (the
// preflight first when the browser sends one), and says whether the browser would let the page
// read the answer, with its console message (Chromium's, Firefox's or WebKit's, or each of them)
// and what to change on the server.
//
// Exit status: 0 allowed, 1 the browser would block it, 2 usage error (or a request fetch()
// itself refuses), 3 network or TLS error, 4 an error of cors-doctor's own (a bug, or its
// report could not be written).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>

#include "command_line.hpp"
#include "cors/checker.hpp"
#include "http_client.hpp"
#include "report.hpp"
#include "scan.hpp"

namespace {

namespace po = boost::program_options;
namespace ck = cors::checker;
namespace cd = cors::doctor;

constexpr int exit_usage = 2;
constexpr int exit_internal = 4;

using cd::usage_error;

struct arguments {
  ck::page_request request;
  cd::client_options client;
  std::optional<ck::engine> browser = ck::engine::chromium;  // nullopt: all
  bool json = false;
  bool strict = false;
};

po::options_description visible_options() {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("origin", po::value<std::string>()->value_name("ORIGIN"),
     "the page's origin, e.g. https://app.example.com, or null (required)")
    ("method", po::value<std::string>()->default_value("GET")->value_name("M"),
     "fetch()'s method, as the page writes it ('patch' stays 'patch')")
    ("header", po::value<std::vector<std::string>>()->composing()->value_name("'Name: value'"),
     "a header the page sets; repeat for several")
    ("credentials", po::bool_switch(), "fetch() with credentials: 'include'")
    ("browser", po::value<std::string>()->default_value("chromium")->value_name("B"),
     "whose verdict and console message: chromium, firefox, safari (WebKit) or all")
    ("json", po::bool_switch(), "print one JSON object instead of text");
  cd::add_connection_options(options);
  options.add_options()
    ("strict", po::bool_switch(),
     "exit 1 also when only the Fetch Standard blocks the request (the engines let "
     "Authorization through Access-Control-Allow-Headers: *)")
    ("help", "print this help and exit");
  // clang-format on
  return options;
}

void print_usage(std::ostream& out) {
  out << "Usage: cors-doctor URL --origin ORIGIN [--method M] [--header 'Name: value']...\n"
         "                  [--credentials] [--browser B] [--json] [--insecure]\n"
         "                  [--timeout SECONDS] [--strict]\n\n"
         "Sends URL the requests a browser sends for fetch(URL, {method, headers, "
         "credentials})\nfrom a page at ORIGIN, and says whether the browser lets the page read "
         "the answer.\n\n"
      << visible_options()
      << "\nExit status: 0 allowed, 1 the browser blocks it (under --browser all: any of them), "
         "2 usage\nerror, 3 network or TLS error, 4 an error of cors-doctor's own.\n\n"
         "cors-doctor scan URL... --origin TRUSTED finds the origins a server lets in that it "
         "should not\n(cors-doctor scan --help).\n";
}

// nullopt for --help.
std::optional<arguments> parse_arguments(int argc, char** argv) {
  const po::variables_map vm =
      cd::read_command_line(argc, argv, visible_options(), po::value<std::string>(), 1);
  if (vm.count("help")) return std::nullopt;
  if (!vm.count("url")) throw usage_error("the URL is missing");
  if (!vm.count("origin")) throw usage_error("--origin is missing: the page's origin");

  arguments a;
  a.request.url = vm["url"].as<std::string>();
  a.request.origin = vm["origin"].as<std::string>();
  a.request.method = vm["method"].as<std::string>();
  if (vm.count("header"))
    for (const std::string& h : vm["header"].as<std::vector<std::string>>())
      a.request.headers.push_back(cd::parse_header(h));
  a.request.credentials = vm["credentials"].as<bool>() ? ck::credentials_mode::include
                                                       : ck::credentials_mode::same_origin;
  const std::string browser = vm["browser"].as<std::string>();
  if (browser != "all") {
    a.browser = ck::parse_engine(browser);
    if (!a.browser)
      throw usage_error(fmt::format(
          "--browser '{}': give chromium, firefox, safari (or webkit), or all", browser));
  } else {
    a.browser.reset();
  }
  a.json = vm["json"].as<bool>();
  a.strict = vm["strict"].as<bool>();
  a.client = cd::connection_options(vm, "cors-doctor/" CORS_DOCTOR_VERSION);
  return a;
}

// The browser's sequence: the preflight when one goes first, then the actual request unless
// the preflight failed in every engine. A network failure ends it where it happened.
cd::outcome diagnose(const arguments& a) {
  static constexpr ck::engine engines[] = {ck::engine::chromium, ck::engine::firefox,
                                           ck::engine::webkit};
  cd::outcome o;
  o.plan = ck::plan_request(a.request);
  o.strict = a.strict;
  o.browser = a.browser;
  std::optional<ck::http_response> preflight_response;
  try {
    if (o.plan.preflight) {
      o.preflight = cd::exchange_record{cd::prepare(*o.plan.preflight, a.client), std::nullopt};
      o.preflight->response = cd::exchange(o.preflight->request, a.client);
      preflight_response = cd::to_checker(*o.preflight->response);
      bool every_engine_blocks = true;
      for (const ck::engine e : engines) {
        o.verdicts.push_back(ck::judge(o.plan, preflight_response, std::nullopt, e));
        every_engine_blocks = every_engine_blocks && o.verdicts.back().complete;
      }
      if (every_engine_blocks) return o;
      o.verdicts.clear();
    }
    o.actual = cd::exchange_record{cd::prepare(o.plan.actual, a.client), std::nullopt};
    o.actual->response = cd::exchange(o.actual->request, a.client);
  } catch (const cd::network_error& e) {
    o.network_error = e.what();
    o.verdicts.clear();
    return o;
  }
  const ck::http_response actual_response = cd::to_checker(*o.actual->response);
  for (const ck::engine e : engines)
    o.verdicts.push_back(ck::judge(o.plan, preflight_response, actual_response, e));
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "scan") return cd::scan::main(argc - 1, argv + 1);
  std::optional<arguments> a;
  try {
    a = parse_arguments(argc, argv);
    if (!a) {
      print_usage(std::cout);
      return 0;
    }
  } catch (const usage_error& e) {
    std::cerr << "cors-doctor: " << e.what() << "\nTry 'cors-doctor --help' for the options.\n";
    return exit_usage;
  }
  try {
    const cd::outcome o = diagnose(*a);
    std::cout << (a->json ? cd::json_report(o) : cd::text_report(o)) << std::flush;
    if (!std::cout) {
      std::cerr << "cors-doctor: internal error: the report could not be written to stdout\n";
      return exit_internal;
    }
    if (o.network_error) std::cerr << "cors-doctor: " << *o.network_error << "\n";
    return cd::exit_status_of(o);
  } catch (const ck::invalid_request& e) {
    std::cerr << "cors-doctor: a browser would not send this request: " << e.what() << "\n";
    return exit_usage;
  } catch (const std::exception& e) {
    // Network and TLS failures are caught in diagnose(): anything else is cors-doctor's own.
    std::cerr << "cors-doctor: internal error: " << e.what() << "\n";
    return exit_internal;
  }
}
