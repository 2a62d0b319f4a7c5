// Hostile requests through policy::evaluate: whatever a client sends, the decision is a clean
// rejection with a short offending view, and no emitted header value carries a byte outside the
// header-value grammar (CR, LF, NUL or another control byte but tab).
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"
#include "requests.hpp"

namespace {

using cors::rejection_reason;

using cors_test::preflight;
using cors_test::repeat;

constexpr std::string_view app = "https://app.example.com";

std::string names(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += "x-h" + std::to_string(i) + ",";
  out.pop_back();
  return out;
}

// --- hostile Access-Control-Request-Headers through evaluate -------------------------------------

// Values are built inside the test, not when the tests are registered.
struct hostile_headers_case {
  const char* name;
  std::string (*make)();
  rejection_reason expected;
};

void PrintTo(const hostile_headers_case& c, std::ostream* os) {
  *os << c.name;
}

class hostile_request_headers : public ::testing::TestWithParam<hostile_headers_case> {};

// "*" headers, so that every well-formed name passes and only the grammar and the limits decide.
TEST_P(hostile_request_headers, pass_within_the_limits_and_are_malformed_beyond) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_headers = {"*"};
  const cors::policy policy(cfg);
  const std::string value = GetParam().make();
  const cors::decision d = policy.evaluate(preflight(app, "POST", value));
  EXPECT_EQ(d.kind(), cors::request_kind::preflight);
  EXPECT_EQ(d.reason(), GetParam().expected) << cors::to_string(d.reason());
  EXPECT_EQ(d.status(), GetParam().expected == rejection_reason::none ? 204 : 403);
  EXPECT_LE(d.offending_value().size(), 64u);
}

const auto malformed = rejection_reason::malformed_request_headers;
const auto allowed = rejection_reason::none;

INSTANTIATE_TEST_SUITE_P(
    evaluate, hostile_request_headers,
    ::testing::Values(
        hostile_headers_case{"browser_form",
                             [] { return std::string("content-type,x-custom-header"); }, allowed},
        hostile_headers_case{"optional_whitespace",
                             [] { return std::string("content-type, x-custom-header"); }, allowed},
        hostile_headers_case{"tabs", [] { return std::string("content-type,\tx-custom-header"); },
                             allowed},
        hostile_headers_case{"empty_elements", [] { return std::string(",,a,,"); }, allowed},
        hostile_headers_case{"upper_case",
                             [] { return std::string("Content-Type,X-CUSTOM-HEADER"); }, allowed},
        hostile_headers_case{"names_128", [] { return names(128); }, allowed},
        hostile_headers_case{"name_256_bytes", [] { return std::string(256, 'n'); }, allowed},
        // n commas are n + 1 empty elements.
        hostile_headers_case{"sixteen_empty_elements", [] { return std::string(15, ','); },
                             allowed},
        hostile_headers_case{"seventeen_empty_elements", [] { return std::string(16, ','); },
                             malformed},
        hostile_headers_case{"three_spaces",
                             [] { return std::string("content-type,   x-custom-header"); },
                             malformed},
        hostile_headers_case{"names_129", [] { return names(129); }, malformed},
        hostile_headers_case{"name_257_bytes", [] { return std::string(257, 'n'); }, malformed},
        hostile_headers_case{"one_mib_of_commas", [] { return std::string(1 << 20, ','); },
                             malformed},
        hostile_headers_case{"one_mib_of_spaces", [] { return std::string(1 << 20, ' '); },
                             malformed},
        hostile_headers_case{"one_mib_of_comma_space", [] { return repeat(", ", 1 << 20); },
                             malformed},
        hostile_headers_case{"ten_thousand_names", [] { return names(10000); }, malformed},
        hostile_headers_case{"semicolon", [] { return std::string("a;b"); }, malformed},
        hostile_headers_case{"crlf", [] { return std::string("a\r\nb"); }, malformed},
        hostile_headers_case{"nul", [] { return std::string("a\0b", 3); }, malformed},
        hostile_headers_case{"byte_0x80", [] { return std::string("a\x80"); }, malformed},
        hostile_headers_case{"equals", [] { return std::string("a=b"); }, malformed}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(hostile_request_headers, several_lines_are_accepted) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  const cors::policy policy(cfg);
  const std::string_view lines[] = {"content-type", " x-custom-header", ""};
  EXPECT_TRUE(policy.evaluate(preflight(app, "GET", {lines, 3})).allowed());
}

TEST(hostile_request_headers, more_than_sixteen_lines_are_malformed) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.allowed_headers = {"*"};
  const cors::policy policy(cfg);
  const std::vector<std::string_view> sixteen(16, "x-a");
  const std::vector<std::string_view> seventeen(17, "x-a");
  EXPECT_TRUE(policy.evaluate(preflight(app, "GET", {sixteen.data(), sixteen.size()})).allowed());
  const cors::decision d = policy.evaluate(preflight(app, "GET", {seventeen.data(), 17}));
  EXPECT_EQ(d.reason(), malformed);
  EXPECT_EQ(d.offending_value(), "x-a");
}

// --- no emitted value ever carries a forbidden byte ----------------------------------------------

bool clean_header_value(std::string_view value) {
  for (const char c : value) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\t') || b == 0x7f) return false;
  }
  return true;
}

std::vector<cors::config> policies() {
  std::vector<cors::config> out;
  cors::config exact;
  exact.allowed_origins = {std::string(app), "https://*.example.com", "http://localhost:*"};
  exact.allowed_methods = {"PUT", "patch"};
  exact.allowed_headers = {"X-Custom-Header", "Content-Type"};
  exact.exposed_headers = {"X-Request-Id"};
  exact.max_age_seconds = 0;
  out.push_back(exact);

  cors::config debug = exact;
  debug.allow_credentials = true;
  debug.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  out.push_back(debug);

  cors::config reflecting;
  reflecting.allowed_origins = {std::string(app)};
  reflecting.origin_predicate = [](std::string_view) { return true; };
  reflecting.allow_null_origin = true;
  reflecting.allowed_methods = {"*"};
  reflecting.allowed_headers = {"*", "Authorization"};
  reflecting.allow_credentials = true;
  reflecting.allow_private_network = true;
  out.push_back(reflecting);

  cors::config open;
  open.allowed_origins = {"*"};
  open.allowed_methods = {"*"};
  open.allowed_headers = {"*"};
  open.exposed_headers = {"*"};
  out.push_back(open);
  return out;
}

TEST(hostile_input, no_emitted_value_contains_control_bytes) {
  const std::vector<std::string> origins = {
      std::string(app),
      "https://a.example.com",
      "https://app.example.com\r\nSet-Cookie: session=stolen",
      "https://app.example.com\n",
      "https://app.example.com\r",
      std::string("https://app.example.com\0", 24),
      std::string("https://a\0.example.com", 22),
      "https://a.example.com\x0b",
      "https://a.example.com\x7f",
      "https://a.example.com\x80",
      "null",
      "null\r\n",
      "HTTPS://APP.EXAMPLE.COM",
      "https://app.example.com:443",
      "https://app.example.com/\r\n",
      "https://user@app.example.com",
      "https://[::1\r\n]",
      "",
      std::string(1 << 16, '\n'),
  };
  const std::vector<std::string> methods = {
      "PUT",
      "patch",
      "PUT\r\nX-Evil: 1",
      "PUT\n",
      std::string("PUT\0", 4),
      "P\x80",
      "GET\tX",
      "\r\n",
      "",
      std::string(1 << 12, 'A'),
      " PUT",
      "PUT\x0b",
      "TRACE",
  };
  const std::vector<std::string> header_lists = {
      "",
      "x-custom-header",
      "X-A, x-b",
      "authorization",
      "x-a\r\nSet-Cookie: x",
      "x-a\n",
      std::string("x-a\0", 4),
      "x-a,\x80",
      "x-a\x0b",
      "\t x-a \t",
      std::string(1 << 16, '\r'),
      repeat("a\r\n,", 1 << 12),
  };
  const std::string_view split_origin[] = {app, "\r\n"};
  const std::string_view split_headers[] = {"x-a", "x-b\r\n", "\t"};

  std::vector<cors::request_view> requests;
  for (const std::string& o : origins) {
    cors::request_view get;
    get.method = "GET";
    get.origin = o;
    requests.push_back(get);
    cors::request_view options = get;
    options.method = "OPTIONS";
    requests.push_back(options);
    for (const std::string& m : methods)
      for (const std::string& h : header_lists) {
        cors::request_view p = preflight(o, m, h);
        p.access_control_request_private_network = "true";
        requests.push_back(p);
      }
  }
  requests.push_back(preflight({split_origin, 2}, "PUT"));
  requests.push_back(preflight(app, "PUT", {split_headers, 3}));
  requests.push_back(preflight(app, "PUT", {split_headers, 2}));

  std::size_t checked = 0;
  for (const cors::config& cfg : policies()) {
    const cors::policy policy(cfg);
    for (const cors::request_view& r : requests) {
      const cors::decision d = policy.evaluate(r);
      ASSERT_LE(d.size(), cors::decision::max_headers);
      for (const cors::response_header& h : d) {
        ++checked;
        ASSERT_TRUE(clean_header_value(h.value))
            << h.name << " carries a control byte (origin '" << r.origin.line(0) << "', method '"
            << r.access_control_request_method.line(0) << "')";
        ASSERT_FALSE(h.value.empty()) << h.name;
        ASSERT_LE(h.value.size(), 1024u) << h.name;
      }
      // An origin is reflected only once it is a serialized origin (or "null").
      for (const cors::response_header& h : d) {
        if (h.name == "Access-Control-Allow-Origin" && h.value != "*" && h.value != "null") {
          EXPECT_TRUE(h.value == app || h.value == "https://a.example.com") << h.value;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

TEST(hostile_input, cr_lf_origin_is_malformed_and_never_reflected) {
  cors::config cfg;
  cfg.allowed_origins = {std::string(app)};
  cfg.origin_predicate = [](std::string_view) { return true; };  // would allow anything valid
  const cors::policy policy(cfg);
  const cors::decision d =
      policy.evaluate(cors_test::actual("https://app.example.com\r\nSet-Cookie: x=1"));
  EXPECT_EQ(d.reason(), rejection_reason::malformed_origin);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.begin()->name, "Vary");
}

}  // namespace
