// The Beast adapter over loopback, inside the test binary: a server thread runs an application
// wrapped by cors::beast::with_cors, in both of Beast's handler shapes (request -> response, and
// handle_request(req, send)); a Beast client checks every status and header line exactly.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "adapter_cases.hpp"
#include "cors/beast.hpp"
#include "http_client.hpp"
#include "in_process_server.hpp"
#include "scenarios.hpp"

namespace {

using namespace cors_integration;
using application_function = std::function<response(const request&)>;

enum class handler_shape { request_to_response, request_and_send };

const char* shape_name(handler_shape shape) {
  return shape == handler_shape::request_to_response ? "request_to_response" : "request_and_send";
}
// The shape's name in the test listing, instead of its bytes.
void PrintTo(handler_shape shape, std::ostream* out) {
  *out << shape_name(shape);
}

// The server's handler: `app` wrapped by the adapter, called in the shape under test.
template <class Policies>
handler_function cors_handler(Policies policies, application_function app, handler_shape shape) {
  if (shape == handler_shape::request_to_response) {
    auto wrapped = cors::beast::with_cors(std::move(policies), std::move(app));
    return [wrapped](request& r, sync_send& send) { send(wrapped(r)); };
  }
  auto wrapped =
      cors::beast::with_cors(std::move(policies), [app](request& r, auto&& send) { send(app(r)); });
  return [wrapped](request& r, sync_send& send) { wrapped(r, send); };
}

// The application, with `extra` header lines added to each of its responses.
application_function application_adding(header_lines extra) {
  return [extra](const request& r) {
    response answer = application(r);
    for (const auto& [name, value] : extra) answer.insert(name, value);
    return answer;
  };
}

std::string length_of(std::string_view body) {
  return std::to_string(body.size());
}

class adapter_test : public testing::TestWithParam<handler_shape> {
 protected:
  template <class Policies>
  void serve(Policies policies, application_function app = application) {
    server_ = std::make_unique<in_process_server>(
        cors_handler(std::move(policies), std::move(app), GetParam()));
  }
  void serve_config(const cors::config& cfg, application_function app = application) {
    serve(cors::policy(cfg), std::move(app));
  }
  response exchange(const request& r) { return connection(server_->port()).exchange(r); }
  unsigned short port() const { return server_->port(); }

  // Content-Type, Content-Length, then what CORS added: an application response's lines.
  static header_lines app_lines(std::string_view body, header_lines cors) {
    header_lines lines = {{"Content-Type", "application/json"},
                          {"Content-Length", length_of(body)}};
    lines.insert(lines.end(), cors.begin(), cors.end());
    return lines;
  }

 private:
  std::unique_ptr<in_process_server> server_;
};

const std::string origin(app_origin);

TEST_P(adapter_test, verification_preflight_gets_the_expected_answer) {
  serve_config(verification_config());
  const response got = exchange(verification_preflight());
  EXPECT_EQ(got.result_int(), 204);
  EXPECT_EQ(lines_of(got), verification_preflight_answer());
  EXPECT_EQ(got.body(), "");
}

TEST_P(adapter_test, verification_post_gets_the_application_answer_with_cors_headers) {
  serve_config(verification_config());
  const response got = exchange(make_request(
      http::verb::post, "/data",
      {{"Origin", origin}, {"Content-Type", "application/json"}, {"X-Custom-Header", "1"}},
      R"({"a":1})"));
  EXPECT_EQ(got.result_int(), 200);
  const std::string body = json_body("POST", "/data");
  EXPECT_EQ(lines_of(got),
            app_lines(body, {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}));
  EXPECT_EQ(got.body(), body);
}

TEST_P(adapter_test, preflight_is_never_answered_by_the_applications_404_or_405) {
  serve_config(verification_config(), [](const request& r) {
    response answer{r.method() == http::verb::options ? http::status::method_not_allowed
                                                      : http::status::not_found,
                    r.version()};
    answer.prepare_payload();
    return answer;
  });
  EXPECT_EQ(exchange(verification_preflight()).result_int(), 204);

  // Rejected preflights are the policy's 403, not the application's 404/405.
  const request unknown_header = make_request(http::verb::options, "/data",
                                              {{"Origin", origin},
                                               {"Access-Control-Request-Method", "POST"},
                                               {"Access-Control-Request-Headers", "x-other"}});
  const request unknown_origin = make_request(
      http::verb::options, "/nowhere",
      {{"Origin", std::string(other_origin)}, {"Access-Control-Request-Method", "GET"}});
  for (const request& r : {unknown_header, unknown_origin}) {
    const response got = exchange(r);
    EXPECT_EQ(got.result_int(), 403) << r;
    EXPECT_EQ(lines_of(got), (header_lines{{"Vary", "Origin"}, {"Content-Length", "0"}})) << r;
  }
}

TEST_P(adapter_test, plain_options_without_request_method_reaches_the_application) {
  serve_config(verification_config());
  const response got = exchange(make_request(http::verb::options, "/data", {{"Origin", origin}}));
  EXPECT_EQ(got.result_int(), 200);
  const std::string body = json_body("OPTIONS", "/data");
  EXPECT_EQ(lines_of(got),
            app_lines(body, {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}));
  EXPECT_EQ(got.body(), body);
}

TEST_P(adapter_test, application_errors_carry_cors_headers) {
  serve_config(verification_config());
  for (const unsigned status : {404u, 500u, 503u}) {
    const std::string path = "/status/" + std::to_string(status);
    const response got = exchange(make_request(http::verb::get, path, {{"Origin", origin}}));
    EXPECT_EQ(got.result_int(), status);
    EXPECT_EQ(lines_of(got),
              app_lines(json_body("GET", path),
                        {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}));
  }
}

TEST_P(adapter_test, rejected_and_non_cors_requests_reach_the_application_with_vary_only) {
  serve_config(verification_config());
  const request foreign =
      make_request(http::verb::get, "/data", {{"Origin", std::string(other_origin)}});
  const request same_scheme_other_case =
      make_request(http::verb::get, "/data", {{"Origin", "https://APP.client.internal"}});
  const request two_origins =
      make_request(http::verb::get, "/data", {{"Origin", origin}, {"Origin", origin}});
  const request without_origin = make_request(http::verb::get, "/data");
  for (const request& r : {foreign, same_scheme_other_case, two_origins, without_origin}) {
    const response got = exchange(r);
    EXPECT_EQ(got.result_int(), 200) << r;
    EXPECT_EQ(lines_of(got), app_lines(json_body("GET", "/data"), {{"Vary", "Origin"}})) << r;
  }
}

struct vary_case {
  header_lines application_vary;
  header_lines expected_vary;
};

TEST_P(adapter_test, vary_is_merged_into_the_applications_own) {
  const vary_case cases[] = {
      {{}, {{"Vary", "Origin"}}},
      {{{"Vary", "Accept-Encoding"}}, {{"Vary", "Accept-Encoding, Origin"}}},
      {{{"Vary", "origin"}}, {{"Vary", "origin"}}},
      {{{"Vary", "Accept-Encoding, ORIGIN"}}, {{"Vary", "Accept-Encoding, ORIGIN"}}},
      {{{"Vary", "*"}}, {{"Vary", "*"}}},
      {{{"Vary", "Accept-Encoding"}, {"Vary", "Cookie"}},
       {{"Vary", "Accept-Encoding, Cookie, Origin"}}},
      {{{"Vary", "Accept-Encoding,Cookie"}}, {{"Vary", "Accept-Encoding,Cookie, Origin"}}},
  };
  for (const vary_case& c : cases) {
    serve_config(verification_config(), application_adding(c.application_vary));
    for (const request& r : {make_request(http::verb::get, "/data", {{"Origin", origin}}),
                             make_request(http::verb::get, "/data")}) {
      header_lines vary;
      for (auto& line : lines_of(exchange(r)))
        if (line.first == "Vary") vary.push_back(line);
      EXPECT_EQ(vary, c.expected_vary) << r;
    }
  }
}

TEST_P(adapter_test, preflight_vary_lists_every_request_header_it_depends_on) {
  cors::config cfg = verification_config();
  cfg.allow_credentials = true;
  cfg.allowed_methods = {"*"};
  cfg.allowed_headers = {"*"};
  cfg.allow_private_network = true;
  cfg.max_age_seconds.reset();
  serve_config(cfg);
  const response got = exchange(make_request(http::verb::options, "/data",
                                             {{"Origin", origin},
                                              {"Access-Control-Request-Method", "PATCH"},
                                              {"Access-Control-Request-Headers", "x-one,x-two"},
                                              {"Access-Control-Request-Private-Network", "true"}}));
  EXPECT_EQ(got.result_int(), 204);
  EXPECT_EQ(lines_of(got), (header_lines{{"Access-Control-Allow-Origin", origin},
                                         {"Access-Control-Allow-Credentials", "true"},
                                         {"Access-Control-Allow-Methods", "PATCH"},
                                         {"Access-Control-Allow-Headers", "x-one,x-two"},
                                         {"Access-Control-Allow-Private-Network", "true"},
                                         {"Vary",
                                          "Origin, Access-Control-Request-Method, "
                                          "Access-Control-Request-Headers, "
                                          "Access-Control-Request-Private-Network"}}));
}

TEST_P(adapter_test, the_applications_own_allow_origin_is_kept_alone) {
  serve_config(verification_config(),
               application_adding({{"Access-Control-Allow-Origin", "https://own.example"}}));
  const response got = exchange(make_request(http::verb::get, "/data", {{"Origin", origin}}));
  EXPECT_EQ(lines_of(got), app_lines(json_body("GET", "/data"),
                                     {{"Access-Control-Allow-Origin", "https://own.example"},
                                      {"Vary", "Origin"}}));
}

// The application's own Allow-Credentials, without an Allow-Origin: the answer is its own, so
// the browser never sees "Access-Control-Allow-Credentials: true, true".
TEST_P(adapter_test, the_applications_own_allow_credentials_is_not_doubled) {
  cors::config cfg = verification_config();
  cfg.allow_credentials = true;
  serve_config(cfg, application_adding({{"Access-Control-Allow-Credentials", "true"}}));
  const response got = exchange(make_request(http::verb::get, "/data", {{"Origin", origin}}));
  EXPECT_EQ(lines_of(got),
            app_lines(json_body("GET", "/data"),
                      {{"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}}));
}

TEST_P(adapter_test, credentialed_policy_sends_allow_credentials_and_never_a_wildcard) {
  cors::config cfg = verification_config();
  cfg.allow_credentials = true;
  cfg.exposed_headers = {"X-Request-Id"};
  serve_config(cfg);

  const response preflight = exchange(make_request(
      http::verb::options, "/me", {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}}));
  EXPECT_EQ(preflight.result_int(), 204);
  EXPECT_EQ(lines_of(preflight),
            (header_lines{{"Access-Control-Allow-Origin", origin},
                          {"Access-Control-Allow-Credentials", "true"},
                          {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
                          {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
                          {"Access-Control-Max-Age", "600"},
                          {"Vary", "Origin"}}));

  const response actual =
      exchange(make_request(http::verb::get, "/me", {{"Origin", origin}, {"Cookie", "session=1"}}));
  EXPECT_EQ(lines_of(actual),
            app_lines(json_body("GET", "/me"), {{"Access-Control-Allow-Origin", origin},
                                                {"Access-Control-Allow-Credentials", "true"},
                                                {"Access-Control-Expose-Headers", "X-Request-Id"},
                                                {"Vary", "Origin"}}));

  const response foreign = exchange(make_request(
      http::verb::get, "/me", {{"Origin", std::string(other_origin)}, {"Cookie", "session=1"}}));
  EXPECT_EQ(lines_of(foreign), app_lines(json_body("GET", "/me"), {{"Vary", "Origin"}}));
}

TEST_P(adapter_test, per_route_policies_pick_the_longest_prefix_on_segment_boundaries) {
  serve(cors_test::adapter_routes(origin));
  for (const cors_test::route_case& c : cors_test::adapter_route_cases(origin)) {
    const response got = exchange(make_request(http::verb::get, c.target, {{"Origin", origin}}));
    const std::string path = c.target.substr(0, c.target.find('?'));
    EXPECT_EQ(got.result_int(), 200) << c.target;
    EXPECT_EQ(lines_of(got), app_lines(json_body("GET", path), c.cors)) << c.target;
  }

  // A preflight on a route without CORS is the application's to answer.
  const response internal =
      exchange(make_request(http::verb::options, "/app/internal/keys",
                            {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}}));
  EXPECT_EQ(internal.result_int(), 200);
  EXPECT_EQ(internal.body(), json_body("OPTIONS", "/app/internal/keys"));
  const response app =
      exchange(make_request(http::verb::options, "/app/me",
                            {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}}));
  EXPECT_EQ(app.result_int(), 204);
  EXPECT_EQ(lines_of(app), cors_test::adapter_route_preflight_answer(origin));
}

TEST_P(adapter_test, preflight_passthrough_lets_the_application_answer_with_the_headers) {
  cors::config cfg = verification_config();
  cfg.preflight_passthrough = true;
  serve_config(cfg);
  const response got = exchange(verification_preflight());
  EXPECT_EQ(got.result_int(), 200);
  const std::string body = json_body("OPTIONS", "/data");
  header_lines cors = verification_preflight_answer();
  EXPECT_EQ(lines_of(got), app_lines(body, cors));
  EXPECT_EQ(got.body(), body);
}

TEST_P(adapter_test, request_headers_over_several_lines_are_read_up_to_the_policys_limit) {
  serve_config(verification_config());
  const auto preflight_with_lines = [](std::size_t count) {
    header_lines headers = {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}};
    // The two allowed names, then empty lines (a name more would repeat one, which is refused
    // whatever the number of lines).
    for (std::size_t i = 0; i < count; ++i)
      headers.emplace_back("Access-Control-Request-Headers", i == 0   ? "content-type"
                                                             : i == 1 ? "X-Custom-Header"
                                                                      : "");
    return make_request(http::verb::options, "/data", headers);
  };
  for (const std::size_t accepted : {2u, 3u, 16u}) {
    const response got = exchange(preflight_with_lines(accepted));
    EXPECT_EQ(got.result_int(), 204) << accepted << " lines";
    EXPECT_EQ(cors_lines_of(got), verification_preflight_answer()) << accepted << " lines";
  }
  for (const std::size_t refused : {17u, 18u, 40u}) {
    const response got = exchange(preflight_with_lines(refused));
    EXPECT_EQ(got.result_int(), 403) << refused << " lines";
    EXPECT_EQ(lines_of(got), (header_lines{{"Vary", "Origin"}, {"Content-Length", "0"}}));
  }
}

TEST_P(adapter_test, preflight_status_200_carries_content_length_zero) {
  cors::config cfg = verification_config();
  cfg.preflight_success_status = 200;
  serve_config(cfg);
  const response got = exchange(verification_preflight());
  EXPECT_EQ(got.result_int(), 200);
  header_lines expected = verification_preflight_answer();
  expected.emplace_back("Content-Length", "0");
  EXPECT_EQ(lines_of(got), expected);
}

TEST_P(adapter_test, debug_preflight_answers_with_the_headers_earned_so_far) {
  cors::config cfg = verification_config();
  cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  serve_config(cfg);
  const response got =
      exchange(make_request(http::verb::options, "/data",
                            {{"Origin", origin}, {"Access-Control-Request-Method", "PATCH"}}));
  EXPECT_EQ(got.result_int(), 204);
  EXPECT_EQ(lines_of(got), (header_lines{{"Access-Control-Allow-Origin", origin},
                                         {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
                                         {"Vary", "Origin"}}));
}

TEST_P(adapter_test, keep_alive_follows_the_request) {
  serve_config(verification_config());
  request closing = verification_preflight();
  closing.keep_alive(false);
  connection c(port());
  const response got = c.exchange(closing);
  EXPECT_EQ(got.result_int(), 204);
  header_lines expected = verification_preflight_answer();
  expected.insert(expected.begin(), {"Connection", "close"});
  EXPECT_EQ(lines_of(got), expected);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_P(adapter_test, malformed_requests_get_400_and_the_server_keeps_serving) {
  serve_config(verification_config());
  const char* const malformed[] = {
      "GARBAGE\r\n\r\n",
      "GET /data HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
      "GET /data HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
      "GET /data HTTP/9.9\r\nHost: x\r\n\r\n",
      "POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
  };
  for (const char* bytes : malformed) {
    connection c(port());
    c.send_raw(bytes);
    const response got = c.receive();
    EXPECT_EQ(got.result_int(), 400) << bytes;
    EXPECT_EQ(lines_of(got), (header_lines{{"Content-Type", "text/plain"},
                                           {"Connection", "close"},
                                           {"Content-Length", "18"}}))
        << bytes;
    EXPECT_TRUE(c.closed_by_server()) << bytes;
    EXPECT_EQ(exchange(verification_preflight()).result_int(), 204) << "after " << bytes;
  }
}

TEST_P(adapter_test, two_hundred_concurrent_keep_alive_connections_are_all_answered_exactly) {
  serve_config(verification_config());
  expect_mixed_keep_alive_traffic(port(), 200, 6);
}

INSTANTIATE_TEST_SUITE_P(shapes, adapter_test,
                         testing::Values(handler_shape::request_to_response,
                                         handler_shape::request_and_send),
                         [](const testing::TestParamInfo<handler_shape>& info) {
                           return std::string(shape_name(info.param));
                         });

}  // namespace
