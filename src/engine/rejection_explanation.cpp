#include "rejection_explanation.hpp"

#include <iterator>

#include "fetch_rules.hpp"
#include "origin.hpp"
#include "tokens.hpp"

namespace cors::detail {
namespace {

constexpr std::size_t max_quoted_bytes = 128;
constexpr std::size_t max_listed_entries = 8;

// Quotes bytes from the request so that a log line stays one printable line whatever the client
// sent: control bytes, non-ASCII, quotes and backslashes become \xNN.
void append_quoted(explanation_buffer& out, std::string_view text) {
  out.push_back('\'');
  const std::size_t shown = text.size() < max_quoted_bytes ? text.size() : max_quoted_bytes;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (shown < text.size()) fmt::format_to(std::back_inserter(out), "...({} bytes)", text.size());
  out.push_back('\'');
}

template <class Range, class Project>
void append_list(explanation_buffer& out, const Range& items, Project project) {
  std::size_t listed = 0;
  std::size_t total = 0;
  for (const auto& item : items) {
    const std::string_view text = project(item);
    if (text.empty()) continue;
    ++total;
    if (listed == max_listed_entries) continue;
    if (listed++ > 0) out.append(std::string_view(", "));
    out.append(text);
  }
  if (total == 0) out.append(std::string_view("none"));
  if (total > listed) fmt::format_to(std::back_inserter(out), " and {} more", total - listed);
}

std::string_view kind_prefix(request_kind kind) {
  switch (kind) {
    case request_kind::preflight:
      return "preflight rejected: ";
    case request_kind::plain_options:
      return "OPTIONS request rejected: ";
    default:
      return "request rejected: ";
  }
}

std::string_view strip_www(std::string_view host) {
  return host.substr(0, 4) == "www." ? host.substr(4) : host;
}

// The allowed exact origin that the request's origin most nearly is, and how it differs: the
// common mistakes behind "it works on my machine" CORS failures.
void append_origin_hint(explanation_buffer& out, const policy_state& state,
                        std::string_view origin) {
  origin_parts request;
  if (parse_origin(origin, request) != origin_error::none) return;
  for (const std::string& entry : state.cfg.allowed_origins) {
    origin_parts allowed;
    if (parse_origin(entry, allowed) != origin_error::none) continue;  // patterns, "*"
    const bool same_scheme = allowed.scheme == request.scheme;
    const bool same_host = allowed.host == request.host;
    const bool same_port = allowed.port == request.port;
    const char* difference = nullptr;
    if (!same_scheme && same_host && same_port) {
      difference = "scheme";
    } else if (same_scheme && same_host && !same_port) {
      difference = "port";
    } else if (same_scheme && same_port && !same_host &&
               strip_www(allowed.host) == strip_www(request.host)) {
      difference = "'www.'";
    }
    if (difference != nullptr) {
      fmt::format_to(std::back_inserter(out), "; '{}' is allowed, which differs only by {}", entry,
                     difference);
      return;
    }
  }
}

void append_malformed_origin_hint(explanation_buffer& out, const policy_state& state,
                                  std::string_view origin) {
  if (holds_several_origins(origin)) {
    out.append(std::string_view(
        ": several origins in one line (a proxy may join repeated Origin lines with commas); "
        "browsers send exactly one"));
    return;
  }
  origin_parts ignored;
  const origin_error error = parse_origin(origin, ignored);
  if (error != origin_error::none) {
    out.append(std::string_view(": "));
    out.append(describe(error));
  }
  // A client that upper-cased an allowed origin, or spelled out its default port, is close.
  for (const std::string& entry : state.cfg.allowed_origins) {
    if (iequals(entry, origin)) {
      fmt::format_to(std::back_inserter(out), "; '{}' is allowed, which differs only by case",
                     entry);
      return;
    }
  }
}

}  // namespace

void explain(const policy_state& state, const decision& d, explanation_buffer& out) {
  if (d.allowed()) return;
  out.append(kind_prefix(d.kind()));
  const std::string_view offending = d.offending_value();
  switch (d.reason()) {
    case rejection_reason::none:
      break;
    case rejection_reason::malformed_origin:
      if (d.offending_header_repeated()) {
        out.append(std::string_view("more than one Origin line, the first "));
        append_quoted(out, offending);
        out.append(std::string_view(
            " (browsers send exactly one; refused even when the lines are equal)"));
        break;
      }
      out.append(std::string_view("malformed Origin "));
      append_quoted(out, offending);
      if (offending.find('\n') == std::string_view::npos)  // never parse what a client split
        append_malformed_origin_hint(out, state, offending);
      break;
    case rejection_reason::origin_not_allowed:
      out.append(std::string_view("origin "));
      append_quoted(out, offending);
      out.append(std::string_view(" is not allowed (allowed: "));
      append_list(out, state.cfg.allowed_origins,
                  [](const std::string& s) -> std::string_view { return s; });
      if (state.cfg.origin_predicate) out.append(std::string_view(", and the origin predicate"));
      if (state.cfg.allow_null_origin) out.append(std::string_view(", and null"));
      out.push_back(')');
      append_origin_hint(out, state, offending);
      break;
    case rejection_reason::malformed_request_method:
      if (d.offending_header_repeated()) {
        out.append(
            std::string_view("more than one Access-Control-Request-Method line, the first "));
        append_quoted(out, offending);
        out.append(std::string_view(" (browsers send exactly one)"));
        break;
      }
      out.append(std::string_view("malformed Access-Control-Request-Method "));
      append_quoted(out, offending);
      break;
    case rejection_reason::method_not_allowed: {
      out.append(std::string_view("method "));
      append_quoted(out, offending);
      out.append(std::string_view(" is not allowed (allowed: GET, HEAD, POST"));
      for (const std::string& m : state.methods) {
        if (is_safelisted_method(m)) continue;
        out.append(std::string_view(", "));
        out.append(m);
      }
      out.push_back(')');
      for (const std::string& m : state.methods) {
        if (iequals(m, offending)) {
          fmt::format_to(std::back_inserter(out),
                         "; methods are case-sensitive and '{}' is allowed", m);
          break;
        }
      }
      break;
    }
    case rejection_reason::malformed_request_headers:
      out.append(std::string_view("malformed Access-Control-Request-Headers near "));
      append_quoted(out, offending);
      out.append(std::string_view(
          " (a comma-separated list of header names, at most 128 names, 16 lines and 16 empty "
          "elements)"));
      break;
    case rejection_reason::header_not_allowed:
      out.append(std::string_view("request header "));
      append_quoted(out, offending);
      out.append(std::string_view(" is not allowed (allowed: "));
      if (state.headers.any) {
        out.append(std::string_view(
            "*, which never covers Authorization: list \"Authorization\" explicitly)"));
      } else {
        append_list(out, state.headers.names.names(),
                    [](const std::string& s) -> std::string_view { return s; });
        out.push_back(')');
      }
      break;
    case rejection_reason::private_network_not_allowed:
      out.append(std::string_view(
          "the page asks for private network access (Access-Control-Request-Private-Network) "
          "and allow_private_network is off"));
      break;
  }
}

}  // namespace cors::detail
