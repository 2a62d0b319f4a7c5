// What fetch() sends and whether it is preflighted: one row per rule of the Fetch Standard's
// "CORS-safelisted method", "CORS-safelisted request-header", "CORS-unsafe request-header names"
// and "CORS-preflight fetch".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cors/checker.hpp"

namespace {

namespace ck = cors::checker;

ck::page_request request(std::string method, std::vector<ck::header_line> headers = {}) {
  ck::page_request r;
  r.url = "https://api.example.com/items?id=1";
  r.origin = "https://app.example.com";
  r.method = std::move(method);
  r.headers = std::move(headers);
  return r;
}

std::string header(const ck::wire_request& w, std::string_view name) {
  for (const ck::header_line& h : w.headers)
    if (h.name == name) return h.value;
  return "<absent>";
}

struct method_row {
  std::string given;
  std::string sent;
  bool preflighted;
};

TEST(request_plan, methods_are_normalized_and_safelisted_like_fetch_does) {
  const std::vector<method_row> rows = {
      {"GET", "GET", false},        {"get", "GET", false},
      {"head", "HEAD", false},      {"Post", "POST", false},
      {"put", "PUT", true},         {"delete", "DELETE", true},
      {"options", "OPTIONS", true}, {"PATCH", "PATCH", true},
      {"patch", "patch", true},  // only the six are upper-cased
      {"Patch", "Patch", true},     {"PURGE", "PURGE", true},
  };
  for (const method_row& row : rows) {
    SCOPED_TRACE(row.given);
    const ck::request_plan plan = ck::plan_request(request(row.given));
    EXPECT_EQ(plan.method, row.sent);
    EXPECT_EQ(plan.actual.method, row.sent);
    EXPECT_EQ(plan.preflight.has_value(), row.preflighted);
    if (plan.preflight) {
      EXPECT_EQ(plan.preflight->method, "OPTIONS");
      EXPECT_EQ(header(*plan.preflight, "Access-Control-Request-Method"), row.sent);
      EXPECT_EQ(plan.preflight_reasons.at(0),
                row.sent + " is not a CORS-safelisted method (GET, HEAD, POST, byte for byte)");
    }
  }
}

struct header_row {
  std::string name;
  std::string value;
  bool safelisted;
  std::string reason;  // the preflight reason when it is not
};

TEST(request_plan, safelisted_request_headers_and_their_value_rules) {
  const std::string v128(128, 'a');
  const std::string v129(129, 'a');
  const std::vector<header_row> rows = {
      {"Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.8", true, ""},
      {"Accept", v128, true, ""},
      {"Accept", v129, false,
       "Accept is 129 bytes long, more than the 128 a safelisted value may have"},
      {"accept", "a\"b", false, "accept contains '\"', a CORS-unsafe byte"},
      {"Accept", "text/(html)", false, "Accept contains '(', a CORS-unsafe byte"},
      {"Accept", "a{b}", false, "Accept contains '{', a CORS-unsafe byte"},
      {"Accept", "x\x01y", false, "Accept contains byte 0x01, a CORS-unsafe byte"},
      {"Accept", "a\tb", true, ""},  // tab is not unsafe
      {"Accept-Language", "en-US,en;q=0.9", true, ""},
      {"Accept-Language", "de_DE", false,
       "Accept-Language contains '_', which a safelisted language value may not"},
      {"Content-Language", "de-DE, *", true, ""},
      {"Content-Language", "de/DE", false,
       "Content-Language contains '/', which a safelisted language value may not"},
      {"Content-Type", "text/plain", true, ""},
      {"Content-Type", "Text/Plain; charset=UTF-8", true, ""},
      {"Content-Type", "application/x-www-form-urlencoded", true, ""},
      {"Content-Type", "multipart/form-data; boundary=xyz", true, ""},
      {"Content-Type", "  text/plain  ", true, ""},  // fetch() trims the value
      {"Content-Type", "application/json", false,
       "Content-Type application/json is not application/x-www-form-urlencoded, "
       "multipart/form-data or text/plain"},
      {"Content-Type", "text/plain; charset=\"utf-8\"", false,
       "Content-Type contains '\"', a CORS-unsafe byte"},
      {"Content-Type", "text", false, "Content-Type 'text' is not a MIME type"},
      {"Content-Type", "text/plain/x", false, "Content-Type 'text/plain/x' is not a MIME type"},
      {"Range", "bytes=0-", true, ""},
      {"Range", "bytes=100-499", true, ""},
      {"Range", "bytes=7-7", true, ""},
      {"Range", "bytes=-500", false,
       "Range 'bytes=-500' is not a simple range (bytes=N- or bytes=N-M)"},
      {"Range", "bytes=500-100", false,
       "Range 'bytes=500-100' is not a simple range (bytes=N- or bytes=N-M)"},
      {"Range", "bytes=0-1,5-6", false,
       "Range 'bytes=0-1,5-6' is not a simple range (bytes=N- or bytes=N-M)"},
      {"Range", "bytes = 0-", false,
       "Range 'bytes = 0-' is not a simple range (bytes=N- or bytes=N-M)"},
      {"X-Custom-Header", "1", false, "X-Custom-Header is not a CORS-safelisted request header"},
      {"Authorization", "Bearer t", false, "Authorization is not a CORS-safelisted request header"},
      {"Cache-Control", "no-cache", false, "Cache-Control is not a CORS-safelisted request header"},
  };
  for (const header_row& row : rows) {
    SCOPED_TRACE(row.name + ": " + row.value);
    const ck::request_plan plan = ck::plan_request(request("GET", {{row.name, row.value}}));
    EXPECT_EQ(plan.preflight.has_value(), !row.safelisted);
    if (row.safelisted) {
      EXPECT_TRUE(plan.unsafe_header_names.empty());
      EXPECT_TRUE(plan.preflight_reasons.empty());
    } else {
      ASSERT_EQ(plan.preflight_reasons.size(), 1u);
      EXPECT_EQ(plan.preflight_reasons[0], row.reason);
      std::string lower = row.name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(header(*plan.preflight, "Access-Control-Request-Headers"), lower);
    }
  }
}

TEST(request_plan, safelisted_values_over_1024_bytes_together_are_all_preflighted) {
  // Nine Accept entries of 120 bytes: each is safelisted, together they are 1080 bytes.
  std::vector<ck::header_line> nine(9, {"Accept", std::string(120, 'a')});
  nine.push_back({"Content-Language", "en"});
  const ck::request_plan plan = ck::plan_request(request("GET", nine));
  ASSERT_TRUE(plan.preflight.has_value());
  EXPECT_EQ(plan.unsafe_header_names, (std::vector<std::string>{"accept", "content-language"}));
  EXPECT_EQ(header(*plan.preflight, "Access-Control-Request-Headers"), "accept,content-language");
  EXPECT_EQ(plan.preflight_reasons,
            std::vector<std::string>{"the safelisted header values add up to 1082 bytes, more "
                                     "than 1024: accept, content-language are preflighted too"});

  // Eight are 960 bytes: no preflight.
  const ck::request_plan under =
      ck::plan_request(request("GET", std::vector<ck::header_line>(8, nine[0])));
  EXPECT_FALSE(under.preflight.has_value());
}

TEST(request_plan, request_headers_list_is_lower_case_sorted_deduplicated_without_spaces) {
  const ck::request_plan plan =
      ck::plan_request(request("POST", {{"X-Zeta", "1"},
                                        {"Content-Type", "application/json"},
                                        {"x-CUSTOM-header", "2"},
                                        {"X-Custom-Header", "3"},
                                        {"Accept", "text/plain"}}));  // safelisted: not listed
  ASSERT_TRUE(plan.preflight.has_value());
  EXPECT_EQ(header(*plan.preflight, "Access-Control-Request-Headers"),
            "content-type,x-custom-header,x-zeta");
  EXPECT_EQ(plan.unsafe_header_names,
            (std::vector<std::string>{"content-type", "x-custom-header", "x-zeta"}));
  EXPECT_EQ(ck::access_control_request_headers({"B", "a", "b", "A-B"}), "a,a-b,b");
  EXPECT_EQ(ck::access_control_request_headers({}), "");
}

TEST(request_plan, the_preflight_carries_exactly_what_a_browser_sends) {
  ck::page_request r = request("PUT", {{"X-Custom-Header", "1"}, {"Content-Type", "text/plain"}});
  r.credentials = ck::credentials_mode::include;  // a preflight never carries credentials
  const ck::request_plan plan = ck::plan_request(r);
  ASSERT_TRUE(plan.preflight.has_value());
  EXPECT_EQ(plan.preflight->target.serialized(), "https://api.example.com/items?id=1");
  const std::vector<ck::header_line> expected = {
      {"Accept", "*/*"},
      {"Access-Control-Request-Method", "PUT"},
      {"Access-Control-Request-Headers", "x-custom-header"},
      {"Origin", "https://app.example.com"},
      {"Sec-Fetch-Mode", "cors"},
      {"Sec-Fetch-Site", "same-site"},
      {"Sec-Fetch-Dest", "empty"},
      {"Referer", "https://app.example.com/"},
  };
  ASSERT_EQ(plan.preflight->headers.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(plan.preflight->headers[i].name, expected[i].name);
    EXPECT_EQ(plan.preflight->headers[i].value, expected[i].value);
  }
}

TEST(request_plan, the_actual_request_keeps_the_authors_headers_combined) {
  const ck::request_plan plan = ck::plan_request(request(
      "POST", {{"X-Custom-Header", " 1 "}, {"x-custom-header", "2"}, {"Accept", "text/plain"}}));
  const std::vector<ck::header_line> expected = {
      {"X-Custom-Header", "1, 2"},
      {"Accept", "text/plain"},  // given: no default Accept
      {"Content-Length", "0"},   // POST without a body
      {"Origin", "https://app.example.com"},
      {"Sec-Fetch-Mode", "cors"},
      {"Sec-Fetch-Site", "same-site"},
      {"Sec-Fetch-Dest", "empty"},
      {"Referer", "https://app.example.com/"},
  };
  ASSERT_EQ(plan.actual.headers.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(plan.actual.headers[i].name, expected[i].name);
    EXPECT_EQ(plan.actual.headers[i].value, expected[i].value);
  }
  EXPECT_EQ(header(ck::plan_request(request("GET")).actual, "Accept"), "*/*");
}

struct site_row {
  std::string origin;
  std::string url;
  std::string site;
  std::string referer;
};

TEST(request_plan, sec_fetch_site_and_referer_follow_the_origin) {
  const std::vector<site_row> rows = {
      {"https://app.example.com", "https://api.example.com/", "same-site",
       "https://app.example.com/"},
      {"http://app.example.com", "https://api.example.com/", "cross-site",
       "http://app.example.com/"},  // schemeful sites
      {"https://app.example.co.uk", "https://api.other.co.uk/", "cross-site",
       "https://app.example.co.uk/"},
      {"https://a.example.co.uk", "https://b.example.co.uk/", "same-site",
       "https://a.example.co.uk/"},
      {"http://127.0.0.1:3000", "http://127.0.0.1:8080/", "same-site", "http://127.0.0.1:3000/"},
      {"https://app.example.com", "http://api.example.com/", "cross-site",
       "<absent>"},  // no Referer from https to http
      {"null", "https://api.example.com/", "cross-site", "<absent>"},
  };
  for (const site_row& row : rows) {
    SCOPED_TRACE(row.origin + " -> " + row.url);
    ck::page_request r = request("PUT");
    r.origin = row.origin;
    r.url = row.url;
    const ck::request_plan plan = ck::plan_request(r);
    EXPECT_EQ(header(*plan.preflight, "Sec-Fetch-Site"), row.site);
    EXPECT_EQ(header(*plan.preflight, "Referer"), row.referer);
    EXPECT_EQ(header(*plan.preflight, "Origin"), row.origin);
  }
}

TEST(request_plan, same_origin_requests_are_not_cors_requests) {
  ck::page_request r = request("PUT", {{"X-Custom-Header", "1"}});
  r.url = "https://app.example.com/items";
  const ck::request_plan plan = ck::plan_request(r);
  EXPECT_FALSE(plan.cross_origin);
  EXPECT_FALSE(plan.preflight.has_value());
  EXPECT_EQ(header(plan.actual, "Origin"), "https://app.example.com");  // not GET or HEAD
  EXPECT_EQ(header(plan.actual, "Sec-Fetch-Site"), "same-origin");
  r.method = "GET";
  EXPECT_EQ(header(ck::plan_request(r).actual, "Origin"), "<absent>");
}

TEST(request_plan, forbidden_headers_are_dropped_with_a_note) {
  const ck::request_plan plan =
      ck::plan_request(request("GET", {{"Cookie", "a=1"},
                                       {"Sec-Custom", "1"},
                                       {"Proxy-Authorization", "x"},
                                       {"X-HTTP-Method-Override", "TRACE"},
                                       {"X-HTTP-Method-Override", "PUT"},
                                       {"Origin", "https://evil"}}));
  // Only the override that names an allowed method is kept, and it is not safelisted.
  ASSERT_TRUE(plan.preflight.has_value());
  EXPECT_EQ(plan.unsafe_header_names, std::vector<std::string>{"x-http-method-override"});
  EXPECT_EQ(plan.notes.size(), 5u);
  EXPECT_EQ(plan.notes.at(0),
            "Cookie is a forbidden request header: fetch() drops it, the browser sets it itself");
  EXPECT_EQ(header(plan.actual, "Cookie"), "<absent>");
  EXPECT_EQ(header(plan.actual, "Origin"), "https://app.example.com");
}

struct invalid_row {
  ck::page_request request;
  std::string what;
};

TEST(request_plan, requests_fetch_refuses_throw_with_the_reason) {
  const auto with = [](auto change) {
    ck::page_request r = request("GET");
    change(r);
    return r;
  };
  const std::vector<invalid_row> rows = {
      {with([](ck::page_request& r) { r.method = "TRACE"; }),
       "fetch() refuses the method TRACE: it is a forbidden method"},
      {with([](ck::page_request& r) { r.method = "connect"; }),
       "fetch() refuses the method connect: it is a forbidden method"},
      {with([](ck::page_request& r) { r.method = "GE T"; }),
       "fetch() refuses the method 'GE T': it is not an HTTP token"},
      {with([](ck::page_request& r) {
         r.headers = {{"X Bad", "1"}};
       }),
       "fetch() refuses the header name 'X Bad': it is not an HTTP token"},
      {with([](ck::page_request& r) {
         r.headers = {{"X-A", "a\nb"}};
       }),
       "fetch() refuses the value of X-A: it contains NUL, CR or LF"},
      {with([](ck::page_request& r) { r.url = "ftp://api.example.com/"; }),
       "'ftp://api.example.com/' is not an absolute http: or https: URL without user name or "
       "password"},
      {with([](ck::page_request& r) { r.url = "https://user:pw@api.example.com/"; }),
       "'https://user:pw@api.example.com/' is not an absolute http: or https: URL without user "
       "name or password"},
      {with([](ck::page_request& r) { r.origin = "https://App.Example.com:443/"; }),
       "'https://App.Example.com:443/' is not a serialized origin; a browser sends "
       "'https://app.example.com'"},
      {with([](ck::page_request& r) { r.origin = "app.example.com"; }),
       "'app.example.com' is not an origin: give scheme://host[:port], or null"},
  };
  for (const invalid_row& row : rows) {
    try {
      ck::plan_request(row.request);
      ADD_FAILURE() << "no exception for: " << row.what;
    } catch (const ck::invalid_request& e) {
      EXPECT_EQ(std::string(e.what()), row.what);
    }
  }
}

struct url_row {
  std::string text;
  std::string serialized;  // empty: not a URL fetch() takes
  std::string authority;
  int port;
};

TEST(url, parses_and_serializes_the_way_chromium_prints_urls) {
  const std::vector<url_row> rows = {
      {"http://example.com", "http://example.com/", "example.com", 80},
      {"HTTPS://API.Example.COM:443/A?b=C#frag", "https://api.example.com/A?b=C", "api.example.com",
       443},
      {"http://127.0.0.1:8080?x", "http://127.0.0.1:8080/?x", "127.0.0.1:8080", 8080},
      {"http://[::1]:9000/p", "http://[::1]:9000/p", "[::1]:9000", 9000},
      {"https://example.com:/", "https://example.com/", "example.com", 443},
      {"http://example.com/caf\xc3\xa9", "http://example.com/caf%C3%A9", "example.com", 80},
      {"http://example.com:65536/", "", "", 0},
      {"http://example.com/a b", "", "", 0},
      {"http://:80/", "", "", 0},
      {"http://ex ample.com/", "", "", 0},
      {"http://[::1/", "", "", 0},
      {"mailto:a@b", "", "", 0},
      {"//example.com/", "", "", 0},
  };
  for (const url_row& row : rows) {
    SCOPED_TRACE(row.text);
    const std::optional<ck::url> u = ck::parse_url(row.text);
    if (row.serialized.empty()) {
      EXPECT_FALSE(u.has_value());
      continue;
    }
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->serialized(), row.serialized);
    EXPECT_EQ(u->authority(), row.authority);
    EXPECT_EQ(u->port, row.port);
  }
}

}  // namespace
