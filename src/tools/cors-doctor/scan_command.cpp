// `cors-doctor scan`: its command line, and the sending of each URL's probes at a bounded rate.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <iostream>
#include <thread>

#include "command_line.hpp"
#include "scan.hpp"

namespace cors::doctor::scan {

namespace {

namespace po = boost::program_options;
namespace ck = cors::checker;

constexpr int exit_usage = 2;
constexpr int exit_network = 3;
constexpr int exit_internal = 4;

// At most `rate` requests a second: each waits for its turn.
class pacer {
 public:
  explicit pacer(double rate)
      : interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / rate))) {}
  void wait() {
    const auto now = std::chrono::steady_clock::now();
    if (next_ > now) std::this_thread::sleep_until(next_);
    next_ = std::max(now, next_) + interval_;
  }

 private:
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point next_{};
};

// The page's request from `origin`. An origin that fetch() would refuse as a page's origin
// (the echo probe's, or a host with '`' that this checker's URL grammar refuses) is put on the
// request of the trusted origin as it stands: the browser derives Origin from the page's URL,
// which is what the probe stands for.
ck::request_plan plan_for(ck::page_request request, const std::string& origin,
                          const std::string& trusted) {
  request.origin = origin;
  try {
    return ck::plan_request(request);
  } catch (const ck::invalid_request&) {
    request.origin = trusted;
  }
  ck::request_plan plan = ck::plan_request(request);
  plan.origin = origin;
  for (ck::wire_request* w : {plan.preflight ? &*plan.preflight : nullptr, &plan.actual}) {
    if (w == nullptr) continue;
    for (ck::header_line& h : w->headers) {
      if (h.name == "Origin") h.value = origin;
      if (h.name == "Referer") h.value = origin + "/";
    }
  }
  return plan;
}

std::string with_path(const std::string& url, std::string_view segment) {
  const std::size_t query = url.find_first_of("?#", url.find("://") + 3);
  std::string base = url.substr(0, query);
  const std::string rest = query == std::string::npos ? std::string() : url.substr(query);
  if (base.find('/', base.find("://") + 3) == std::string::npos || base.back() != '/') base += '/';
  return base + std::string(segment) + rest;
}

class url_scan {
 public:
  url_scan(const options& o, const std::string& url, pacer& pace)
      : options_(o), url_(url), pace_(pace) {}

  url_report run() {
    url_report report;
    report.url = url_;
    std::vector<probe_result> results;
    // What fetch() changes about the trusted pages' request (forbidden headers it drops).
    report.notes =
        plan_for(page({probe_kind::baseline, finding_class::missing_vary,
                       options_.trusted_origins.front(), options_.trusted_origins.front()}),
                 options_.trusted_origins.front(), options_.trusted_origins.front())
            .notes;
    try {
      for (const probe& p : derive_probes(options_.trusted_origins, options_.hosting_suffixes))
        results.push_back(send(p));
    } catch (const network_error& e) {
      report.network_error = e.what();
    }
    report.requests_sent = sent_;
    report.findings = find(url_, results, report.notes);
    return report;
  }

 private:
  ck::page_request page(const probe& p) const {
    ck::page_request r;
    r.url = p.kind == probe_kind::error_path ? with_path(url_, missing_path) : url_;
    r.method = options_.method;
    r.headers = options_.headers;
    r.credentials = ck::credentials_mode::include;
    if (p.kind == probe_kind::reflection) {
      r.method = std::string(probe_method);
      r.headers = {{std::string(probe_header), "1"}};
    }
    if (p.kind == probe_kind::baseline && !options_.credentials)
      r.credentials = ck::credentials_mode::same_origin;
    return r;
  }

  exchange_record exchange(const ck::wire_request& w) {
    exchange_record e{prepare(w, options_.client), std::nullopt};
    pace_.wait();
    ++sent_;
    e.response = doctor::exchange(e.request, options_.client);
    return e;
  }

  // The browser's sequence: the preflight when one goes first, then the actual request if
  // the preflight let it through (with or without credentials).
  probe_result send(const probe& p) {
    probe_result r{p, {}, std::nullopt, std::nullopt};
    ck::page_request request = page(p);
    const ck::request_plan with = plan_for(request, p.origin, p.trusted);
    request.credentials = ck::credentials_mode::omit;
    const ck::request_plan without = plan_for(request, p.origin, p.trusted);
    const bool judged = p.kind == probe_kind::baseline || p.kind == probe_kind::hostile ||
                        p.kind == probe_kind::error_path;
    std::optional<ck::http_response> preflight;
    if (with.preflight) {
      r.exchanges.push_back(exchange(*with.preflight));
      preflight = to_checker(*r.exchanges.back().response);
      if (p.kind == probe_kind::reflection) return r;
      r.with_credentials = ck::judge(with, preflight, std::nullopt);
      r.without_credentials = ck::judge(without, preflight, std::nullopt);
      if (r.with_credentials->complete && r.without_credentials->complete) {
        if (!judged) r.with_credentials = r.without_credentials = std::nullopt;
        return r;
      }
    }
    r.exchanges.push_back(exchange(with.actual));
    const ck::http_response actual = to_checker(*r.exchanges.back().response);
    if (judged) {
      r.with_credentials = ck::judge(with, preflight, actual);
      r.without_credentials = ck::judge(without, preflight, actual);
    } else {
      r.with_credentials = r.without_credentials = std::nullopt;
    }
    return r;
  }

  const options& options_;
  const std::string& url_;
  pacer& pace_;
  int sent_ = 0;
};

po::options_description visible_options() {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("origin", po::value<std::vector<std::string>>()->composing()->value_name("ORIGIN"),
     "an origin the site trusts, e.g. https://app.example.com (required; repeat for several)")
    ("method", po::value<std::string>()->default_value("GET")->value_name("M"),
     "the method the trusted pages use; the scan sends only it and OPTIONS")
    ("header", po::value<std::vector<std::string>>()->composing()->value_name("'Name: value'"),
     "a header the trusted pages set; repeat for several")
    ("credentials", po::bool_switch(),
     "the trusted pages call with credentials: 'include' (hostile origins are judged both ways)")
    ("hosting-suffix", po::value<std::vector<std::string>>()->composing()->value_name("SUFFIX"),
     "a third-party hosting suffix to probe (github.io...): it must be in the public suffix "
     "list's private section; repeat for several")
    ("json", po::bool_switch(), "print one JSON object instead of text")
    ("sarif", po::bool_switch(), "print a SARIF 2.1.0 log instead of text")
    ("fail-on", po::value<std::string>()->default_value("low")->value_name("SEVERITY"),
     "exit 1 when a finding is at least this severe: informational, low, medium, high, critical")
    ("rate", po::value<double>()->default_value(10)->value_name("N"),
     "at most N requests a second (0.1 to 1000)");
  add_connection_options(options);
  options.add_options()
    ("help", "print this help and exit");
  // clang-format on
  return options;
}

void print_usage(std::ostream& out) {
  out << "Usage: cors-doctor scan URL... --origin TRUSTED [--origin ...] [--method M]\n"
         "                  [--header 'Name: value']... [--credentials] [--hosting-suffix S]...\n"
         "                  [--json | --sarif] [--fail-on SEVERITY] [--rate N] [--timeout S]\n\n"
         "Sends each URL the requests a browser sends from origins derived from the trusted\n"
         "ones (any origin, null, http://, subdomains, prefix, suffix, unescaped dots, ...),\n"
         "and reports what an attacker's page could read, by the browsers' rules.\n\n"
      << visible_options()
      << "\nExit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error, 3 network "
         "or TLS error, 4 internal error.\n";
}

// nullopt for --help.
std::optional<options> parse(int argc, char** argv) {
  const po::variables_map vm =
      read_command_line(argc, argv, visible_options(), po::value<std::vector<std::string>>(), -1);
  if (vm.count("help")) return std::nullopt;
  options o;
  if (!vm.count("url")) throw usage_error("no URL to scan");
  if (!vm.count("origin")) throw usage_error("--origin is missing: an origin the site trusts");
  o.urls = vm["url"].as<std::vector<std::string>>();
  for (const std::string& u : o.urls)
    if (!ck::parse_url(u)) throw usage_error(fmt::format("'{}' is not an http or https URL", u));
  o.trusted_origins = vm["origin"].as<std::vector<std::string>>();
  if (vm.count("hosting-suffix"))
    o.hosting_suffixes = vm["hosting-suffix"].as<std::vector<std::string>>();
  o.method = vm["method"].as<std::string>();
  if (vm.count("header"))
    for (const std::string& h : vm["header"].as<std::vector<std::string>>())
      o.headers.push_back(parse_header(h));
  o.credentials = vm["credentials"].as<bool>();
  if (vm["json"].as<bool>() && vm["sarif"].as<bool>())
    throw usage_error("--json and --sarif: choose one");
  if (vm["json"].as<bool>()) o.format = output_format::json;
  if (vm["sarif"].as<bool>()) o.format = output_format::sarif;
  const std::optional<severity> fail_on = parse_severity(vm["fail-on"].as<std::string>());
  if (!fail_on) throw usage_error("--fail-on: give informational, low, medium, high or critical");
  o.fail_on = *fail_on;
  o.rate = vm["rate"].as<double>();
  if (!(o.rate >= 0.1) || o.rate > 1000)
    throw usage_error("--rate: give a number of requests per second from 0.1 to 1000");
  o.client = connection_options(vm, "cors-doctor/" CORS_DOCTOR_VERSION " (scan)");
  // Every input problem before the first request: the origins, the suffixes, the request.
  try {
    (void)derive_probes(o.trusted_origins, o.hosting_suffixes);
    ck::page_request r;
    r.url = o.urls.front();
    r.origin = o.trusted_origins.front();
    r.method = o.method;
    r.headers = o.headers;
    (void)ck::plan_request(r);
  } catch (const invalid_input& e) {
    throw usage_error(e.what());
  } catch (const ck::invalid_request& e) {
    throw usage_error(fmt::format("a browser would not send this request: {}", e.what()));
  }
  return o;
}

}  // namespace

std::vector<url_report> run_scan(const options& o) {
  pacer pace(o.rate);
  std::vector<url_report> reports;
  for (const std::string& url : o.urls) reports.push_back(url_scan(o, url, pace).run());
  return reports;
}

int exit_status_of(const std::vector<url_report>& reports, severity fail_on) {
  bool failed = false;
  for (const url_report& r : reports) {
    if (r.network_error) return exit_network;
    for (const finding& f : r.findings) failed = failed || f.level >= fail_on;
  }
  return failed ? 1 : 0;
}

int main(int argc, char** argv) {
  std::optional<options> o;
  try {
    o = parse(argc, argv);
    if (!o) {
      print_usage(std::cout);
      return 0;
    }
  } catch (const usage_error& e) {
    std::cerr << "cors-doctor scan: " << e.what() << "\n\n";
    print_usage(std::cerr);
    return exit_usage;
  }
  try {
    const std::vector<url_report> reports = run_scan(*o);
    std::cout << (o->format == output_format::sarif  ? sarif_report(*o, reports)
                  : o->format == output_format::json ? json_report(*o, reports)
                                                     : text_report(*o, reports))
              << std::flush;
    for (const url_report& r : reports)
      if (r.network_error)
        std::cerr << "cors-doctor scan: " << r.url << ": " << *r.network_error << "\n";
    return exit_status_of(reports, o->fail_on);
  } catch (const std::exception& e) {
    std::cerr << "cors-doctor scan: internal error: " << e.what() << "\n";
    return exit_internal;
  }
}

}  // namespace cors::doctor::scan
