// The scan's reports: text for people, JSON, and SARIF 2.1.0 for code-scanning tools.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "cors/detail/ascii.hpp"
#include "json_writer.hpp"
#include "scan.hpp"

namespace cors::doctor::scan {

namespace {

// The request and response lines that matter to CORS: the rest is noise in a finding.
bool shown(std::string_view name) {
  for (const std::string_view kept :
       {"origin", "access-control-", "vary", "location", "x-cors-doctor-probe"})
    if (cors::detail::istarts_with(name, kept) &&
        (kept.back() == '-' || name.size() == kept.size()))
      return true;
  return false;
}

void print_exchanges(std::string& out, const std::vector<exchange_record>& exchanges) {
  for (const exchange_record& e : exchanges) {
    out += fmt::format("    > {} {} HTTP/1.1\n", e.request.method, e.request.target.target);
    for (const checker::header_line& h : e.request.headers)
      if (shown(h.name)) out += fmt::format("    > {}: {}\n", h.name, printable(h.value));
    if (!e.response) continue;
    out += fmt::format("    < {} {} {}\n", e.response->version, e.response->status,
                       printable(e.response->reason));
    for (const checker::header_line& h : e.response->headers)
      if (shown(h.name)) out += fmt::format("    < {}: {}\n", h.name, printable(h.value));
  }
}

std::string upper(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return r;
}

void write_exchanges(json_writer& w, const std::vector<exchange_record>& exchanges) {
  w.begin_array();
  for (const exchange_record& e : exchanges) {
    w.begin_object().key("request").begin_object();
    w.key("method").value(e.request.method).key("url").value(e.request.target.serialized());
    w.key("headers").begin_array();
    for (const checker::header_line& h : e.request.headers)
      w.begin_object().key("name").value(h.name).key("value").value(h.value).end_object();
    w.end_array().end_object().key("response");
    if (!e.response) {
      w.null();
    } else {
      w.begin_object().key("status").value(e.response->status).key("headers").begin_array();
      for (const checker::header_line& h : e.response->headers)
        w.begin_object().key("name").value(h.name).key("value").value(h.value).end_object();
      w.end_array().end_object();
    }
    w.end_object();
  }
  w.end_array();
}

// GitHub code scanning reads `security-severity` (0.0-10.0) to rank security results.
std::string_view security_severity(severity s) {
  static constexpr std::array<std::string_view, 5> scores = {"0.0", "3.0", "5.5", "8.0", "9.5"};
  return scores[static_cast<std::size_t>(s)];
}

std::string_view sarif_level(severity s) {
  switch (s) {
    case severity::critical:
    case severity::high:
      return "error";
    case severity::medium:
      return "warning";
    default:
      return "note";
  }
}

int count_at_least(const std::vector<url_report>& reports, severity s) {
  int n = 0;
  for (const url_report& r : reports)
    n += static_cast<int>(std::count_if(r.findings.begin(), r.findings.end(),
                                        [&](const finding& f) { return f.level >= s; }));
  return n;
}

}  // namespace

std::string text_report(const options& o, const std::vector<url_report>& reports) {
  std::string out = fmt::format(
      "cors-doctor scan: {} URL(s), trusted origin(s) {}, method {}, at most {} requests per "
      "URL\n",
      o.urls.size(), fmt::join(o.trusted_origins, ", "), o.method,
      request_budget(o.trusted_origins.size(), o.hosting_suffixes.size()));
  for (const url_report& r : reports) {
    out += fmt::format("\n== {} ({} requests sent)\n", r.url, r.requests_sent);
    if (r.network_error)
      out += fmt::format("Network error, the scan of this URL stopped: {}\n", *r.network_error);
    for (const std::string& note : r.notes) out += fmt::format("Note: {}\n", note);
    if (r.findings.empty() && !r.network_error) out += "No findings.\n";
    for (const finding& f : r.findings) {
      out += fmt::format("\n[{}] {}: {}\n", upper(to_string(f.level)), to_string(f.what), f.title);
      out += fmt::format("  Hostile origin: {}\n", printable(f.hostile_origin));
      out += "  Exchange:\n";
      print_exchanges(out, f.exchanges);
      out += fmt::format("  Why: {}\n", f.why);
      out += fmt::format("  Fix (cors::config): {}\n", f.fix_library);
      out += fmt::format("  Fix (nginx): {}\n", f.fix_nginx);
      out += fmt::format("  Fix (Apache): {}\n", f.fix_apache);
    }
  }
  const int failing = count_at_least(reports, o.fail_on);
  out +=
      fmt::format("\n{} finding(s) at or above {} (--fail-on).\n", failing, to_string(o.fail_on));
  return out;
}

std::string json_report(const options& o, const std::vector<url_report>& reports) {
  json_writer w;
  w.begin_object();
  w.key("trusted_origins").value(o.trusted_origins);
  w.key("method").value(o.method);
  w.key("request_budget_per_url")
      .value(request_budget(o.trusted_origins.size(), o.hosting_suffixes.size()));
  w.key("fail_on").value(to_string(o.fail_on));
  w.key("exit_status").value(exit_status_of(reports, o.fail_on));
  w.key("urls").begin_array();
  for (const url_report& r : reports) {
    w.begin_object().key("url").value(r.url).key("requests_sent").value(r.requests_sent);
    w.key("network_error").value(r.network_error).key("notes").value(r.notes);
    w.key("findings").begin_array();
    for (const finding& f : r.findings) {
      w.begin_object();
      w.key("class").value(to_string(f.what)).key("severity").value(to_string(f.level));
      w.key("hostile_origin").value(f.hostile_origin).key("title").value(f.title);
      w.key("why").value(f.why).key("exchanges");
      write_exchanges(w, f.exchanges);
      w.key("fix").begin_object().key("library").value(f.fix_library);
      w.key("nginx").value(f.fix_nginx).key("apache").value(f.fix_apache).end_object();
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.text() + "\n";
}

std::string sarif_report(const options& o, const std::vector<url_report>& reports) {
  json_writer w;
  w.begin_object();
  w.key("$schema").value("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").value("2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.key("name").value("cors-doctor").key("version").value(CORS_DOCTOR_VERSION);
  w.key("rules").begin_array();
  for (int i = 0; i < finding_class_count; ++i) {
    const auto c = static_cast<finding_class>(i);
    w.begin_object().key("id").value(to_string(c)).key("name").value(to_string(c));
    w.key("shortDescription").begin_object().key("text").value(title_of(c)).end_object();
    w.key("helpUri").value("docs/cors-doctor.md#misconfiguration-classes");
    w.key("properties").begin_object().key("tags").begin_array().value("security").value("cors");
    w.end_array().end_object().end_object();
  }
  w.end_array().end_object().end_object();
  w.key("invocations").begin_array().begin_object();
  const bool network_failed = std::any_of(reports.begin(), reports.end(), [](const url_report& r) {
    return r.network_error.has_value();
  });
  w.key("executionSuccessful").value(!network_failed);
  w.key("toolExecutionNotifications").begin_array();
  for (const url_report& r : reports)
    if (r.network_error)
      w.begin_object()
          .key("level")
          .value("error")
          .key("message")
          .begin_object()
          .key("text")
          .value(r.url + ": " + *r.network_error)
          .end_object()
          .end_object();
  w.end_array().end_object().end_array();
  w.key("results").begin_array();
  for (const url_report& r : reports) {
    for (const finding& f : r.findings) {
      w.begin_object();
      w.key("ruleId").value(to_string(f.what));
      w.key("ruleIndex").value(static_cast<int>(f.what));
      w.key("level").value(sarif_level(f.level));
      w.key("message")
          .begin_object()
          .key("text")
          .value(fmt::format("{}{} at {}. Hostile origin: {}. {} Fix: {}",
                             upper(f.title.substr(0, 1)), f.title.substr(1), f.url,
                             f.hostile_origin, f.why, f.fix_library))
          .end_object();
      w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
      w.key("artifactLocation").begin_object().key("uri").value(f.url).end_object();
      w.end_object().end_object().end_array();
      w.key("partialFingerprints")
          .begin_object()
          .key("corsFinding/v1")
          .value(fmt::format("{}|{}|{}", f.url, to_string(f.what), f.hostile_origin))
          .end_object();
      w.key("properties").begin_object();
      w.key("severity").value(to_string(f.level));
      w.key("security-severity").value(security_severity(f.level));
      w.key("hostileOrigin").value(f.hostile_origin);
      w.key("fixNginx").value(f.fix_nginx).key("fixApache").value(f.fix_apache);
      w.end_object().end_object();
    }
  }
  w.end_array();
  w.key("properties").begin_object().key("trustedOrigins").value(o.trusted_origins);
  w.key("requestBudgetPerUrl")
      .value(request_budget(o.trusted_origins.size(), o.hosting_suffixes.size()));
  w.end_object().end_object().end_array().end_object();
  return w.text() + "\n";
}

}  // namespace cors::doctor::scan
