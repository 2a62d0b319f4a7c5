// The browser's half of CORS (Fetch Standard, "CORS protocol"): what a page's fetch() puts on
// the wire, whether a preflight goes first, and whether the browser then lets the page read the
// answer, with the console message Chromium, Firefox or Safari (WebKit) prints when it does
// not, and what to change on the server.
//
// Pure logic, no I/O: give it the request a page makes and the responses a server gave, and it
// judges them. cors-doctor is this plus an HTTP client.
//
//   cors::checker::page_request r;
//   r.url = "https://api.example.com/items";
//   r.origin = "https://app.example.com";
//   r.method = "PUT";
//   r.headers = {{"Content-Type", "application/json"}};
//   const cors::checker::request_plan plan = cors::checker::plan_request(r);
//   // plan.preflight: OPTIONS with Access-Control-Request-Headers: content-type, ...
//   cors::checker::verdict v = cors::checker::judge(plan, preflight_response, actual_response,
//                                                   cors::checker::engine::firefox);
//   if (!v.allowed()) std::puts(v.error->console_line.c_str());
#ifndef CORS_CHECKER_HPP
#define CORS_CHECKER_HPP

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cors::checker {

// The browser engine whose rules and console messages a verdict follows: Chromium 156 (and
// the other Blink browsers), Firefox ESR 153 (Gecko), WebKitGTK 2.50 (WebKit, as in Safari).
// They differ in their messages, in the order of a preflight's checks (WebKit looks at the
// status first), and in how long they cache a preflight.
enum class engine { chromium, firefox, webkit };

std::string_view to_string(engine e) noexcept;  // "chromium", "firefox", "webkit"

// "chromium", "firefox", "webkit" or "safari"; nullopt for anything else.
std::optional<engine> parse_engine(std::string_view name) noexcept;

// fetch()'s `credentials` option. Only `include` makes a cross-origin request credentialed.
enum class credentials_mode { omit, same_origin, include };

std::string_view to_string(credentials_mode mode) noexcept;

struct header_line {
  std::string name;
  std::string value;
};

// An absolute http or https URL, split for sending and serialized the way browsers print it.
struct url {
  std::string scheme;      // "http" or "https"
  std::string host;        // lower case; an IPv6 address keeps its brackets
  std::uint16_t port = 0;  // explicit, or the scheme's default
  std::string target;      // path and query, at least "/"; the fragment is never sent

  bool secure() const noexcept { return scheme == "https"; }
  bool default_port() const noexcept { return port == (secure() ? 443 : 80); }
  std::string authority() const;   // host[:port], the port only when it is not the default
  std::string origin() const;      // scheme://authority
  std::string serialized() const;  // origin + target
};

// nullopt unless `text` is an absolute http: or https: URL without user information.
std::optional<url> parse_url(std::string_view text);

// What a page passes to fetch(url, {method, headers, credentials}), and the page's origin.
struct page_request {
  std::string url;
  std::string origin;  // a serialized origin ("https://app.example.com"), or "null"
  std::string method = "GET";
  std::vector<header_line> headers;
  credentials_mode credentials = credentials_mode::same_origin;
};

// A request fetch() refuses before sending anything (it rejects with a TypeError): a forbidden
// method, a header name that is not a token, a URL it cannot fetch... what() says which.
class invalid_request : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A request as the browser puts it on the wire. Host, User-Agent, connection management and
// headers that play no part in CORS (Accept-Encoding, Accept-Language, client hints) are left
// to the HTTP client.
struct wire_request {
  std::string method;
  url target;
  std::vector<header_line> headers;
};

// What the browser will do with a page_request.
struct request_plan {
  url target;
  std::string origin;
  std::string method;  // after fetch()'s normalization: only DELETE GET HEAD OPTIONS POST PUT
                       // are upper-cased, so 'patch' stays 'patch'
  credentials_mode credentials = credentials_mode::same_origin;
  bool cross_origin = true;  // false: CORS does not apply at all

  // The author's headers fetch() keeps: values trimmed, repeated names combined with ", ".
  std::vector<header_line> headers;
  // The CORS-unsafe request-header names: lower case, sorted, without duplicates.
  std::vector<std::string> unsafe_header_names;
  // Why a preflight goes first, one reason per line; empty when none does.
  std::vector<std::string> preflight_reasons;
  // What fetch() changes about the request without failing (headers it drops), plain words.
  std::vector<std::string> notes;

  std::optional<wire_request> preflight;  // the OPTIONS request sent first, when one is
  wire_request actual;
};

// Throws invalid_request when fetch() would refuse `request`.
request_plan plan_request(const page_request& request);

// The value of Access-Control-Request-Headers for `names`: lower case, sorted, deduplicated and
// joined by "," without spaces, as Chromium sends it. Empty for no names.
std::string access_control_request_headers(const std::vector<std::string>& names);

struct http_response {
  int status = 0;
  std::vector<header_line> headers;  // as received, one entry per header line
};

// The check that made the browser block the request, in the order Chromium and Firefox make
// them (WebKit checks preflight_status first).
enum class failing_check {
  preflight_redirect,     // a 3xx with Location answered the preflight
  allow_origin_missing,   // no Access-Control-Allow-Origin
  allow_origin_multiple,  // several values, on one line or several
  allow_origin_invalid,   // a value that is not an origin, "*" or "null"
  allow_origin_mismatch,  // an origin other than the request's
  allow_origin_wildcard,  // "*" on a credentialed request
  allow_credentials,      // Access-Control-Allow-Credentials not exactly "true", credentialed
  preflight_status,       // the preflight's status is not 2xx
  allow_methods_invalid,  // Access-Control-Allow-Methods is not a list of tokens
  allow_headers_invalid,  // Access-Control-Allow-Headers is not a list of tokens
  method_not_allowed,
  header_not_allowed,
};

std::string_view to_string(failing_check check) noexcept;

enum class response_kind { preflight, actual };

std::string_view to_string(response_kind kind) noexcept;

// Why a browser blocks the request, and what to do about it.
struct cors_error {
  failing_check check = failing_check::allow_origin_missing;
  response_kind response = response_kind::actual;  // the response that failed the check
  // The engine's console message, without the URL it names:
  //   Chromium: the text after "has been blocked by CORS policy: ";
  //   Firefox:  from "(Reason: " on;
  //   WebKit:   the CONSOLE SECURITY ERROR line.
  std::string message;
  // Everything the engine logs, one console entry per line:
  //   Chromium: "Access to fetch at 'URL' from origin 'ORIGIN' has been blocked by CORS policy:
  //             MESSAGE";
  //   Firefox:  "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the
  //             remote resource at URL. MESSAGE", and after a failed preflight a second line
  //             "... (Reason: CORS request did not succeed). Status code: (null).";
  //   WebKit:   MESSAGE, then "Fetch API cannot load URL due to access control checks."
  std::string console_line;
  std::string cause;        // what the server did, in plain words
  std::string fix;          // what to change on the server, whatever it runs
  std::string library_fix;  // the same, for a server using this library's cors::config
};

struct verdict {
  engine judged_as = engine::chromium;
  // Why the engine blocks the request; empty when it lets the page read the response.
  std::optional<cors_error> error;
  // Why the Fetch Standard blocks it. Equal to `error` except where the engine departs from the
  // standard: '*' in Access-Control-Allow-Headers covers Authorization in all three engines,
  // never in the standard; the messages' wording and the order of the checks (its `message` is
  // in the engine's words).
  std::optional<cors_error> standard_error;

  // False while the verdict waits for the actual response (the preflight passed, or none was
  // needed, and no actual response was given yet).
  bool complete = true;

  // Header names (lower case, in response order) of the actual response that a script can read
  // with response.headers.get(), and those it cannot. Filled once the response is readable.
  std::vector<std::string> readable_headers;
  std::vector<std::string> hidden_headers;

  // How long the engine caches this preflight's result; set when a preflight passed. From
  // Access-Control-Max-Age: 0 when negative; at most 7200 s in Chromium, 86400 s in Firefox,
  // 600 s in WebKit; when absent 5 s; when it does not parse 5 s, but 0 in Firefox.
  std::optional<int> preflight_cache_seconds;

  // Warnings that block nothing today: a missing Vary: Origin, a max-age the engine caps,
  // Firefox's warning about Authorization under '*'...
  std::vector<std::string> notes;

  bool allowed() const noexcept { return !error.has_value(); }
  bool allowed_by_standard() const noexcept { return !standard_error.has_value(); }
  // The engine's verdict, or the check it reports, is not the standard's.
  bool differs_from_standard() const noexcept {
    return error.has_value() != standard_error.has_value() ||
           (error && standard_error && error->check != standard_error->check);
  }
};

// Judges, as engine `e` does, the responses a server gave to `plan`: the preflight's (required
// when the plan has a preflight) and the actual request's. Without the actual response the
// verdict covers the preflight only, and is incomplete if the preflight passed. Throws
// std::invalid_argument when the plan has a preflight and no preflight response is given.
verdict judge(const request_plan& plan, const std::optional<http_response>& preflight_response,
              const std::optional<http_response>& actual_response, engine e = engine::chromium);

// The same from the page's request; throws invalid_request as plan_request() does.
verdict judge(const page_request& request, const std::optional<http_response>& preflight_response,
              const std::optional<http_response>& actual_response, engine e = engine::chromium);

}  // namespace cors::checker

#endif  // CORS_CHECKER_HPP
