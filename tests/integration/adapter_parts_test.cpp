// The adapter's parts on Beast messages, without sockets: reading request lines, merging Vary,
// decorating and answering preflights. One row per rule. (Choosing a route's policy is the
// engine's cors::route_policies: tests/unit/route_policies_test.cpp.)
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <string>
#include <vector>

#include "cors/beast.hpp"
#include "http_client.hpp"
#include "scenarios.hpp"

namespace {

using namespace cors_integration;

TEST(request_lines, reads_method_and_each_cors_header) {
  const request r = make_request(http::verb::options, "/data",
                                 {{"Origin", "https://a.example"},
                                  {"Access-Control-Request-Method", "PUT"},
                                  {"Access-Control-Request-Headers", "x-a"},
                                  {"Access-Control-Request-Headers", "x-b, x-c"},
                                  {"access-control-request-private-network", "true"}});
  const cors::beast::request_lines lines(r);
  const cors::request_view& view = lines.view();
  EXPECT_EQ(view.method, "OPTIONS");
  ASSERT_EQ(view.origin.line_count(), 1u);
  EXPECT_EQ(view.origin.line(0), "https://a.example");
  ASSERT_EQ(view.access_control_request_method.line_count(), 1u);
  EXPECT_EQ(view.access_control_request_method.line(0), "PUT");
  ASSERT_EQ(view.access_control_request_headers.line_count(), 2u);
  EXPECT_EQ(view.access_control_request_headers.line(0), "x-a");
  EXPECT_EQ(view.access_control_request_headers.line(1), "x-b, x-c");
  ASSERT_EQ(view.access_control_request_private_network.line_count(), 1u);
  EXPECT_EQ(view.access_control_request_private_network.line(0), "true");
}

TEST(request_lines, absent_headers_are_absent_and_an_unknown_method_keeps_its_case) {
  request r = make_request(http::verb::get, "/");
  r.method_string("patch");
  const cors::beast::request_lines lines(r);
  EXPECT_EQ(lines.view().method, "patch");
  EXPECT_FALSE(lines.view().origin.present());
  EXPECT_FALSE(lines.view().access_control_request_method.present());
  EXPECT_FALSE(lines.view().access_control_request_headers.present());
  EXPECT_FALSE(lines.view().access_control_request_private_network.present());
}

// More lines than the policy accepts are shown to it as one line too many, never more than the
// fixed arrays hold.
TEST(request_lines, counts_stop_one_above_what_the_policy_accepts) {
  struct row {
    std::size_t sent;
    std::size_t seen;
  };
  constexpr std::size_t limit = cors::beast::request_lines::max_request_headers_lines;
  for (const row& r :
       {row{1, 1}, row{limit, limit}, row{limit + 1, limit + 1}, row{100, limit + 1}}) {
    header_lines headers;
    for (std::size_t i = 0; i < r.sent; ++i) {
      headers.emplace_back("Origin", "https://a.example");
      headers.emplace_back("Access-Control-Request-Headers", "x-" + std::to_string(i));
    }
    const request req = make_request(http::verb::options, "/", headers);
    const cors::beast::request_lines lines(req);
    EXPECT_EQ(lines.view().access_control_request_headers.line_count(), r.seen) << r.sent;
    EXPECT_EQ(lines.view().origin.line_count(), std::min<std::size_t>(r.sent, 2)) << r.sent;
  }
}

struct vary_row {
  std::vector<std::string> existing;  // the application's Vary lines
  std::string tokens;                 // what the decision varies on
  std::vector<std::string> expected;
};

TEST(merge_vary, adds_missing_tokens_once_and_keeps_the_applications) {
  const std::string long_value(1100, 'a');
  const vary_row rows[] = {
      {{}, "Origin", {"Origin"}},
      {{}, "", {}},
      {{"Accept-Encoding"}, "Origin", {"Accept-Encoding, Origin"}},
      {{"accept-encoding ,  origin"}, "Origin", {"accept-encoding ,  origin"}},
      {{"ORIGIN"}, "Origin", {"ORIGIN"}},
      {{"*"}, "Origin", {"*"}},
      {{"Accept-Encoding", "*"}, "Origin", {"Accept-Encoding", "*"}},
      {{"Cookie", "Accept"}, "Origin", {"Cookie, Accept, Origin"}},
      {{""}, "Origin", {"Origin"}},
      {{"Origin"},
       "Origin, Access-Control-Request-Method",
       {"Origin, Access-Control-Request-Method"}},
      {{"Accept"},
       "Origin, Access-Control-Request-Headers",
       {"Accept, Origin, Access-Control-Request-Headers"}},
      {{"Originator"}, "Origin", {"Originator, Origin"}},
      // Too long for the fixed buffer: the missing token gets a line of its own.
      {{long_value}, "Origin", {long_value, "Origin"}},
  };
  for (const vary_row& row : rows) {
    response r;
    for (const std::string& line : row.existing) r.insert(http::field::vary, line);
    cors::beast::merge_vary(r, row.tokens);
    std::vector<std::string> got;
    for (const auto& field : r) got.emplace_back(field.value());
    EXPECT_EQ(got, row.expected) << "existing: " << testing::PrintToString(row.existing)
                                 << ", tokens: " << row.tokens;
  }
}

cors::decision evaluate(const cors::policy& p, const request& r) {
  const cors::beast::request_lines lines(r);
  return p.evaluate(lines.view());
}

TEST(decorate, adds_every_header_and_leaves_an_applications_allow_origin_alone) {
  cors::config cfg = verification_config();
  cfg.allow_credentials = true;
  const cors::policy p(cfg);
  const request r = make_request(http::verb::get, "/", {{"Origin", std::string(app_origin)}});
  const cors::decision d = evaluate(p, r);

  response plain{http::status::internal_server_error, 11};
  cors::beast::decorate(plain, d);
  EXPECT_EQ(lines_of(plain), (header_lines{{"Access-Control-Allow-Origin", std::string(app_origin)},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Vary", "Origin"}}));

  response own{http::status::ok, 11};
  own.set(http::field::access_control_allow_origin, "*");
  own.set(http::field::vary, "Accept");
  cors::beast::decorate(own, d);
  EXPECT_EQ(lines_of(own),
            (header_lines{{"Access-Control-Allow-Origin", "*"}, {"Vary", "Accept, Origin"}}));
}

// Any Access-Control-* header the application set means it answered CORS itself: its answer
// stands whole, the decision adds only to Vary. An Allow-Credentials of its own beside the
// decision's would reach the browser as "true, true", which it refuses.
TEST(decorate, an_applications_own_access_control_header_of_any_kind_keeps_its_answer_whole) {
  cors::config cfg = verification_config();
  cfg.allow_credentials = true;
  cfg.exposed_headers = {"X-Request-Id"};
  const cors::policy p(cfg);
  const request r = make_request(http::verb::get, "/", {{"Origin", std::string(app_origin)}});
  const cors::decision d = evaluate(p, r);
  const header_lines own_lines[] = {
      {{"Access-Control-Allow-Credentials", "true"}},
      {{"access-control-allow-credentials", "true"}},
      {{"Access-Control-Allow-Origin", "https://own.example"}},
      {{"Access-Control-Expose-Headers", "X-Own"}},
      {{"Access-Control-Allow-Methods", "GET"}},
      {{"Access-Control-Max-Age", "5"}},
      {{"Access-Control-Allow-Private-Network", "true"}},
      {{"Access-Control-Custom-Extension", "1"}},
  };
  for (const header_lines& own : own_lines) {
    response res{http::status::ok, 11};
    for (const auto& [name, value] : own) res.insert(name, value);
    cors::beast::decorate(res, d);
    header_lines expected = own;
    expected.emplace_back("Vary", "Origin");
    EXPECT_EQ(lines_of(res), expected) << own.front().first;
  }
  // Names that only resemble the prefix are not CORS answers.
  for (const char* name : {"Access-Control", "Access-Control-", "X-Access-Control-Allow-Origin"}) {
    response res{http::status::ok, 11};
    res.insert(name, "x");
    cors::beast::decorate(res, d);
    EXPECT_EQ(lines_of(res), (header_lines{{name, "x"},
                                           {"Access-Control-Allow-Origin", std::string(app_origin)},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Access-Control-Expose-Headers", "X-Request-Id"},
                                           {"Vary", "Origin"}}))
        << name;
  }
}

TEST(preflight_response, takes_status_version_and_keep_alive_from_decision_and_request) {
  const cors::policy p(verification_config());
  request r = verification_preflight();
  r.version(10);
  const auto answer = cors::beast::preflight_response(evaluate(p, r), r);
  EXPECT_EQ(answer.result_int(), 204);
  EXPECT_EQ(answer.version(), 10u);
  EXPECT_FALSE(answer.keep_alive());
  EXPECT_EQ(answer.count(http::field::content_length), 0u);  // RFC 9110, 8.6: never on a 204

  request refused = make_request(
      http::verb::options, "/",
      {{"Origin", std::string(other_origin)}, {"Access-Control-Request-Method", "GET"}});
  const auto forbidden =
      cors::beast::preflight_response<http::string_body>(evaluate(p, refused), refused);
  EXPECT_EQ(forbidden.result_int(), 403);
  EXPECT_TRUE(forbidden.keep_alive());
  EXPECT_EQ(forbidden[http::field::content_length], "0");
  EXPECT_EQ(forbidden.body(), "");
}

}  // namespace
