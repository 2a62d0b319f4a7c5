// Request classification: not CORS, actual, preflight, or a plain OPTIONS that belongs to the
// application.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "cors/cors.hpp"
#include "requests.hpp"

namespace {

TEST(smoke, seed_preflight) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  cors::policy p(cfg);
  cors::request_view r;
  r.method = "OPTIONS";
  r.origin = "https://app.client.internal";
  r.access_control_request_method = "POST";
  r.access_control_request_headers = "content-type,x-custom-header";
  auto d = p.evaluate(r);
  EXPECT_EQ(d.kind(), cors::request_kind::preflight);
  EXPECT_TRUE(d.allowed());
  EXPECT_EQ(d.status(), 204);
}

using cors::request_kind;

struct classification_case {
  const char* name;
  std::string_view method;
  cors::header_field origin;
  cors::header_field request_method;
  cors::header_field request_headers;
  request_kind kind;
};

void PrintTo(const classification_case& c, std::ostream* os) {
  *os << c.name;
}

const cors::header_field absent{};
constexpr std::string_view app = "https://app.client.internal";
constexpr std::string_view no_lines[] = {"unused"};

class classification_table : public ::testing::TestWithParam<classification_case> {
 protected:
  static cors::policy policy() {
    cors::config cfg;
    cfg.allowed_origins = {std::string(app)};
    cfg.allowed_methods = {"PUT"};
    return cors::policy(cfg);
  }
};

TEST_P(classification_table, gives_the_kind) {
  const classification_case& c = GetParam();
  cors::request_view r;
  r.method = c.method;
  r.origin = c.origin;
  r.access_control_request_method = c.request_method;
  r.access_control_request_headers = c.request_headers;
  const cors::policy p = policy();
  const cors::decision d = p.evaluate(r);
  EXPECT_EQ(d.kind(), c.kind);
  // Only a preflight is answered by the policy; everything else reaches the application.
  EXPECT_EQ(d.respond_now(), c.kind == request_kind::preflight);
  if (c.kind != request_kind::preflight) {
    EXPECT_EQ(d.status(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(
    requests, classification_table,
    ::testing::Values(
        classification_case{"get_without_origin", "GET", absent, absent, absent,
                            request_kind::not_cors},
        classification_case{"post_without_origin", "POST", absent, absent, absent,
                            request_kind::not_cors},
        classification_case{"options_without_origin", "OPTIONS", absent, absent, absent,
                            request_kind::not_cors},
        classification_case{"preflight_headers_without_origin", "OPTIONS", absent, "PUT",
                            "x-custom", request_kind::not_cors},
        classification_case{"origin_with_zero_lines", "OPTIONS", cors::header_field(no_lines, 0),
                            "PUT", absent, request_kind::not_cors},
        classification_case{"get_with_origin", "GET", app, absent, absent, request_kind::actual},
        classification_case{"post_with_origin", "POST", app, absent, absent, request_kind::actual},
        classification_case{"delete_with_origin", "DELETE", app, absent, absent,
                            request_kind::actual},
        classification_case{"get_with_request_method", "GET", app, "PUT", absent,
                            request_kind::actual},
        classification_case{"options_with_origin_and_request_method", "OPTIONS", app, "PUT", absent,
                            request_kind::preflight},
        classification_case{"options_with_everything", "OPTIONS", app, "PUT", "x-custom",
                            request_kind::preflight},
        classification_case{"empty_request_method_is_still_a_preflight", "OPTIONS", app, "", absent,
                            request_kind::preflight},
        classification_case{"options_with_origin_only", "OPTIONS", app, absent, absent,
                            request_kind::plain_options},
        classification_case{"options_with_request_headers_only", "OPTIONS", app, absent, "x-custom",
                            request_kind::plain_options},
        classification_case{"lower_case_options_is_not_options", "options", app, "PUT", absent,
                            request_kind::actual},
        classification_case{"mixed_case_options_is_not_options", "Options", app, "PUT", absent,
                            request_kind::actual},
        classification_case{"lower_case_options_without_request_method", "options", app, absent,
                            absent, request_kind::actual},
        classification_case{"disallowed_origin_is_still_classified", "OPTIONS",
                            "https://evil.example", "PUT", absent, request_kind::preflight},
        classification_case{"malformed_origin_is_still_classified", "GET", "not an origin", absent,
                            absent, request_kind::actual}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(plain_options, is_never_answered_and_gets_the_actual_request_headers) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"PUT"};
  cfg.allowed_headers = {"X-Custom"};
  cfg.exposed_headers = {"X-Request-Id"};
  cfg.allow_credentials = true;
  cfg.max_age_seconds = 600;
  const cors::policy p(cfg);
  const cors::decision d = p.evaluate(cors_test::actual("https://app.client.internal", "OPTIONS"));
  EXPECT_EQ(d.kind(), request_kind::plain_options);
  EXPECT_TRUE(d.allowed());
  EXPECT_FALSE(d.respond_now());
  EXPECT_EQ(d.status(), 0);
  ASSERT_EQ(d.size(), 4u);
  const cors::response_header* h = d.begin();
  EXPECT_EQ(h[0].name, "Access-Control-Allow-Origin");
  EXPECT_EQ(h[0].value, "https://app.client.internal");
  EXPECT_EQ(h[1].name, "Access-Control-Allow-Credentials");
  EXPECT_EQ(h[1].value, "true");
  EXPECT_EQ(h[2].name, "Access-Control-Expose-Headers");
  EXPECT_EQ(h[2].value, "X-Request-Id");
  EXPECT_EQ(h[3].name, "Vary");
  EXPECT_EQ(h[3].value, "Origin");
}

TEST(plain_options, is_not_answered_even_under_the_debug_mode) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  const cors::policy p(cfg);
  const cors::decision d = p.evaluate(cors_test::actual("https://evil.example", "OPTIONS"));
  EXPECT_EQ(d.kind(), request_kind::plain_options);
  EXPECT_EQ(d.reason(), cors::rejection_reason::origin_not_allowed);
  EXPECT_FALSE(d.respond_now());
  EXPECT_EQ(d.status(), 0);
}

TEST(request_kind, every_kind_has_its_name) {
  EXPECT_EQ(cors::to_string(request_kind::not_cors), "not_cors");
  EXPECT_EQ(cors::to_string(request_kind::actual), "actual");
  EXPECT_EQ(cors::to_string(request_kind::preflight), "preflight");
  EXPECT_EQ(cors::to_string(request_kind::plain_options), "plain_options");
}

TEST(rejection_reason, every_reason_has_its_name) {
  using r = cors::rejection_reason;
  EXPECT_EQ(cors::to_string(r::none), "none");
  EXPECT_EQ(cors::to_string(r::malformed_origin), "malformed_origin");
  EXPECT_EQ(cors::to_string(r::origin_not_allowed), "origin_not_allowed");
  EXPECT_EQ(cors::to_string(r::malformed_request_method), "malformed_request_method");
  EXPECT_EQ(cors::to_string(r::method_not_allowed), "method_not_allowed");
  EXPECT_EQ(cors::to_string(r::malformed_request_headers), "malformed_request_headers");
  EXPECT_EQ(cors::to_string(r::header_not_allowed), "header_not_allowed");
  EXPECT_EQ(cors::to_string(r::private_network_not_allowed), "private_network_not_allowed");
}

TEST(header_field, describes_absent_one_and_several_lines) {
  const cors::header_field none;
  EXPECT_FALSE(none.present());
  EXPECT_EQ(none.line_count(), 0u);

  const cors::header_field one = "a";
  EXPECT_TRUE(one.present());
  EXPECT_EQ(one.line_count(), 1u);
  EXPECT_EQ(one.line(0), "a");

  const std::string owned = "b";
  const cors::header_field from_string = owned;
  EXPECT_EQ(from_string.line(0).data(), owned.data());  // a view, not a copy

  const std::string_view lines[] = {"x", "y", "z"};
  const cors::header_field several(lines, 3);
  EXPECT_TRUE(several.present());
  EXPECT_EQ(several.line_count(), 3u);
  EXPECT_EQ(several.line(0), "x");
  EXPECT_EQ(several.line(2), "z");

  const cors::header_field empty_line = "";
  EXPECT_TRUE(empty_line.present());  // present, with an empty value
}

}  // namespace
