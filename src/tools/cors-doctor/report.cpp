#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "json_writer.hpp"

namespace cors::doctor {

std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\n' || byte == '\t' || (byte >= 0x20 && byte != 0x7f))
      out += c;
    else
      out += fmt::format("\\x{:02x}", byte);
  }
  return out;
}

namespace {

constexpr std::size_t shown_body = 2048;  // bytes of a body printed in the text report

void print_exchange(std::string& out, std::string_view title, const exchange_record& e) {
  out += fmt::format("== {}\n", title);
  out += fmt::format("> {} {} HTTP/1.1\n", e.request.method, e.request.target.target);
  for (const checker::header_line& h : e.request.headers)
    out += fmt::format("> {}: {}\n", h.name, printable(h.value));
  out += ">\n";
  if (!e.response) {
    out += "(no response)\n\n";
    return;
  }
  const received_response& r = *e.response;
  out += fmt::format("< {} {} {}\n", r.version, r.status, r.reason);
  for (const checker::header_line& h : r.headers)
    out += fmt::format("< {}: {}\n", h.name, printable(h.value));
  out += "<\n";
  if (!r.body.empty()) {
    // Lines end at "\n"; a "\r" before it is part of the line ending, not of the text.
    std::string body;
    for (std::size_t i = 0; i < std::min(r.body.size(), shown_body); ++i)
      if (!(r.body[i] == '\r' && i + 1 < r.body.size() && r.body[i + 1] == '\n')) body += r.body[i];
    body = printable(body);
    std::size_t start = 0;
    while (start < body.size()) {
      const std::size_t end = body.find('\n', start);
      out += fmt::format("< {}\n", body.substr(start, end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (r.body.size() > shown_body)
      out += fmt::format("< ({} more bytes)\n", r.body.size() - shown_body);
  }
  if (r.body_truncated) out += "< (a body longer than cors-doctor reads)\n";
  out += "\n";
}

void print_error(std::string& out, const checker::cors_error& e) {
  out += e.console_line + "\n\n";
  out += fmt::format("Cause: {}\n", e.cause);
  out += fmt::format("Fix:   {}\n", e.fix);
  out += fmt::format("With this library: {}\n", e.library_fix);
}

void print_list(std::string& out, std::string_view title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out += fmt::format("{}\n", title);
  for (const std::string& i : items) out += fmt::format("  - {}\n", i);
}

std::string_view verdict_word(bool allowed) {
  return allowed ? "allowed" : "blocked";
}

void write_headers(json_writer& j, const std::vector<checker::header_line>& headers) {
  j.begin_array();
  for (const checker::header_line& h : headers) {
    j.begin_object().key("name").value(h.name).key("value").value(h.value).end_object();
  }
  j.end_array();
}

void write_exchange(json_writer& j, const std::optional<exchange_record>& e) {
  if (!e) {
    j.null();
    return;
  }
  j.begin_object();
  j.key("request").begin_object();
  j.key("method").value(e->request.method);
  j.key("url").value(e->request.target.serialized());
  j.key("headers");
  write_headers(j, e->request.headers);
  j.end_object();
  j.key("response");
  if (e->response) {
    j.begin_object();
    j.key("status").value(e->response->status);
    j.key("reason").value(e->response->reason);
    j.key("headers");
    write_headers(j, e->response->headers);
    j.key("body").value(e->response->body);
    j.key("body_truncated").value(e->response->body_truncated);
    j.end_object();
  } else {
    j.null();
  }
  j.end_object();
}

void write_error(json_writer& j, const std::optional<checker::cors_error>& e) {
  if (!e) {
    j.null();
    return;
  }
  j.begin_object();
  j.key("check").value(checker::to_string(e->check));
  j.key("response").value(checker::to_string(e->response));
  j.key("message").value(e->message);
  j.key("console_line").value(e->console_line);
  j.key("cause").value(e->cause);
  j.key("fix").value(e->fix);
  j.key("library_fix").value(e->library_fix);
  j.end_object();
}

std::string engine_title(checker::engine e) {
  switch (e) {
    case checker::engine::chromium:
      return "Chromium";
    case checker::engine::firefox:
      return "Firefox";
    case checker::engine::webkit:
      return "WebKit (Safari)";
  }
  return "?";
}

// The release whose behaviour the checker reproduces.
std::string engine_release(checker::engine e) {
  switch (e) {
    case checker::engine::chromium:
      return "Chromium 156";
    case checker::engine::firefox:
      return "Firefox 153";
    case checker::engine::webkit:
      return "WebKit (WebKitGTK 2.50, Safari's engine)";
  }
  return "?";
}

// Another verdict, or another failing check.
bool sees_otherwise(const checker::verdict& a, const checker::verdict& b) {
  return a.allowed() != b.allowed() || (a.error && b.error && a.error->check != b.error->check);
}

void print_verdict(std::string& out, const outcome& o, const checker::verdict& v) {
  const std::string engine = engine_title(v.judged_as);
  // A preflight that passed is cached even when the actual response then fails.
  const std::string cached =
      v.preflight_cache_seconds
          ? fmt::format("The preflight passed; {} caches its result for {} s.\n", engine,
                        *v.preflight_cache_seconds)
          : std::string();
  if (!v.allowed()) {
    out += "== Verdict: BLOCKED, the browser does not let the page read the response\n";
    out += cached;
    print_error(out, *v.error);
  } else {
    out += fmt::format("== Verdict: ALLOWED, the page can read the response{}\n",
                       o.actual && o.actual->response
                           ? fmt::format(" (status {})", o.actual->response->status)
                           : std::string());
    if (v.differs_from_standard())
      out += "(the Fetch Standard blocks it, see below; --strict makes that count)\n";
    if (!v.readable_headers.empty())
      out += fmt::format("Readable by script: {}\n", fmt::join(v.readable_headers, ", "));
    if (!v.hidden_headers.empty())
      out += fmt::format("Hidden from script: {}\n", fmt::join(v.hidden_headers, ", "));
    out += cached;
  }
  if (v.differs_from_standard() && v.standard_error) {
    out += fmt::format(
        "\n== The Fetch Standard blocks it{}\n",
        v.allowed() ? fmt::format(": {} lets it through, browsers that follow the standard do not",
                                  engine_release(v.judged_as))
                    : std::string(" earlier, at another check"));
    print_error(out, *v.standard_error);
  }
  if (!v.notes.empty()) {
    out += "\n";
    print_list(out, "Notes:", v.notes);
  }
}

void write_verdict(json_writer& j, const checker::verdict& v) {
  j.begin_object();
  j.key("verdict").value(verdict_word(v.allowed()));
  j.key("standard_verdict").value(verdict_word(v.allowed_by_standard()));
  j.key("differs_from_standard").value(v.differs_from_standard());
  j.key("error");
  write_error(j, v.error);
  j.key("standard_error");
  write_error(j, v.standard_error);
  j.key("readable_headers").value(v.readable_headers);
  j.key("hidden_headers").value(v.hidden_headers);
  j.key("preflight_cache_seconds").value(v.preflight_cache_seconds);
  j.key("notes").value(v.notes);
  j.end_object();
}

}  // namespace

checker::http_response to_checker(const received_response& r) {
  return {r.status, r.headers};
}

std::vector<checker::engine> deciding_engines(const outcome& o) {
  if (o.browser) return {*o.browser};
  return {checker::engine::chromium, checker::engine::firefox, checker::engine::webkit};
}

int exit_status_of(const outcome& o) {
  if (o.network_error) return 3;
  if (o.verdicts.empty()) return 4;  // neither a verdict nor a network error: cors-doctor's own
  for (const checker::engine e : deciding_engines(o)) {
    const checker::verdict& v = o.verdicts.at(static_cast<std::size_t>(e));
    if (!v.allowed() || (o.strict && !v.allowed_by_standard())) return 1;
  }
  return 0;
}

std::string text_report(const outcome& o) {
  const checker::request_plan& plan = o.plan;
  std::string out =
      fmt::format("cors-doctor: {} {} from origin {} (credentials: {})\n\n", plan.method,
                  plan.target.serialized(), plan.origin, checker::to_string(plan.credentials));
  if (!plan.cross_origin)
    out += "Same-origin request: CORS does not apply.\n";
  else if (plan.preflight_reasons.empty())
    out += "No preflight: the method and every header are CORS-safelisted.\n";
  else
    print_list(out, "A preflight goes first, because:", plan.preflight_reasons);
  print_list(out, "fetch() changes the request:", plan.notes);
  out += "\n";
  if (o.preflight) print_exchange(out, "Preflight", *o.preflight);
  if (o.actual) print_exchange(out, "Actual request", *o.actual);

  if (o.network_error) {
    out += fmt::format("== Network error\n{}\n", *o.network_error);
    return out;
  }
  const std::vector<checker::engine> deciding = deciding_engines(o);
  if (deciding.size() == 1)
    out += fmt::format("As {} judges it (--browser all: every engine).\n",
                       engine_release(deciding.front()));
  for (const checker::engine e : deciding) {
    if (deciding.size() > 1) out += fmt::format("==== {}\n", engine_title(e));
    print_verdict(out, o, o.verdicts.at(static_cast<std::size_t>(e)));
    if (deciding.size() > 1) out += "\n";
  }
  if (deciding.size() == 1) {
    // The other engines, in one line each, when they see it otherwise.
    const checker::verdict& asked = o.verdicts.at(static_cast<std::size_t>(deciding.front()));
    std::string others;
    for (const checker::verdict& v : o.verdicts) {
      if (v.judged_as == asked.judged_as || !sees_otherwise(v, asked)) continue;
      others += fmt::format(
          "  - {}: {}\n", engine_title(v.judged_as),
          v.allowed() ? std::string("allowed") : fmt::format("blocked: {}", v.error->message));
    }
    if (!others.empty())
      out += fmt::format(
          "\nThe other engines see it otherwise (--browser all shows each in full):\n{}", others);
  }
  return out;
}

std::string json_report(const outcome& o) {
  const checker::request_plan& plan = o.plan;
  json_writer j;
  j.begin_object();
  j.key("url").value(plan.target.serialized());
  j.key("origin").value(plan.origin);
  j.key("method").value(plan.method);
  j.key("credentials").value(checker::to_string(plan.credentials));
  j.key("cross_origin").value(plan.cross_origin);
  j.key("exit_status").value(exit_status_of(o));
  j.key("browser").value(o.browser ? checker::to_string(*o.browser) : "all");
  // The verdict that decides: the engine's asked for, or under --browser all the first engine
  // that blocks (Chromium's when none does).
  const checker::verdict* deciding = nullptr;
  for (const checker::engine e :
       o.verdicts.empty() ? std::vector<checker::engine>{} : deciding_engines(o)) {
    const checker::verdict& v = o.verdicts.at(static_cast<std::size_t>(e));
    if (deciding == nullptr || (deciding->allowed() && !v.allowed())) deciding = &v;
  }
  if (deciding != nullptr) {
    j.key("verdict").value(verdict_word(deciding->allowed()));
    j.key("standard_verdict").value(verdict_word(deciding->allowed_by_standard()));
    j.key("differs_from_standard").value(deciding->differs_from_standard());
  } else {
    j.key("verdict").value("network_error");
    j.key("standard_verdict").null();
    j.key("differs_from_standard").null();
  }
  j.key("network_error").value(o.network_error);
  j.key("preflight_reasons").value(plan.preflight_reasons);
  j.key("request_notes").value(plan.notes);
  j.key("preflight");
  write_exchange(j, o.preflight);
  j.key("actual");
  write_exchange(j, o.actual);
  j.key("error");
  write_error(j, deciding ? deciding->error : std::nullopt);
  j.key("standard_error");
  write_error(j, deciding ? deciding->standard_error : std::nullopt);
  j.key("readable_headers")
      .value(deciding ? deciding->readable_headers : std::vector<std::string>{});
  j.key("hidden_headers").value(deciding ? deciding->hidden_headers : std::vector<std::string>{});
  j.key("preflight_cache_seconds")
      .value(deciding ? deciding->preflight_cache_seconds : std::nullopt);
  j.key("notes").value(deciding ? deciding->notes : std::vector<std::string>{});
  // Every engine's verdict, whichever was asked for.
  j.key("browsers");
  if (o.verdicts.empty()) {
    j.null();
  } else {
    j.begin_object();
    for (const checker::verdict& v : o.verdicts) {
      j.key(checker::to_string(v.judged_as));
      write_verdict(j, v);
    }
    j.end_object();
  }
  j.end_object();
  return j.text();
}

}  // namespace cors::doctor
