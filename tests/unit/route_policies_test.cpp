// cors::route_policies: which policy a request target gets (the longest whole-segment prefix of
// its path, query and fragment ignored, absolute-form targets read for their path), the routes
// without CORS, the prefixes refused, and the exact headers each route's policy answers with.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cors/cors.hpp"
#include "cors/route_policies.hpp"
#include "requests.hpp"

namespace {

using cors_test::header_list;
using cors_test::headers_of;

// A policy allowing `origin` alone: the route a target fell in is told by the origin allowed.
cors::policy allowing(const std::string& origin) {
  cors::config cfg;
  cfg.allowed_origins = {origin};
  return cors::policy(cfg);
}

// The origin the target's policy allows; "" for no CORS (a route without CORS, or no route).
std::string route_of(const cors::route_policies& routes, std::string_view target) {
  const cors::policy* p = routes.find(target);
  return p == nullptr ? "" : p->configuration().allowed_origins.at(0);
}

struct target_row {
  std::string_view target;
  std::string route;  // the allowed origin of the route it must fall in; "" for no CORS
};

void expect_routes(const cors::route_policies& routes, const std::vector<target_row>& rows) {
  for (const target_row& r : rows) EXPECT_EQ(route_of(routes, r.target), r.route) << r.target;
}

const std::string api = "https://api.example";
const std::string v2 = "https://v2.example";
const std::string root = "https://root.example";

cors::route_policies api_routes() {
  cors::route_policies routes;
  routes.add("/api/", allowing(api))
      .add("/api/v2", allowing(v2))
      .add_without_cors("/api/v2/admin")
      .add("/", allowing(root));
  return routes;
}

TEST(route_policies, the_longest_prefix_wins_and_matches_whole_segments_only) {
  expect_routes(api_routes(), {
                                  {"/api", api},
                                  {"/api/", api},
                                  {"/api/items", api},
                                  {"/api/v2", v2},
                                  {"/api/v2/", v2},
                                  {"/api/v2/items/3", v2},
                                  {"/api/v2/admin", ""},
                                  {"/api/v2/admin/", ""},
                                  {"/api/v2/admin/users", ""},
                                  {"/api/v2/admins", v2},
                                  {"/api/v20", api},
                                  {"/apis", root},
                                  {"/ap", root},
                                  {"/", root},
                                  {"/other/api/v2", root},
                              });
}

TEST(route_policies, query_and_fragment_are_not_part_of_the_path) {
  expect_routes(api_routes(), {
                                  {"/api/v2/items?x=/api/v2/admin", v2},
                                  {"/api/v2?admin", v2},
                                  {"/api#/api/v2", api},
                                  {"/?/api", root},
                                  {"/apis?x=/api", root},
                                  {"/api/v2/admin?x", ""},
                              });
}

// Absolute form (RFC 9112, 3.2.2), as sent to proxies: the path follows the authority.
TEST(route_policies, an_absolute_form_target_is_routed_by_its_path) {
  expect_routes(api_routes(), {
                                  {"http://host:8080/api/v2/x?y", v2},
                                  {"https://host/api", api},
                                  {"http://host/api/v2/admin", ""},
                                  {"http://host:8080", root},
                                  {"http://host?q", root},
                                  {"http://host#f", root},
                                  {"http://api/v2", root},  // "api" is the host here
                              });
}

// Paths are compared byte for byte, as received: no case folding, no decoding, no dot-segment
// removal (browsers remove dot segments before sending).
TEST(route_policies, paths_are_compared_byte_for_byte) {
  expect_routes(api_routes(), {
                                  {"/API", root},
                                  {"/Api/v2", root},
                                  {"/api%2Fv2", root},
                                  {"/api/v2%2Fadmin", api},
                                  {"/api/./v2", api},
                                  {"/api/v2/../v2/admin", v2},
                                  {"//api", root},
                              });
}

TEST(route_policies, a_target_that_is_not_a_path_gets_no_cors) {
  expect_routes(api_routes(), {{"*", ""}, {"", ""}, {"api", ""}, {"?q", ""}, {"host/api", ""}});
}

TEST(route_policies, without_a_root_route_unmatched_paths_get_no_cors) {
  cors::route_policies routes;
  EXPECT_TRUE(routes.empty());
  EXPECT_EQ(routes.find("/public"), nullptr);
  routes.add("/public", allowing(api));
  EXPECT_FALSE(routes.empty());
  expect_routes(
      routes,
      {{"/public", api}, {"/public/x", api}, {"/publicity", ""}, {"/private", ""}, {"/", ""}});
}

// The table is sorted by prefix length, whatever order the routes were added in.
TEST(route_policies, the_order_of_adding_does_not_matter) {
  cors::route_policies shortest_first;
  shortest_first.add("/", allowing(root)).add("/a", allowing(api)).add("/a/b", allowing(v2));
  cors::route_policies longest_first;
  longest_first.add("/a/b", allowing(v2)).add("/a", allowing(api)).add("/", allowing(root));
  const std::vector<target_row> rows = {{"/a/b/c", v2}, {"/a/b", v2},  {"/a/c", api},
                                        {"/a", api},    {"/ab", root}, {"/", root}};
  expect_routes(shortest_first, rows);
  expect_routes(longest_first, rows);
}

// A trailing '/' is ignored, so "/a" and "/a/" are one route; "/" and "//" are the root.
TEST(route_policies, refuses_prefixes_that_are_not_paths_or_are_given_twice) {
  for (const char* bad : {"", "a", "*", "/a?b", "/a#b", "http://x/a", "?", "#"}) {
    cors::route_policies routes;
    EXPECT_THROW(routes.add(bad, allowing(api)), std::invalid_argument) << bad;
    EXPECT_THROW(routes.add_without_cors(bad), std::invalid_argument) << bad;
    EXPECT_TRUE(routes.empty()) << bad;
  }
  cors::route_policies routes;
  routes.add("/a", allowing(api)).add("/", allowing(root));
  for (const char* twice : {"/a", "/a/", "/a//"}) {
    EXPECT_THROW(routes.add(twice, allowing(v2)), std::invalid_argument) << twice;
    EXPECT_THROW(routes.add_without_cors(twice), std::invalid_argument) << twice;
  }
  EXPECT_THROW(routes.add("//", allowing(v2)), std::invalid_argument);
  // The routes already there are unchanged.
  expect_routes(routes, {{"/a/x", api}, {"/b", root}});
}

// Each route answers with its own policy's headers, exactly (listed methods and headers are sent
// as the lists, lower-cased names, so only Origin varies); a route without CORS has no policy, so
// its requests are the application's alone.
TEST(route_policies, each_route_answers_with_its_own_policys_headers) {
  cors::config public_cfg;
  public_cfg.allowed_origins = {"*"};
  public_cfg.allowed_methods = {"GET"};
  cors::config app_cfg;
  app_cfg.allowed_origins = {"https://app.example"};
  app_cfg.allowed_methods = {"GET", "PUT"};
  app_cfg.allowed_headers = {"X-Token"};
  app_cfg.allow_credentials = true;
  app_cfg.max_age_seconds = 600;
  cors::route_policies routes;
  routes.add("/public", cors::policy(public_cfg))
      .add("/app", cors::policy(app_cfg))
      .add_without_cors("/app/internal");

  struct row {
    std::string_view target;
    cors::request_view request;
    bool routed;  // a policy was found
    header_list headers;
  };
  const row rows[] = {
      {"/public/feed",
       cors_test::actual("https://any.example"),
       true,
       {{"Access-Control-Allow-Origin", "*"}}},
      {"/public/feed",
       cors_test::preflight("https://any.example", "GET"),
       true,
       {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "GET"}}},
      {"/app/items",
       cors_test::actual("https://app.example"),
       true,
       {{"Access-Control-Allow-Origin", "https://app.example"},
        {"Access-Control-Allow-Credentials", "true"},
        {"Vary", "Origin"}}},
      {"/app/items?page=2",
       cors_test::preflight("https://app.example", "PUT", "x-token"),
       true,
       {{"Access-Control-Allow-Origin", "https://app.example"},
        {"Access-Control-Allow-Credentials", "true"},
        {"Access-Control-Allow-Methods", "GET,PUT"},
        {"Access-Control-Allow-Headers", "x-token"},
        {"Access-Control-Max-Age", "600"},
        {"Vary", "Origin"}}},
      {"/app/items", cors_test::actual("https://any.example"), true, {{"Vary", "Origin"}}},
      {"/app/internal/keys", cors_test::actual("https://app.example"), false, {}},
      {"/elsewhere", cors_test::actual("https://app.example"), false, {}},
  };
  for (const row& r : rows) {
    const cors::policy* p = routes.find(r.target);
    ASSERT_EQ(p != nullptr, r.routed) << r.target;
    if (p == nullptr) continue;
    EXPECT_EQ(headers_of(p->evaluate(r.request)), r.headers) << r.target << " " << r.request.method;
  }
}

// A route's policy is the one it was given, found again on every lookup (not a copy per call).
TEST(route_policies, lookups_return_the_same_policy_every_time) {
  const cors::route_policies routes = api_routes();
  const cors::policy* first = routes.find("/api/v2/x");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(routes.find("/api/v2"), first);
  EXPECT_EQ(routes.find("http://h/api/v2/y?z"), first);
  EXPECT_NE(routes.find("/api/x"), first);
}

}  // namespace
