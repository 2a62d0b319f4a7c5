// Firefox's and WebKit's console messages for each failing check: Firefox ESR 153's
// security.properties (with its curly quotes), WebKitGTK 2.50's CrossOriginAccessControl.cpp and
// CrossOriginPreflightChecker.cpp, as the browser suite sees them for fetch().
#include <fmt/format.h>

#include "checker_detail.hpp"
#include "tokens.hpp"

namespace cors::checker::detail {

namespace {

std::string status_of(const finding& f) {
  return f.failed != nullptr ? std::to_string(f.failed->status) : std::string("?");
}

constexpr std::string_view firefox_blocked =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource "
    "at ";

}  // namespace

std::size_t count_lines(const std::vector<header_line>& headers, std::string_view name) {
  std::size_t count = 0;
  for (const header_line& h : headers)
    if (cors::detail::iequals(h.name, name)) ++count;
  return count;
}

std::string firefox_message(const request_plan& plan, const finding& f) {
  switch (f.check) {
    case failing_check::preflight_redirect:
      return "(Reason: CORS request external redirect not allowed).";
    case failing_check::allow_origin_missing:
      return fmt::format(
          "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: {}.",
          status_of(f));
    case failing_check::allow_origin_multiple:
      // Several header lines; several origins on one line are one value that does not match.
      if (f.failed != nullptr && count_lines(f.failed->headers, "Access-Control-Allow-Origin") > 1)
        return "(Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not "
               "allowed).";
      [[fallthrough]];
    case failing_check::allow_origin_invalid:
    case failing_check::allow_origin_mismatch:
      return fmt::format(
          "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match "
          "\u2018{}\u2019).",
          f.hint);
    case failing_check::allow_origin_wildcard:
      return "(Reason: Credential is not supported if the CORS header "
             "\u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019).";
    case failing_check::allow_credentials:
      return "(Reason: expected \u2018true\u2019 in CORS header "
             "\u2018Access-Control-Allow-Credentials\u2019).";
    case failing_check::preflight_status:
      return fmt::format("(Reason: CORS preflight response did not succeed). Status code: {}.",
                         status_of(f));
    case failing_check::allow_methods_invalid:
      return fmt::format(
          "(Reason: invalid token \u2018{}\u2019 in CORS header "
          "\u2018Access-Control-Allow-Methods\u2019).",
          f.hint);
    case failing_check::allow_headers_invalid:
      return fmt::format(
          "(Reason: invalid token \u2018{}\u2019 in CORS header "
          "\u2018Access-Control-Allow-Headers\u2019).",
          f.hint);
    case failing_check::method_not_allowed:
      return "(Reason: Did not find method in CORS header "
             "\u2018Access-Control-Allow-Methods\u2019).";
    case failing_check::header_not_allowed:
      return fmt::format(
          "(Reason: header \u2018{}\u2019 is not allowed according to header "
          "\u2018Access-Control-Allow-Headers\u2019 from CORS preflight response).",
          f.hint);
  }
  (void)plan;
  return {};
}

std::string firefox_console(const request_plan& plan, const finding& f, std::string_view message) {
  const std::string url = plan.target.serialized();
  // This one message quotes the URL.
  std::string lines = f.check == failing_check::allow_origin_wildcard
                          ? fmt::format("{}\u2018{}\u2019. {}", firefox_blocked, url, message)
                          : fmt::format("{}{}. {}", firefox_blocked, url, message);
  if (f.check == failing_check::preflight_redirect)
    lines +=
        fmt::format("\n{}{}. (Reason: CORS preflight response did not succeed). Status code: {}.",
                    firefox_blocked, url, status_of(f));
  if (f.response == response_kind::preflight)
    lines += fmt::format("\n{}{}. (Reason: CORS request did not succeed). Status code: (null).",
                         firefox_blocked, url);
  return lines;
}

std::string webkit_message(const request_plan& plan, const finding& f) {
  switch (f.check) {
    case failing_check::preflight_redirect:  // WebKit reports the status of any non-2xx first
    case failing_check::preflight_status:
      return fmt::format("Preflight response is not successful. Status code: {}", status_of(f));
    case failing_check::allow_origin_missing:
    case failing_check::allow_origin_invalid:
    case failing_check::allow_origin_mismatch:
      return fmt::format("Origin {} is not allowed by Access-Control-Allow-Origin. Status code: {}",
                         plan.origin, status_of(f));
    case failing_check::allow_origin_multiple:
      return "Access-Control-Allow-Origin cannot contain more than one origin.";
    case failing_check::allow_origin_wildcard:
      return "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.";
    case failing_check::allow_credentials:
      return "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".";
    case failing_check::allow_methods_invalid:
    case failing_check::allow_headers_invalid: {
      const std::string_view header = f.check == failing_check::allow_methods_invalid
                                          ? "Access-Control-Allow-Methods"
                                          : "Access-Control-Allow-Headers";
      const std::optional<std::string> value =
          f.failed != nullptr ? combined_value(f.failed->headers, header) : std::nullopt;
      return fmt::format("Header {} has an invalid value: {}", header, value.value_or(""));
    }
    case failing_check::method_not_allowed:
      return fmt::format("Method {} is not allowed by Access-Control-Allow-Methods.", plan.method);
    case failing_check::header_not_allowed:
      return fmt::format("Request header field {} is not allowed by Access-Control-Allow-Headers.",
                         spelled(plan, f.hint));
  }
  return {};
}

std::string webkit_console(const request_plan& plan, std::string_view message) {
  return fmt::format("{}\nFetch API cannot load {} due to access control checks.", message,
                     plan.target.serialized());
}

}  // namespace cors::checker::detail
