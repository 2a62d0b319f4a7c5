// The cpp-httplib adapter over loopback: a real httplib::Server in the test binary runs an
// application with cors::httplib installed; a Beast client checks every status and header line
// exactly. cpp-httplib writes header lines sorted by name, and adds Keep-Alive to each answer.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "adapter_cases.hpp"
#include "cors/httplib.hpp"
#include "http_client.hpp"
#include "scenarios.hpp"
#include "server_process.hpp"

namespace {

using namespace cors_integration;

constexpr int worker_threads = 72;
const header_lines keep_alive = {{"Keep-Alive", "timeout=2, max=1000"}};

// A cpp-httplib server on an ephemeral loopback port, configured by `setup`.
class httplib_server {
 public:
  explicit httplib_server(const std::function<void(httplib::Server&)>& setup) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(worker_threads); };
    server_.set_keep_alive_max_count(1000);
    server_.set_keep_alive_timeout(2);
    int listening = -1;
    server_.set_socket_options([&listening](socket_t s) {
      httplib::default_socket_options(s);
      listening = s;
    });
    setup(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
    // cpp-httplib 0.11 listens with a backlog of 5: many connections opened at once would wait
    // for SYN retries (a second each) and outlast the keep-alive timeout.
    ::listen(listening, 128);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~httplib_server() {
    server_.stop();
    thread_.join();
  }
  httplib_server(const httplib_server&) = delete;
  httplib_server& operator=(const httplib_server&) = delete;

  unsigned short port() const { return static_cast<unsigned short>(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// Like scenarios.hpp's application: every path but those under /unrouted answers 200 (or NNN
// for /status/NNN) with a JSON body naming the method and path; OPTIONS included.
void route_application(httplib::Server& server) {
  const auto answer = [](const httplib::Request& req, httplib::Response& res) {
    constexpr std::string_view status_prefix = "/status/";
    if (req.path.rfind(status_prefix, 0) == 0) res.status = std::stoi(req.path.substr(8));
    res.set_content(json_body(req.method, req.path), "application/json");
  };
  const std::string routed = "/(?!unrouted).*";
  server.Get(routed, answer)
      .Post(routed, answer)
      .Put(routed, answer)
      .Delete(routed, answer)
      .Patch(routed, answer)
      .Options(routed, answer);
}

// The lines in the order cpp-httplib sends them: by name, case-insensitively, ties in order.
header_lines as_sent(header_lines lines) {
  const auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::stable_sort(lines.begin(), lines.end(),
                   [&](const auto& a, const auto& b) { return lower(a.first) < lower(b.first); });
  return lines;
}

header_lines plus(header_lines a, const header_lines& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// An application answer with `cors` added.
header_lines app_lines(std::string_view body, const header_lines& cors) {
  return as_sent(plus(
      plus({{"Content-Type", "application/json"}, {"Content-Length", std::to_string(body.size())}},
           keep_alive),
      cors));
}

// cpp-httplib's own answer without a body (its 404 for a path without a route).
header_lines empty_lines(const header_lines& cors) {
  return as_sent(plus(plus({{"Content-Length", "0"}}, keep_alive), cors));
}

// The policy's answer to a preflight: a 204 without Content-Length.
header_lines preflight_lines(const header_lines& cors) {
  return as_sent(plus(keep_alive, cors));
}

const std::string origin(app_origin);
const header_lines allowed_actual = {{"Access-Control-Allow-Origin", origin}, {"Vary", "Origin"}};
const header_lines vary_only = {{"Vary", "Origin"}};

class httplib_adapter_test : public testing::Test {
 protected:
  // The application behind `policies` (a cors::policy or cors::route_policies).
  template <class Policies>
  void serve(
      Policies policies,
      const std::function<void(httplib::Server&)>& more = [](httplib::Server&) {}) {
    server_.reset();
    server_ = std::make_unique<httplib_server>([&](httplib::Server& s) {
      more(s);  // first: cpp-httplib takes the first route that matches
      route_application(s);
      cors::httplib::install(s, std::move(policies));
    });
  }
  void serve_config(const cors::config& cfg) { serve(cors::policy(cfg)); }
  response exchange(const request& r) { return connection(port()).exchange(r); }
  unsigned short port() const { return server_->port(); }

 private:
  std::unique_ptr<httplib_server> server_;
};

TEST_F(httplib_adapter_test, verification_preflight_gets_a_204_without_content_length) {
  serve_config(verification_config());
  const response got = exchange(verification_preflight());
  EXPECT_EQ(got.result_int(), 204);
  EXPECT_EQ(lines_of(got), preflight_lines(verification_preflight_answer()));
  EXPECT_EQ(got.body(), "");
}

TEST_F(httplib_adapter_test, actual_request_gets_the_application_answer_with_cors_headers) {
  serve_config(verification_config());
  const response got = exchange(make_request(
      http::verb::post, "/data",
      {{"Origin", origin}, {"Content-Type", "application/json"}, {"X-Custom-Header", "1"}},
      R"({"a":1})"));
  EXPECT_EQ(got.result_int(), 200);
  const std::string body = json_body("POST", "/data");
  EXPECT_EQ(lines_of(got), app_lines(body, allowed_actual));
  EXPECT_EQ(got.body(), body);
}

TEST_F(httplib_adapter_test, preflights_are_answered_on_paths_without_a_route) {
  serve_config(verification_config());
  request preflight = verification_preflight();
  preflight.target("/unrouted/x");
  const response allowed = exchange(preflight);
  EXPECT_EQ(allowed.result_int(), 204);
  EXPECT_EQ(lines_of(allowed), preflight_lines(verification_preflight_answer()));

  // Rejected preflights are the policy's 403 with Content-Length: 0, not cpp-httplib's 404.
  const request unknown_header = make_request(http::verb::options, "/unrouted",
                                              {{"Origin", origin},
                                               {"Access-Control-Request-Method", "POST"},
                                               {"Access-Control-Request-Headers", "x-other"}});
  const request unknown_origin = make_request(
      http::verb::options, "/data",
      {{"Origin", std::string(other_origin)}, {"Access-Control-Request-Method", "GET"}});
  for (const request& r : {unknown_header, unknown_origin}) {
    const response got = exchange(r);
    EXPECT_EQ(got.result_int(), 403) << r;
    EXPECT_EQ(lines_of(got), empty_lines(vary_only)) << r;
    EXPECT_EQ(got.body(), "") << r;
  }
}

TEST_F(httplib_adapter_test, the_policys_403_has_no_body_even_with_an_error_handler) {
  serve(cors::policy(verification_config()), [](httplib::Server& s) {
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_content("<h1>error</h1>", "text/html");
    });
  });
  const response rejected = exchange(make_request(
      http::verb::options, "/data",
      {{"Origin", std::string(other_origin)}, {"Access-Control-Request-Method", "GET"}}));
  EXPECT_EQ(rejected.result_int(), 403);
  EXPECT_EQ(lines_of(rejected), empty_lines(vary_only));
  EXPECT_EQ(rejected.body(), "");

  // The handler's own pages keep their body, and get the CORS headers.
  const response missing =
      exchange(make_request(http::verb::get, "/unrouted", {{"Origin", origin}}));
  EXPECT_EQ(missing.result_int(), 404);
  EXPECT_EQ(
      lines_of(missing),
      as_sent(plus(plus({{"Content-Type", "text/html"}, {"Content-Length", "14"}}, keep_alive),
                   allowed_actual)));
  EXPECT_EQ(missing.body(), "<h1>error</h1>");
}

TEST_F(httplib_adapter_test, plain_options_without_request_method_reaches_the_application) {
  serve_config(verification_config());
  const response got = exchange(make_request(http::verb::options, "/data", {{"Origin", origin}}));
  EXPECT_EQ(got.result_int(), 200);
  const std::string body = json_body("OPTIONS", "/data");
  EXPECT_EQ(lines_of(got), app_lines(body, allowed_actual));
  EXPECT_EQ(got.body(), body);
}

TEST_F(httplib_adapter_test, application_errors_and_httplibs_404_carry_cors_headers) {
  serve(cors::policy(verification_config()), [](httplib::Server& s) {
    s.Get("/throws", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("application failure");
    });
  });
  for (const int status : {404, 500, 503}) {
    const std::string path = "/status/" + std::to_string(status);
    const response got = exchange(make_request(http::verb::get, path, {{"Origin", origin}}));
    EXPECT_EQ(got.result_int(), status);
    EXPECT_EQ(lines_of(got), app_lines(json_body("GET", path), allowed_actual));
  }
  const response unrouted =
      exchange(make_request(http::verb::delete_, "/unrouted/7", {{"Origin", origin}}));
  EXPECT_EQ(unrouted.result_int(), 404);
  EXPECT_EQ(lines_of(unrouted), empty_lines(allowed_actual));
}

TEST_F(httplib_adapter_test, rejected_and_non_cors_requests_reach_the_application_with_vary_only) {
  serve_config(verification_config());
  const request foreign =
      make_request(http::verb::get, "/data", {{"Origin", std::string(other_origin)}});
  const request other_case =
      make_request(http::verb::get, "/data", {{"Origin", "https://APP.client.internal"}});
  const request two_origins =
      make_request(http::verb::get, "/data", {{"Origin", origin}, {"Origin", origin}});
  const request lower_case_name = make_request(http::verb::get, "/data", {{"origin", "null"}});
  const request without_origin = make_request(http::verb::get, "/data");
  for (const request& r : {foreign, other_case, two_origins, lower_case_name, without_origin}) {
    const response got = exchange(r);
    EXPECT_EQ(got.result_int(), 200) << r;
    EXPECT_EQ(lines_of(got), app_lines(json_body("GET", "/data"), vary_only)) << r;
  }
}

TEST_F(httplib_adapter_test, header_names_are_matched_case_insensitively) {
  serve_config(verification_config());
  const response got = exchange(make_request(http::verb::options, "/data",
                                             {{"ORIGIN", origin},
                                              {"access-control-request-method", "POST"},
                                              {"Access-Control-Request-HEADERS", "content-type"}}));
  EXPECT_EQ(got.result_int(), 204);
  EXPECT_EQ(lines_of(got), preflight_lines(verification_preflight_answer()));
}

TEST_F(httplib_adapter_test, private_network_preflight_is_answered_when_allowed) {
  cors::config cfg = verification_config();
  cfg.allow_private_network = true;
  serve_config(cfg);
  const response got = exchange(make_request(http::verb::options, "/data",
                                             {{"Origin", origin},
                                              {"Access-Control-Request-Method", "PUT"},
                                              {"Access-Control-Request-Private-Network", "true"}}));
  EXPECT_EQ(got.result_int(), 204);
  EXPECT_EQ(lines_of(got),
            preflight_lines({{"Access-Control-Allow-Origin", origin},
                             {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
                             {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
                             {"Access-Control-Max-Age", "600"},
                             {"Access-Control-Allow-Private-Network", "true"},
                             {"Vary", "Origin, Access-Control-Request-Private-Network"}}));
}

struct vary_case {
  header_lines application_vary;
  header_lines expected_vary;
};

TEST_F(httplib_adapter_test, vary_is_merged_into_the_applications_own) {
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
    serve(cors::policy(verification_config()), [&](httplib::Server& s) {
      s.Get("/varies", [&c](const httplib::Request&, httplib::Response& res) {
        for (const auto& [name, value] : c.application_vary) res.headers.emplace(name, value);
        res.set_content("{}", "application/json");
      });
    });
    for (const request& r : {make_request(http::verb::get, "/varies", {{"Origin", origin}}),
                             make_request(http::verb::get, "/varies")}) {
      header_lines vary;
      for (auto& line : lines_of(exchange(r)))
        if (line.first == "Vary") vary.push_back(line);
      EXPECT_EQ(vary, c.expected_vary) << r;
    }
  }
}

TEST_F(httplib_adapter_test, the_applications_own_access_control_headers_are_kept_alone) {
  cors::config cfg = verification_config();
  cfg.allow_credentials = true;
  serve(cors::policy(cfg), [](httplib::Server& s) {
    s.Get("/own", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Access-Control-Allow-Origin", "https://own.example");
      res.set_content("{}", "application/json");
    });
    s.Get("/own-credentials", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Access-Control-Allow-Credentials", "true");
      res.set_content("{}", "application/json");
    });
  });
  const response own = exchange(make_request(http::verb::get, "/own", {{"Origin", origin}}));
  EXPECT_EQ(lines_of(own), app_lines("{}", {{"Access-Control-Allow-Origin", "https://own.example"},
                                            {"Vary", "Origin"}}));
  // Any Access-Control-* header of its own: its answer stands whole, never "true, true".
  const response credentials =
      exchange(make_request(http::verb::get, "/own-credentials", {{"Origin", origin}}));
  EXPECT_EQ(lines_of(credentials),
            app_lines("{}", {{"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}}));
}

TEST_F(httplib_adapter_test, per_route_policies_pick_the_longest_prefix_on_segment_boundaries) {
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
  EXPECT_EQ(lines_of(app), preflight_lines(cors_test::adapter_route_preflight_answer(origin)));
}

TEST_F(httplib_adapter_test, preflight_passthrough_lets_the_application_answer_with_the_headers) {
  cors::config cfg = verification_config();
  cfg.preflight_passthrough = true;
  serve_config(cfg);
  const response got = exchange(verification_preflight());
  EXPECT_EQ(got.result_int(), 200);
  const std::string body = json_body("OPTIONS", "/data");
  EXPECT_EQ(lines_of(got), app_lines(body, verification_preflight_answer()));
  EXPECT_EQ(got.body(), body);
}

TEST_F(httplib_adapter_test, preflight_status_200_carries_content_length_zero) {
  cors::config cfg = verification_config();
  cfg.preflight_success_status = 200;
  serve_config(cfg);
  const response got = exchange(verification_preflight());
  EXPECT_EQ(got.result_int(), 200);
  EXPECT_EQ(lines_of(got), empty_lines(verification_preflight_answer()));
}

TEST_F(httplib_adapter_test, request_headers_over_several_lines_are_read_up_to_the_policys_limit) {
  // One allowed name per line (cpp-httplib drops lines with an empty value).
  cors::config cfg = verification_config();
  cfg.allowed_headers.clear();
  for (int i = 0; i < 40; ++i) cfg.allowed_headers.push_back("X-H" + std::to_string(i));
  serve_config(cfg);
  const auto preflight_with_lines = [](int count) {
    header_lines headers = {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}};
    for (int i = 0; i < count; ++i)
      headers.emplace_back("Access-Control-Request-Headers", "x-h" + std::to_string(i));
    return make_request(http::verb::options, "/data", headers);
  };
  for (const int accepted : {2, 3, 16}) {
    const response got = exchange(preflight_with_lines(accepted));
    EXPECT_EQ(got.result_int(), 204) << accepted << " lines";
  }
  for (const int refused : {17, 40}) {
    const response got = exchange(preflight_with_lines(refused));
    EXPECT_EQ(got.result_int(), 403) << refused << " lines";
    EXPECT_EQ(lines_of(got), empty_lines(vary_only)) << refused << " lines";
  }
}

TEST_F(httplib_adapter_test, each_request_is_evaluated_once) {
  std::atomic<int> rejections{0};
  cors::config cfg = verification_config();
  cfg.on_rejection = [&rejections](const cors::decision&, std::string_view) { ++rejections; };
  serve_config(cfg);
  const request rejected[] = {
      make_request(
          http::verb::options, "/data",
          {{"Origin", std::string(other_origin)}, {"Access-Control-Request-Method", "GET"}}),
      make_request(http::verb::get, "/data", {{"Origin", std::string(other_origin)}}),
      make_request(http::verb::get, "/unrouted", {{"Origin", std::string(other_origin)}}),
      make_request(http::verb::get, "/status/500", {{"Origin", std::string(other_origin)}}),
  };
  int sent = 0;
  for (const request& r : rejected) {
    exchange(r);
    EXPECT_EQ(rejections.load(), ++sent) << r;
  }
  // Answered by cpp-httplib without routing: evaluated once, after.
  connection c(port());
  c.send_raw(
      "GET /data HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
      "Range: bytes=oops\r\n\r\n");
  const response unsatisfiable = c.receive();
  EXPECT_EQ(unsatisfiable.result_int(), 416);
  EXPECT_EQ(cors_lines_of(unsatisfiable), vary_only);
  EXPECT_EQ(rejections.load(), ++sent);
}

TEST_F(httplib_adapter_test, hostile_requests_get_exact_answers_and_the_server_keeps_serving) {
  serve_config(verification_config());
  struct hostile_case {
    std::string name;
    std::string bytes;
    int status;
    header_lines cors;
  };
  std::string many_names;
  for (int i = 0; i < 5000; ++i) many_names += "x,";
  const std::string preflight_start =
      "OPTIONS /data HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Access-Control-Request-Method: PUT\r\n";
  const hostile_case cases[] = {
      {"look-alike origin", preflight_start + "Origin: https://app.client.internal.evil\r\n\r\n",
       403, vary_only},
      {"origin with a path", preflight_start + "Origin: https://app.client.internal/\r\n\r\n", 403,
       vary_only},
      {"NUL in origin",
       preflight_start + "Origin: https://app.client.internal" + std::string(1, '\0') + "\r\n\r\n",
       403, vary_only},
      {"userinfo in origin", preflight_start + "Origin: https://a@app.client.internal\r\n\r\n", 403,
       vary_only},
      {"'null' origin", preflight_start + "Origin: null\r\n\r\n", 403, vary_only},
      // cpp-httplib 0.11 percent-decodes header values before the adapter sees them: what is
      // decoded is checked like any origin, and only an allowed origin is ever sent back.
      {"percent-encoded CR LF in origin",
       preflight_start + "Origin: https://app.client.internal%0D%0AX-Injected:%201\r\n\r\n", 403,
       vary_only},
      {"percent-encoded allowed origin",
       preflight_start + "Origin: https%3A%2F%2Fapp.client.internal\r\n\r\n",
       204,
       {{"Access-Control-Allow-Origin", origin},
        {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
        {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
        {"Access-Control-Max-Age", "600"},
        {"Vary", "Origin"}}},
      {"4,000 names in Access-Control-Request-Headers",
       preflight_start + "Origin: " + origin +
           "\r\nAccess-Control-Request-Headers: " + many_names.substr(0, 8000) + "\r\n\r\n",
       403, vary_only},
      // cpp-httplib refuses a line over 8 KiB with a 400, written without routing: the adapter
      // decorates it with what the policy decided for the lines cpp-httplib had read (a non-2xx
      // answer fails a preflight in the browser whatever its headers).
      {"a header line over 8 KiB",
       preflight_start + "Origin: " + origin + "\r\nAccess-Control-Request-Headers: " + many_names +
           "\r\n\r\n",
       400, verification_preflight_answer()},
  };
  for (const hostile_case& c : cases) {
    const raw_exchange got = exchange_raw(port(), c.bytes);
    ASSERT_EQ(got.responses.size(), 1u) << c.name;
    EXPECT_EQ(got.responses.front().result_int(), c.status) << c.name;
    EXPECT_EQ(cors_lines_of(got.responses.front()), as_sent(c.cors)) << c.name;
    EXPECT_EQ(exchange(verification_preflight()).result_int(), 204) << "after " << c.name;
  }
}

TEST_F(httplib_adapter_test, sixty_four_concurrent_keep_alive_connections_are_all_answered) {
  serve_config(verification_config());
  expect_mixed_keep_alive_traffic(port(), 64, 6);
}

#ifdef CORS_HTTPLIB_EXAMPLE
TEST(httplib_example, the_server_of_docs_adapters_md_answers_as_documented) {
  server_process example(CORS_HTTPLIB_EXAMPLE, {"0"});
  const std::string allowed = "https://app.example.com";
  connection c(example.port());
  const response preflight =
      c.exchange(make_request(http::verb::options, "/items",
                              {{"Origin", allowed},
                               {"Access-Control-Request-Method", "PUT"},
                               {"Access-Control-Request-Headers", "content-type"}}));
  EXPECT_EQ(preflight.result_int(), 204);
  EXPECT_EQ(cors_lines_of(preflight),
            as_sent({{"Access-Control-Allow-Origin", allowed},
                     {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
                     {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
                     {"Access-Control-Max-Age", "600"},
                     {"Vary", "Origin"}}));
  const response items = c.exchange(make_request(http::verb::get, "/items", {{"Origin", allowed}}));
  EXPECT_EQ(items.result_int(), 200);
  EXPECT_EQ(cors_lines_of(items),
            as_sent({{"Access-Control-Allow-Origin", allowed}, {"Vary", "Origin"}}));
  EXPECT_EQ(items.body(), R"({"items":[1,2,3]})");
}
#endif

}  // namespace
