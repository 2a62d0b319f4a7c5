// The real cors-demo-server binary, run as a child process on an ephemeral loopback port: its
// flags, its answers over the wire, its errors, and its clean shutdown.
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "scenarios.hpp"
#include "server_process.hpp"

#ifndef CORS_DEMO_SERVER
#error "CORS_DEMO_SERVER must name the cors-demo-server executable"
#endif
#ifndef CORS_SYNC_SERVER
#error "CORS_SYNC_SERVER must name the synchronous example server"
#endif

namespace {

using namespace cors_integration;

const std::string origin(app_origin);

// cors-demo-server on a free port with `flags`.
class demo : public server_process {
 public:
  explicit demo(std::vector<std::string> flags)
      : server_process(CORS_DEMO_SERVER, with_listen(std::move(flags))) {}

  response exchange(const request& r) const { return connection(port()).exchange(r); }

 private:
  static std::vector<std::string> with_listen(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {"--listen", "127.0.0.1:0"});
    return flags;
  }
};

// The demo's own headers come first: Server, X-Request-Id, Content-Type, Content-Length.
header_lines demo_lines(unsigned long request_id, std::string_view body, header_lines cors) {
  header_lines lines = {{"Server", "cors-demo-server"},
                        {"X-Request-Id", std::to_string(request_id)},
                        {"Content-Type", "application/json"},
                        {"Content-Length", std::to_string(body.size())}};
  lines.insert(lines.end(), cors.begin(), cors.end());
  return lines;
}

TEST(demo_server, prints_where_it_listens_first_and_exits_0_on_sigterm_and_sigint) {
  for (const int signal : {SIGTERM, SIGINT}) {
    demo server(verification_flags());
    EXPECT_EQ(server.first_line(),
              "listening on http://127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(server.exchange(verification_preflight()).result_int(), 204);
    connection idle(server.port());  // an open keep-alive connection does not hold it up
    EXPECT_EQ(server.stop(signal), 0) << "signal " << signal;
    EXPECT_EQ(server.err(), "");
  }
}

TEST(demo_server, answers_the_verification_preflight_and_post_exactly) {
  demo server(verification_flags());
  connection c(server.port());
  const response preflight = c.exchange(verification_preflight());
  EXPECT_EQ(preflight.result_int(), 204);
  EXPECT_EQ(lines_of(preflight), verification_preflight_answer());
  EXPECT_EQ(preflight.body(), "");

  const response post = c.exchange(make_request(
      http::verb::post, "/data",
      {{"Origin", origin}, {"Content-Type", "application/json"}, {"X-Custom-Header", "1"}},
      R"({"hello":"world"})"));
  EXPECT_EQ(post.result_int(), 200);
  const std::string body = json_body("POST", "/data");
  EXPECT_EQ(lines_of(post),
            demo_lines(1, body, {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}));
  EXPECT_EQ(post.body(), body);
  EXPECT_EQ(server.stop(), 0);
}

TEST(demo_server, counts_requests_and_answers_status_routes_with_cors_headers) {
  demo server(verification_flags());
  connection c(server.port());
  const header_lines cors = {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}};
  struct row {
    std::string target;
    unsigned status;
    std::string path;
  };
  const row rows[] = {{"/status/404", 404, "/status/404"}, {"/status/500?x=1", 500, "/status/500"},
                      {"/status/418", 418, "/status/418"}, {"/status/999", 200, "/status/999"},
                      {"/status/40", 200, "/status/40"},   {"/any/path?q=1", 200, "/any/path"}};
  unsigned long id = 0;
  for (const row& r : rows) {
    const response got = c.exchange(make_request(http::verb::get, r.target, {{"Origin", origin}}));
    EXPECT_EQ(got.result_int(), r.status) << r.target;
    const std::string body = json_body("GET", r.path);
    EXPECT_EQ(lines_of(got), demo_lines(++id, body, cors)) << r.target;
    EXPECT_EQ(got.body(), body) << r.target;
  }
  const response no_content = c.exchange(make_request(http::verb::get, "/status/204"));
  EXPECT_EQ(no_content.result_int(), 204);
  EXPECT_EQ(lines_of(no_content), (header_lines{{"Server", "cors-demo-server"},
                                                {"X-Request-Id", std::to_string(++id)},
                                                {"Vary", "Origin"}}));
  const response head = c.exchange(make_request(http::verb::head, "/data", {{"Origin", origin}}));
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(lines_of(head), demo_lines(++id, json_body("HEAD", "/data"), cors));
}

// One row per flag: the flags, a request, and the CORS lines of the answer.
struct flag_row {
  const char* name;
  std::vector<std::string> flags;
  request sent;
  unsigned status;
  header_lines cors;
};

std::vector<flag_row> flag_rows() {
  const request actual = make_request(http::verb::get, "/data", {{"Origin", origin}});
  const request put_preflight = make_request(
      http::verb::options, "/data", {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}});
  const auto with = [](std::vector<std::string> extra) {
    std::vector<std::string> flags = {"--allow-origin", origin};
    flags.insert(flags.end(), extra.begin(), extra.end());
    return flags;
  };
  return {
      {"allow_origin_exact",
       with({}),
       actual,
       200,
       {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}},
      {"allow_origin_repeated",
       {"--allow-origin", "https://a.example", "--allow-origin", "https://b.example"},
       make_request(http::verb::get, "/", {{"Origin", "https://b.example"}}),
       200,
       {{"Access-Control-Allow-Origin", "https://b.example"}, {"Vary", "Origin"}}},
      {"allow_origin_wildcard",
       {"--allow-origin", "*"},
       actual,
       200,
       {{"Access-Control-Allow-Origin", "*"}}},
      {"allow_origin_pattern",
       {"--allow-origin", "https://*.client.internal"},
       actual,
       200,
       {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}}},
      {"allow_origin_pattern_not_apex",
       {"--allow-origin", "https://*.client.internal"},
       make_request(http::verb::get, "/", {{"Origin", "https://client.internal"}}),
       200,
       {{"Vary", "Origin"}}},
      {"allow_null_origin",
       with({"--allow-null-origin"}),
       make_request(http::verb::get, "/", {{"Origin", "null"}}),
       200,
       {{"Access-Control-Allow-Origin", "null"}, {"Vary", "Origin"}}},
      {"null_origin_refused_by_default",
       with({}),
       make_request(http::verb::get, "/", {{"Origin", "null"}}),
       200,
       {{"Vary", "Origin"}}},
      {"allow_methods",
       with({"--allow-methods", "PUT, PATCH"}),
       put_preflight,
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "PUT,PATCH"},
        {"Vary", "Origin"}}},
      {"allow_methods_repeated",
       with({"--allow-methods", "PATCH", "--allow-methods", "PUT"}),
       put_preflight,
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "PATCH,PUT"},
        {"Vary", "Origin"}}},
      {"method_not_listed",
       with({"--allow-methods", "PATCH"}),
       put_preflight,
       403,
       {{"Vary", "Origin"}}},
      {"allow_methods_wildcard",
       with({"--allow-methods", "*"}),
       put_preflight,
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "*"},
        {"Vary", "Origin"}}},
      {"allow_headers",
       with({"--allow-headers", "X-Custom-Header,Content-Type", "--allow-methods", "PUT"}),
       make_request(http::verb::options, "/",
                    {{"Origin", origin},
                     {"Access-Control-Request-Method", "PUT"},
                     {"Access-Control-Request-Headers", "content-type, x-custom-header"}}),
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "PUT"},
        {"Access-Control-Allow-Headers", "x-custom-header,content-type"},
        {"Vary", "Origin"}}},
      {"expose_headers",
       with({"--expose-headers", "X-Request-Id,X-Other"}),
       actual,
       200,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Expose-Headers", "X-Request-Id,X-Other"},
        {"Vary", "Origin"}}},
      {"allow_credentials",
       with({"--allow-credentials"}),
       actual,
       200,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Credentials", "true"},
        {"Vary", "Origin"}}},
      {"max_age_on_success",
       with({"--max-age", "0"}),
       make_request(http::verb::options, "/",
                    {{"Origin", origin}, {"Access-Control-Request-Method", "GET"}}),
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Max-Age", "0"},
        {"Vary", "Origin"}}},
      {"allow_private_network",
       with({"--allow-private-network", "--allow-methods", "PUT"}),
       make_request(http::verb::options, "/",
                    {{"Origin", origin},
                     {"Access-Control-Request-Method", "PUT"},
                     {"Access-Control-Request-Private-Network", "true"}}),
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "PUT"},
        {"Access-Control-Allow-Private-Network", "true"},
        {"Vary", "Origin, Access-Control-Request-Private-Network"}}},
      {"private_network_refused_by_default",
       with({"--allow-methods", "PUT"}),
       make_request(http::verb::options, "/",
                    {{"Origin", origin},
                     {"Access-Control-Request-Method", "PUT"},
                     {"Access-Control-Request-Private-Network", "true"}}),
       403,
       {{"Vary", "Origin"}}},
      {"preflight_status_200",
       with({"--preflight-status", "200", "--allow-methods", "PUT"}),
       put_preflight,
       200,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "PUT"},
        {"Vary", "Origin"}}},
      {"debug_preflight",
       with({"--debug-preflight", "--allow-methods", "PATCH"}),
       put_preflight,
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "PATCH"},
        {"Vary", "Origin"}}},
  };
}

TEST(demo_server, honours_every_policy_flag) {
  for (const flag_row& row : flag_rows()) {
    demo server(row.flags);
    const response got = server.exchange(row.sent);
    EXPECT_EQ(got.result_int(), row.status) << row.name;
    EXPECT_EQ(cors_lines_of(got), row.cors) << row.name;
  }
}

TEST(demo_server, preflight_answers_have_no_body_and_content_length_only_on_200) {
  demo server(verification_flags());
  const response no_content = server.exchange(verification_preflight());
  EXPECT_EQ(no_content.count(http::field::content_length), 0u);
  demo legacy({"--allow-origin", origin, "--preflight-status", "200"});
  const response ok = legacy.exchange(make_request(
      http::verb::options, "/", {{"Origin", origin}, {"Access-Control-Request-Method", "GET"}}));
  EXPECT_EQ(ok.result_int(), 200);
  EXPECT_EQ(lines_of(ok), (header_lines{{"Access-Control-Allow-Origin", origin},
                                        {"Vary", "Origin"},
                                        {"Content-Length", "0"}}));
}

TEST(demo_server, log_rejections_explains_each_rejection_on_stderr) {
  std::vector<std::string> flags = verification_flags();
  flags.push_back("--log-rejections");
  demo server(flags);
  server.exchange(make_request(http::verb::options, "/data",
                               {{"Origin", origin},
                                {"Access-Control-Request-Method", "POST"},
                                {"Access-Control-Request-Headers", "x-other"}}));
  server.exchange(
      make_request(http::verb::get, "/data", {{"Origin", "http://app.client.internal"}}));
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(server.err(),
            "cors: preflight rejected: request header 'x-other' is not allowed (allowed: "
            "content-type, x-custom-header)\n"
            "cors: request rejected: origin 'http://app.client.internal' is not allowed (allowed: "
            "https://app.client.internal); 'https://app.client.internal' is allowed, which "
            "differs only by scheme\n");
}

TEST(demo_server, an_invalid_policy_exits_2_listing_every_problem_and_serves_nothing) {
  const finished_process run = run_to_exit(
      CORS_DEMO_SERVER, {"--listen", "127.0.0.1:0", "--allow-origin", "https://app.example.com/",
                         "--allow-origin", "*", "--allow-credentials", "--allow-methods",
                         "GET,TRACE", "--max-age", "100000", "--preflight-status", "201"});
  EXPECT_EQ(run.exit_status, 2);
  EXPECT_EQ(run.out, "");
  const char* const expected_lines[] = {
      "cors-demo-server: invalid options, nothing started:\n",
      "  allowed_origins[0] 'https://app.example.com/': ",
      "  allowed_origins[1] '*': ",
      "  allowed_methods[1] 'TRACE': ",
      "  max_age_seconds '100000': ",
      "  preflight_success_status '201': ",
  };
  for (const char* line : expected_lines)
    EXPECT_NE(run.err.find(line), std::string::npos) << line << "\nin:\n" << run.err;
}

TEST(demo_server, an_invalid_flag_exits_2_without_serving) {
  const std::vector<std::vector<std::string>> invalid = {
      {"--no-such-flag"},
      {"--allow"},  // abbreviations are not accepted
      {"--max-age", "ten"},
      {"--max-age"},
      {"--preflight-status", "x"},
      {"--listen", "127.0.0.1"},
      {"--listen", "127.0.0.1:99999"},
      {"--listen", "no-such-host.invalid:0"},
      {"stray-argument"},
  };
  for (const std::vector<std::string>& arguments : invalid) {
    const finished_process run = run_to_exit(CORS_DEMO_SERVER, arguments);
    EXPECT_EQ(run.exit_status, 2) << testing::PrintToString(arguments);
    EXPECT_EQ(run.out, "") << testing::PrintToString(arguments);
    EXPECT_EQ(run.err.rfind("cors-demo-server: ", 0), 0u) << run.err;
  }
}

TEST(demo_server, help_lists_every_flag_and_exits_0) {
  const finished_process run = run_to_exit(CORS_DEMO_SERVER, {"--help"});
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.err, "");
  for (const char* flag :
       {"--listen", "--allow-origin", "--allow-methods", "--allow-headers", "--expose-headers",
        "--allow-credentials", "--max-age", "--allow-private-network", "--preflight-status",
        "--debug-preflight", "--allow-null-origin", "--log-rejections", "--help"})
    EXPECT_NE(run.out.find(flag), std::string::npos) << flag;
}

TEST(demo_server, malformed_requests_get_400_and_the_server_keeps_serving) {
  demo server(verification_flags());
  const char* const malformed[] = {
      "GARBAGE\r\n\r\n",
      "GET /data HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
      "GET /data HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
  };
  for (const char* bytes : malformed) {
    connection c(server.port());
    c.send_raw(bytes);
    const response got = c.receive();
    EXPECT_EQ(got.result_int(), 400) << bytes;
    const header_lines lines = lines_of(got);
    ASSERT_EQ(lines.size(), 4u) << bytes;
    EXPECT_EQ(lines[0], (std::pair<std::string, std::string>{"Server", "cors-demo-server"}));
    EXPECT_EQ(lines[1], (std::pair<std::string, std::string>{"Content-Type", "text/plain"}));
    EXPECT_EQ(lines[2], (std::pair<std::string, std::string>{"Connection", "close"}));
    EXPECT_EQ(got.body().rfind("malformed request: ", 0), 0u) << got.body();
    EXPECT_TRUE(c.closed_by_server()) << bytes;
    EXPECT_EQ(server.exchange(verification_preflight()).result_int(), 204) << "after " << bytes;
  }
  EXPECT_EQ(server.stop(), 0);
}

TEST(demo_server, two_hundred_concurrent_keep_alive_connections_are_all_answered_exactly) {
  demo server(verification_flags());
  expect_mixed_keep_alive_traffic(server.port(), 200, 6);
  EXPECT_EQ(server.stop(), 0);
}

TEST(sync_example, answers_the_verification_preflight_and_its_404_carries_cors_headers) {
  server_process server(CORS_SYNC_SERVER, {"0"});
  connection c(server.port());
  const response preflight = c.exchange(verification_preflight());
  EXPECT_EQ(preflight.result_int(), 204);
  EXPECT_EQ(lines_of(preflight), verification_preflight_answer());
  const response missing =
      c.exchange(make_request(http::verb::get, "/nothing", {{"Origin", origin}}));
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(lines_of(missing), (header_lines{{"Content-Type", "application/json"},
                                             {"Content-Length", "21"},
                                             {"Access-Control-Allow-Origin", origin},
                                             {"Vary", "Origin"}}));
  EXPECT_EQ(missing.body(), R"({"error":"not found"})");
}

}  // namespace
