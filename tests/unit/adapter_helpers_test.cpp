// The server-agnostic adapter helpers (cors/adapter.hpp): request lines collected from any
// container of name/value pairs, and a decision written onto a response with Vary merged.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cors/adapter.hpp"
#include "cors/cors.hpp"

namespace {

using lines = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> lines_of(const cors::header_field& field) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < field.line_count(); ++i) out.emplace_back(field.line(i));
  return out;
}

TEST(request_lines, keeps_the_four_cors_headers_in_order_whatever_their_case) {
  const lines headers = {{"Host", "api.example"},
                         {"origin", "https://a.example"},
                         {"ACCESS-CONTROL-REQUEST-METHOD", "PUT"},
                         {"Access-Control-Request-Headers", "x-a"},
                         {"Content-Type", "text/plain"},
                         {"access-control-request-headers", "x-b, x-c"},
                         {"Access-Control-Request-Private-Network", "true"},
                         {"Origins", "https://b.example"},
                         {"Access-Control-Request-Method2", "GET"}};
  const cors::request_lines collected("OPTIONS", headers);
  const cors::request_view& view = collected.view();
  EXPECT_EQ(view.method, "OPTIONS");
  EXPECT_EQ(lines_of(view.origin), std::vector<std::string>{"https://a.example"});
  EXPECT_EQ(lines_of(view.access_control_request_method), std::vector<std::string>{"PUT"});
  EXPECT_EQ(lines_of(view.access_control_request_headers),
            (std::vector<std::string>{"x-a", "x-b, x-c"}));
  EXPECT_EQ(lines_of(view.access_control_request_private_network),
            std::vector<std::string>{"true"});
}

TEST(request_lines, absent_headers_are_absent_and_a_map_works_as_well) {
  const std::map<std::string, std::string> headers = {{"origin", "https://a.example"}};
  const cors::request_lines collected("GET", headers);
  EXPECT_TRUE(collected.view().origin.present());
  EXPECT_FALSE(collected.view().access_control_request_method.present());
  EXPECT_FALSE(collected.view().access_control_request_headers.present());
  EXPECT_FALSE(collected.view().access_control_request_private_network.present());
}

TEST(request_lines, keeps_one_line_more_than_a_policy_accepts) {
  cors::request_lines collected("OPTIONS");
  for (int i = 0; i < 3; ++i) collected.add("Origin", "https://a.example");
  for (int i = 0; i < 40; ++i) collected.add("Access-Control-Request-Headers", "x-a");
  EXPECT_EQ(collected.view().origin.line_count(), 2u);
  EXPECT_EQ(collected.view().access_control_request_headers.line_count(),
            cors::max_request_headers_lines + 1);
}

// A decision of a policy allowing https://a.example, with Vary: Origin.
cors::decision allowed_actual(const cors::policy& p, const cors::request_lines& collected) {
  return p.evaluate(collected.view());
}

cors::policy listing_policy() {
  cors::config cfg;
  cfg.allowed_origins = {"https://a.example"};
  cfg.exposed_headers = {"X-Request-Id"};
  return cors::policy(cfg);
}

// Writes what `writer` (response_lines or vary_lines) read onto `own`, the way a
// multimap-based server would.
template <class Writer>
void write_onto(Writer& writer, lines& own) {
  writer.write(
      [&own](std::string_view name, std::string_view value) { own.emplace_back(name, value); },
      [&own](std::string_view name) {
        own.erase(std::remove_if(own.begin(), own.end(),
                                 [name](const auto& l) { return l.first == name; }),
                  own.end());
      });
}

// Writes `d` onto a response that has `own` lines.
lines written(const cors::decision& d, lines own) {
  cors::response_lines response(d, own);
  write_onto(response, own);
  return own;
}

struct vary_row {
  lines own;
  lines sent;
};

TEST(response_lines, vary_is_merged_into_the_responses_own) {
  const cors::policy p = listing_policy();
  const lines sent = {{"Origin", "https://b.example"}};
  const cors::request_lines request("GET", sent);
  const cors::decision rejected = p.evaluate(request.view());  // Vary: Origin only
  const std::string long_value(1020, 'a');
  const vary_row rows[] = {
      {{}, {{"Vary", "Origin"}}},
      {{{"Vary", "Accept-Encoding"}}, {{"Vary", "Accept-Encoding, Origin"}}},
      {{{"Vary", "origin"}}, {{"Vary", "origin"}}},
      {{{"Vary", " Accept-Encoding , ORIGIN "}}, {{"Vary", " Accept-Encoding , ORIGIN "}}},
      {{{"Vary", "*"}}, {{"Vary", "*"}}},
      {{{"Vary", "Accept-Encoding"}, {"Vary", "Cookie"}},
       {{"Vary", "Accept-Encoding, Cookie, Origin"}}},
      {{{"Vary", ""}}, {{"Vary", "Origin"}}},
      {{{"Content-Type", "text/plain"}}, {{"Content-Type", "text/plain"}, {"Vary", "Origin"}}},
      // Too long to join: the missing token on a line of its own.
      {{{"Vary", long_value}}, {{"Vary", long_value}, {"Vary", "Origin"}}},
  };
  for (const vary_row& row : rows) EXPECT_EQ(written(rejected, row.own), row.sent);
}

// The Vary step alone, for any token list: only the missing tokens are added, after the
// application's own.
TEST(vary_lines, merges_a_token_list_without_a_decision) {
  struct row {
    lines own;
    std::string_view tokens;
    lines sent;
  };
  const std::string long_value(1020, 'a');
  const row rows[] = {
      {{},
       "Origin, Access-Control-Request-Method",
       {{"Vary", "Origin, Access-Control-Request-Method"}}},
      {{}, " ", {}},
      {{{"Vary", "origin"}}, "Origin, Accept", {{"Vary", "origin, Accept"}}},
      {{{"Vary", "Accept"}, {"Vary", "*"}}, "Origin", {{"Vary", "Accept"}, {"Vary", "*"}}},
      {{{"Cookie", "a"}, {"vary", "Cookie"}}, "Cookie", {{"Cookie", "a"}, {"vary", "Cookie"}}},
      // Too long to join: the missing tokens together on a line of their own.
      {{{"Vary", long_value}},
       "Origin, Accept",
       {{"Vary", long_value}, {"Vary", "Origin, Accept"}}},
  };
  for (const row& r : rows) {
    lines own = r.own;
    cors::vary_lines vary(r.tokens, own);
    write_onto(vary, own);
    EXPECT_EQ(own, r.sent) << r.tokens;
  }
}

TEST(response_lines, adds_the_decisions_headers_but_not_over_the_applications_own) {
  const cors::policy p = listing_policy();
  const lines sent = {{"Origin", "https://a.example"}};
  const cors::request_lines request("GET", sent);
  const cors::decision d = allowed_actual(p, request);
  EXPECT_EQ(written(d, {}), (lines{{"Access-Control-Allow-Origin", "https://a.example"},
                                   {"Access-Control-Expose-Headers", "X-Request-Id"},
                                   {"Vary", "Origin"}}));
  // The application answered CORS itself: none of the decision's Access-Control-* headers.
  EXPECT_EQ(written(d, {{"access-control-allow-origin", "*"}}),
            (lines{{"access-control-allow-origin", "*"}, {"Vary", "Origin"}}));
  // Any Access-Control-* header of its own counts: its answer stands whole.
  EXPECT_EQ(written(d, {{"Access-Control-Expose-Headers", "X-Own"}}),
            (lines{{"Access-Control-Expose-Headers", "X-Own"}, {"Vary", "Origin"}}));
}

TEST(response_lines, a_preflights_vary_lists_every_request_header_it_depends_on) {
  cors::config cfg;
  cfg.allowed_origins = {"https://a.example"};
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  cfg.allow_credentials = true;
  const cors::policy p(cfg);
  const lines sent = {{"Origin", "https://a.example"},
                      {"Access-Control-Request-Method", "PUT"},
                      {"Access-Control-Request-Headers", "x-a"}};
  const cors::request_lines request("OPTIONS", sent);
  const cors::decision d = p.evaluate(request.view());
  EXPECT_EQ(
      written(d, {{"Vary", "access-control-request-method"}}),
      (lines{{"Access-Control-Allow-Origin", "https://a.example"},
             {"Access-Control-Allow-Credentials", "true"},
             {"Access-Control-Allow-Methods", "PUT"},
             {"Access-Control-Allow-Headers", "x-a"},
             {"Vary", "access-control-request-method, Origin, Access-Control-Request-Headers"}}));
}

}  // namespace
