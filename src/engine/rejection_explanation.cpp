#include "rejection_explanation.hpp"

#include <algorithm>

#include "fetch_rules.hpp"
#include "origin.hpp"
#include "tokens.hpp"

namespace cors::detail {
namespace {

constexpr std::size_t max_listed_entries = 8;
constexpr std::size_t max_quoted_bytes = 128;
// What follows a list: ", and the origin predicate, and null)" and a near-miss hint naming one
// configured item ("; '<item>' is allowed, which differs only by 'www.'").
constexpr std::size_t room_after_list = 256;

// Quotes bytes from the request so that a log line stays one printable line whatever the client
// sent: control bytes, non-ASCII, quotes and backslashes become \xNN.
void append_quoted(explanation_line& out, std::string_view text) {
  constexpr std::string_view hex_digits = "0123456789abcdef";
  out.append('\'');
  const std::size_t shown = std::min(text.size(), max_quoted_bytes);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
      const char escaped[] = {'\\', 'x', hex_digits[c >> 4], hex_digits[c & 0xf]};
      out.append(std::string_view(escaped, sizeof escaped));
    } else {
      out.append(static_cast<char>(c));
    }
  }
  if (shown < text.size()) {
    out.append(std::string_view("...("));
    out.append_number(text.size());
    out.append(std::string_view(" bytes)"));
  }
  out.append('\'');
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

// "; 'https://app.example' is allowed, which differs only by port".
void append_near_miss(explanation_line& out, std::string_view allowed,
                      std::string_view difference) {
  out.append(std::string_view("; '"));
  out.append_item(allowed);
  out.append(std::string_view("' is allowed, which differs only by "));
  out.append(difference);
}

// The allowed exact origin that the request's origin most nearly is, and how it differs: the
// common mistakes behind "it works on my machine" CORS failures.
void append_origin_hint(explanation_line& out, const policy_state& state, std::string_view origin) {
  origin_parts request;
  if (parse_origin(origin, request) != origin_error::none) return;
  for (const std::string& entry : state.cfg.allowed_origins) {
    origin_parts allowed;
    if (parse_origin(entry, allowed) != origin_error::none) continue;  // patterns, "*"
    const bool same_scheme = allowed.scheme == request.scheme;
    const bool same_host = allowed.host == request.host;
    const bool same_port = allowed.port == request.port;
    std::string_view difference;
    if (!same_scheme && same_host && same_port) {
      difference = "scheme";
    } else if (same_scheme && same_host && !same_port) {
      difference = "port";
    } else if (same_scheme && same_port && !same_host &&
               strip_www(allowed.host) == strip_www(request.host)) {
      difference = "'www.'";
    }
    if (!difference.empty()) {
      append_near_miss(out, entry, difference);
      return;
    }
  }
}

void append_malformed_origin_hint(explanation_line& out, const policy_state& state,
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
      append_near_miss(out, entry, "case");
      return;
    }
  }
}

}  // namespace

void explain(const policy_state& state, const decision& d, explanation_line& out) noexcept {
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
    case rejection_reason::origin_not_allowed: {
      out.append(std::string_view("origin "));
      append_quoted(out, offending);
      out.append(std::string_view(" is not allowed (allowed: "));
      list_writer allowed(out, max_listed_entries, room_after_list);
      for (const std::string& entry : state.cfg.allowed_origins) allowed.add(entry);
      allowed.finish();
      if (state.cfg.origin_predicate) out.append(std::string_view(", and the origin predicate"));
      if (state.cfg.allow_null_origin) out.append(std::string_view(", and null"));
      out.append(')');
      append_origin_hint(out, state, offending);
      break;
    }
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
      out.append(std::string_view(" is not allowed (allowed: "));
      list_writer allowed(out, max_listed_entries, room_after_list);
      for (const std::string_view safelisted : {"GET", "HEAD", "POST"}) allowed.add(safelisted);
      for (const std::string& m : state.methods)
        if (!is_safelisted_method(m)) allowed.add(m);
      allowed.finish();
      out.append(')');
      for (const std::string& m : state.methods) {
        if (iequals(m, offending)) {
          out.append(std::string_view("; methods are case-sensitive and '"));
          out.append_item(m);
          out.append(std::string_view("' is allowed"));
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
        list_writer allowed(out, max_listed_entries, room_after_list);
        for (const std::string& name : state.headers.names.names()) allowed.add(name);
        allowed.finish();
        out.append(')');
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
