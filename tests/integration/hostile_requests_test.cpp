// The example servers against hostile clients, over raw TCP: oversized header sections, hostile
// Origin and Access-Control-Request-Headers values, look-alike origins, request smuggling shapes
// and slow clients. Each row is one request with its one exact answer (or exact answers), after
// which the server must have closed the connection and must still serve an allowed request on a
// fresh one. No answer carries the hostile bytes: the CORS lines of every answer are compared
// whole. What concerns HTTP itself runs against both cors-demo-server and the synchronous
// example; what concerns the policy, against cors-demo-server's.
#include <poll.h>

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "example_servers.hpp"
#include "http_client.hpp"
#include "scenarios.hpp"
#include "server_process.hpp"

namespace {

using namespace cors_integration;
using namespace std::chrono_literals;
using namespace std::string_literals;
namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

const std::string allowed_origin = demo_server().allowed_origin;

// ---- requests as bytes -----------------------------------------------------------------------

// `start_line`, Host, `lines` (each ending in CRLF) and Connection: close, so that the server's
// close after a well-formed request is expected too.
std::string raw_request(std::string_view start_line, std::string_view lines) {
  return std::string(start_line) + "\r\nHost: 127.0.0.1\r\n" + std::string(lines) +
         "Connection: close\r\n\r\n";
}

std::string actual_request(std::string_view lines) {
  return raw_request("GET /data HTTP/1.1", lines);
}

std::string preflight_request(std::string_view lines) {
  return raw_request("OPTIONS /data HTTP/1.1",
                     "Access-Control-Request-Method: PUT\r\n" + std::string(lines));
}

std::string origin_line(std::string_view origin) {
  return "Origin: " + std::string(origin) + "\r\n";
}

std::string repeated(std::string_view piece, std::size_t times, std::string_view separator = "") {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    if (i != 0) out += separator;
    out += piece;
  }
  return out;
}

// "x-h0,x-h1,...": distinct names, as a hostile client would send to defeat deduplication.
std::string distinct_names(std::size_t count, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) out += separator;
    out += "x-h" + std::to_string(i);
  }
  return out;
}

// `bytes` for a test's name: CR, LF, NUL and every other byte outside printable ASCII as \xNN.
std::string printable(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    }
  }
  return out;
}

// Sent after a request whose framing is in doubt: if it is ever answered, a request hidden in
// the first one's body was served as a request of its own.
const std::string smuggled_request =
    "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

// ---- answers -------------------------------------------------------------------------------

// The policy refused the origin: the application answers, with Vary: Origin and nothing else.
const expected_answer refused_actual{200, {{"Vary", "Origin"}}, json_body("GET", "/data")};
// The policy refused the preflight: a bare 403 with Vary: Origin.
const expected_answer refused_preflight{403, {{"Vary", "Origin"}}, ""};

const header_lines allowed_actual_lines = {{"Access-Control-Allow-Origin", allowed_origin},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Vary", "Origin"}};
const expected_answer allowed_actual{200, allowed_actual_lines, json_body("GET", "/data")};
const expected_answer allowed_preflight{
    204,
    {{"Access-Control-Allow-Origin", allowed_origin},
     {"Access-Control-Allow-Credentials", "true"},
     {"Access-Control-Allow-Methods", "GET,POST,PUT,DELETE"},
     {"Access-Control-Allow-Headers", "content-type,x-custom-header"},
     {"Access-Control-Max-Age", "600"},
     {"Vary", "Origin"}},
    ""};

struct hostile_row {
  std::string name;                      // what is sent
  std::string bytes;                     // sent as they are, on a fresh connection
  std::vector<expected_answer> answers;  // every answer, in order; then the server closes
};

// Sends each row to one `example` server, which must answer exactly, close the connection, go on
// serving, and (cors-demo-server) exit cleanly at the end.
void expect_exact_answers(const std::vector<hostile_row>& rows,
                          const example_server& example = demo_server()) {
  server_process server = example.start();
  const unsigned short port = server.port();
  for (const hostile_row& row : rows) {
    SCOPED_TRACE(row.name);
    const clock_type::time_point start = clock_type::now();
    const raw_exchange got = exchange_raw(port, row.bytes);
    EXPECT_TRUE(got.closed_by_server)
        << "still open after " << (clock_type::now() - start) / 1ms << " ms";
    EXPECT_EQ(got.unparsed, "");
    EXPECT_EQ(got.responses.size(), row.answers.size());
    for (std::size_t i = 0; i < row.answers.size() && i < got.responses.size(); ++i) {
      const expected_answer& expected = row.answers[i];
      EXPECT_EQ(got.responses[i].result_int(), expected.status) << "answer " << i;
      EXPECT_EQ(cors_lines_of(got.responses[i]), expected.cors) << "answer " << i;
      EXPECT_EQ(got.responses[i].body(), expected.body) << "answer " << i;
    }
    example.expect_still_serving(port);
  }
  if (&example == &demo_server()) {
    EXPECT_EQ(server.stop(), 0);
  }
}

class hostile_http : public testing::TestWithParam<const example_server*> {};

INSTANTIATE_TEST_SUITE_P(example_servers, hostile_http, testing::ValuesIn(example_servers()),
                         [](const auto& info) { return example_server_name(info.param); });

// ---- the rows ------------------------------------------------------------------------------

TEST_P(hostile_http, oversized_requests_get_400_and_a_close_before_reaching_the_policy) {
  const std::string kib64(64 * 1024, 'a');
  const std::string allowed = origin_line(allowed_origin);
  const std::string preflight_headers = allowed + "Access-Control-Request-Headers: ";
  const std::vector<hostile_row> rows = {
      {"a 64 KiB Origin value",
       actual_request(origin_line("https://" + kib64 + ".example.com")),
       {malformed("header limit exceeded")}},
      {"a 64 KiB X-Custom-Header value beside an allowed Origin",
       actual_request(allowed + "X-Custom-Header: " + kib64 + "\r\n"),
       {malformed("header limit exceeded")}},
      {"a 64 KiB request target",
       raw_request("GET /" + kib64 + " HTTP/1.1", allowed),
       {malformed("header limit exceeded")}},
      {"a header section of 200 lines of 64 bytes (13 KiB, the limit is 8 KiB)",
       actual_request(allowed + repeated("X-Filler: " + std::string(52, 'f') + "\r\n", 200)),
       {malformed("header limit exceeded")}},
      {"10,000 distinct names in one Access-Control-Request-Headers line",
       preflight_request(preflight_headers + distinct_names(10000, ",") + "\r\n"),
       {malformed("header limit exceeded")}},
      {"10,000 Access-Control-Request-Headers lines of one name each",
       preflight_request(allowed + "Access-Control-Request-Headers: " +
                         distinct_names(10000, "\r\nAccess-Control-Request-Headers: ") + "\r\n"),
       {malformed("header limit exceeded")}},
      {"a megabyte of commas in Access-Control-Request-Headers",
       preflight_request(preflight_headers + std::string(1024 * 1024, ',') + "\r\n"),
       {malformed("header limit exceeded")}},
      {"Content-Length beyond the 1 MiB body limit",
       raw_request("POST /data HTTP/1.1", allowed + "Content-Length: 1048577\r\n"),
       {malformed("body limit exceeded")}},
      {"a chunk beyond the 1 MiB body limit",
       raw_request("POST /data HTTP/1.1", allowed + "Transfer-Encoding: chunked\r\n") +
           "100001\r\n",
       {malformed("body limit exceeded")}},
  };
  expect_exact_answers(rows, *GetParam());
}

// The engine's own limits are pinned by tests/unit; here, what reaches it through the server.
TEST(hostile_requests, request_headers_within_the_header_limit_get_a_bare_403) {
  const std::string allowed = origin_line(allowed_origin);
  const std::string acrh_line = "Access-Control-Request-Headers: ";
  const auto acrh = [&](std::string_view value) {
    return preflight_request(allowed + acrh_line + std::string(value) + "\r\n");
  };
  const std::vector<hostile_row> rows = {
      {"1,000 distinct names in one line (7 KiB)",
       acrh(distinct_names(1000, ",")),
       {refused_preflight}},
      {"100 lines of one distinct name each",
       preflight_request(allowed + acrh_line + distinct_names(100, "\r\n" + acrh_line) + "\r\n"),
       {refused_preflight}},
      {"the allowed names 129 times",
       acrh(repeated("content-type,x-custom-header", 129, ",")),
       {refused_preflight}},
      {"an allowed name on 17 lines",
       preflight_request(allowed + repeated(acrh_line + "content-type\r\n", 17)),
       {refused_preflight}},
      {"7 KiB of commas", acrh(std::string(7 * 1024, ',')), {refused_preflight}},
      {"7 KiB of spaces between the allowed names",
       acrh("content-type," + std::string(7 * 1024, ' ') + "x-custom-header"),
       {refused_preflight}},
      {"a 300-byte name", acrh("x-" + std::string(298, 'h')), {refused_preflight}},
      {"the allowed names over two lines, for contrast",
       preflight_request(allowed + acrh_line + "content-type\r\n" + acrh_line +
                         "x-custom-header\r\n"),
       {allowed_preflight}},
  };
  expect_exact_answers(rows);
}

TEST(hostile_requests, control_bytes_in_origin_get_400_and_folded_lines_are_never_reflected) {
  const std::vector<hostile_row> rows = {
      {"bare CR in Origin, then an injected Set-Cookie",
       actual_request("Origin: https://app.example.com\rSet-Cookie: a=b\r\n"),
       {malformed("bad line ending")}},
      {"bare CR ending Origin",
       actual_request("Origin: https://app.example.com\r\r\n"),
       {malformed("bad line ending")}},
      {"bare LF in Origin, then an injected Set-Cookie",
       actual_request("Origin: https://app.example.com\nSet-Cookie: a=b\r\n"),
       {malformed("bad value")}},
      {"NUL in Origin",
       actual_request("Origin: https://app.example.com\0.evil.com\r\n"s),
       {malformed("bad value")}},
      {"NUL in a preflight's Origin",
       preflight_request("Origin: https://app.example.com\0\r\n"s),
       {malformed("bad value")}},
      {"DEL in Origin",
       actual_request("Origin: https://app.example.com\x7f\r\n"),
       {malformed("bad value")}},
      {"NUL in Access-Control-Request-Headers",
       preflight_request(origin_line(allowed_origin) +
                         "Access-Control-Request-Headers: content-type\0\r\n"s),
       {malformed("bad value")}},
      {"Origin folded onto a second line (obs-fold)",
       actual_request("Origin: https://app.example.com\r\n .evil.com\r\n"),
       {refused_actual}},
      {"a preflight's Origin folded onto a second line (obs-fold)",
       preflight_request("Origin: https://app.example.com\r\n .evil.com\r\n"),
       {refused_preflight}},
      {"an allowed Origin followed by a fold of only spaces: unfolded and trimmed, it is the "
       "allowed origin",
       actual_request("Origin: https://app.example.com\r\n   \r\n"),
       {allowed_actual}},
      {"a tab inside Origin",
       actual_request("Origin: https://app.example.com\t.evil.com\r\n"),
       {refused_actual}},
      {"a foreign Origin, then Access-Control-Allow-Origin and -Credentials lines of the "
       "request's own (what CRLF injected upstream would add)",
       actual_request(
           "Origin: https://evil.com\r\nAccess-Control-Allow-Origin: https://evil.com\r\n"
           "Access-Control-Allow-Credentials: true\r\n"),
       {refused_actual}},
  };
  expect_exact_answers(rows);
}

TEST(hostile_requests, look_alike_and_malformed_origins_are_refused_as_actual_and_preflight) {
  // Each is sent as the Origin line(s) of an actual GET and of a PUT preflight.
  const std::vector<std::string> origin_lines = {
      origin_line("https://\xc3\xa4pp.example.com"),  // https://äpp.example.com in UTF-8
      origin_line("https://app%2eexample.com"),
      origin_line(allowed_origin) + origin_line("https://evil.com"),
      origin_line("https://evil.com") + origin_line(allowed_origin),
      origin_line(allowed_origin) + origin_line(allowed_origin),
      origin_line("https://app.example.com, https://evil.com"),
      origin_line("https://app.example.com.evil.com"),
      origin_line("https://evilexample.com"),
      origin_line("HTTPS://APP.EXAMPLE.COM"),
      origin_line("https://app.example.com:443"),
      origin_line("null"),
      origin_line("https://app.example.com."),
      origin_line("https://app.example.com/"),
      origin_line("http://app.example.com"),
      origin_line("https://user@app.example.com"),
      origin_line("*"),
      origin_line(""),
      origin_line("https://example.org"),  // the pattern's apex
      origin_line("https://a.example.org.evil.com"),
      origin_line("https://evilexample.org"),
      origin_line("https://.example.org"),
      origin_line("http://a.example.org"),
      origin_line("https://a.example.org:443"),
  };
  std::vector<hostile_row> rows;
  for (const std::string& lines : origin_lines) {
    rows.push_back(
        {"actual request with " + printable(lines), actual_request(lines), {refused_actual}});
    rows.push_back(
        {"preflight with " + printable(lines), preflight_request(lines), {refused_preflight}});
  }
  expect_exact_answers(rows);
}

TEST_P(hostile_http, smuggling_shapes_get_one_400_and_a_close_and_the_hidden_request_no_answer) {
  const example_server& example = *GetParam();
  const std::string post = "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  // A POST with `framing` (its framing lines, the blank line and a body), then the hidden
  // request: exactly one answer, Beast's or the server's refusal, must come back.
  const auto smuggling = [&post](std::string name, std::string_view framing,
                                 std::string_view message) -> hostile_row {
    return {std::move(name), post + std::string(framing) + smuggled_request, {malformed(message)}};
  };
  const std::vector<hostile_row> rows = {
      smuggling("two differing Content-Length lines",
                "Content-Length: 5\r\nContent-Length: 63\r\n\r\nhello", "bad Content-Length"),
      smuggling("a Content-Length list of differing values", "Content-Length: 5, 63\r\n\r\nhello",
                "bad Content-Length"),
      smuggling("a negative Content-Length", "Content-Length: -1\r\n\r\n", "bad Content-Length"),
      smuggling("Content-Length, then Transfer-Encoding: chunked",
                "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "bad Transfer-Encoding"),
      smuggling("Transfer-Encoding: chunked, then Content-Length",
                "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                "bad Content-Length"),
      smuggling("Transfer-Encoding: chunked twice",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "bad Transfer-Encoding"),
      smuggling("Transfer-Encoding: chunked, identity (chunked not last)",
                "Transfer-Encoding: chunked, identity\r\n\r\n", "bad Transfer-Encoding"),
      smuggling("Transfer-Encoding: gzip (no chunked)", "Transfer-Encoding: gzip\r\n\r\n",
                "bad Transfer-Encoding"),
      smuggling("Transfer-Encoding: xchunked beside a Content-Length",
                "Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\nhello",
                "bad Transfer-Encoding"),
      smuggling("an invalid chunk size",
                "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "bad chunk"),
      smuggling("a chunk size of 72 bits",
                "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                "bad chunk"),
      smuggling("a chunk longer than its size",
                "Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", "bad chunk"),
      {"Transfer-Encoding: chunked in HTTP/1.0 with keep-alive",
       "POST /data HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
           smuggled_request,
       {malformed("bad Transfer-Encoding")}},
      // RFC 9110 8.6 lets a recipient take identical values as one: the framing is not in doubt,
      // so what follows the body is the next request, answered in turn.
      {"two identical Content-Length lines",
       post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" + smuggled_request,
       {example.application_answer("POST", "/data", {{"Vary", "Origin"}}),
        example.application_answer("GET", "/smuggled", {{"Vary", "Origin"}})}},
  };
  expect_exact_answers(rows, example);
}

// ---- slow clients --------------------------------------------------------------------------

// One connection held the way a slow client holds it: `bytes` sent one every `pace` (all at once
// when `pace` is zero), from its own thread, until the server closes the connection or 5 s pass.
class slow_client {
 public:
  struct outcome {
    bool closed_by_server = false;
    clock_type::duration held{};  // from the connection to its close
    std::size_t bytes_sent = 0;
    std::string received;
  };

  slow_client(unsigned short port, std::string bytes, std::chrono::milliseconds pace)
      : start_(clock_type::now()), socket_(context_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    result_ = std::async(std::launch::async,
                         [this, bytes = std::move(bytes), pace] { return hold(bytes, pace); });
  }

  // Waits for the server to close the connection, or for the 5 s to pass; call once.
  outcome result() { return result_.get(); }

 private:
  outcome hold(const std::string& bytes, std::chrono::milliseconds pace) {
    outcome out;
    boost::system::error_code ec;
    if (pace == 0ms) out.bytes_sent = asio::write(socket_, asio::buffer(bytes), ec);
    while (clock_type::now() - start_ < 5s) {
      if (out.bytes_sent < bytes.size() && !ec)
        out.bytes_sent += asio::write(socket_, asio::buffer(&bytes[out.bytes_sent], 1), ec);
      pollfd readable{socket_.native_handle(), POLLIN, 0};
      if (::poll(&readable, 1, pace == 0ms ? 100 : static_cast<int>(pace.count())) <= 0) continue;
      char chunk[4096];
      const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
      out.received.append(chunk, n);
      if (ec == asio::error::eof || ec == asio::error::connection_reset) {
        out.closed_by_server = true;
        break;
      }
    }
    out.held = clock_type::now() - start_;
    return out;
  }

  clock_type::time_point start_;  // before the connection: the server's clock starts later
  asio::io_context context_;
  asio::ip::tcp::socket socket_;
  std::future<outcome> result_;
};

TEST_P(hostile_http, slow_clients_are_closed_at_the_read_timeout_while_others_are_served) {
  const example_server& example = *GetParam();
  server_process server = example.start(1);
  const std::string whole_request =
      "GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + example.allowed_origin + "\r\n\r\n";
  std::vector<std::unique_ptr<slow_client>> stalled, trickling, silent;
  for (int i = 0; i < 4; ++i) {
    stalled.push_back(std::make_unique<slow_client>(server.port(), "GET /data HTT", 0ms));
    trickling.push_back(std::make_unique<slow_client>(server.port(), whole_request, 100ms));
    silent.push_back(std::make_unique<slow_client>(server.port(), "", 0ms));
  }

  // While the twelve are held, everyone else is answered at once.
  const clock_type::time_point start = clock_type::now();
  for (int i = 0; i < 20; ++i) example.expect_still_serving(server.port());
  const clock_type::duration serving = clock_type::now() - start;
  EXPECT_LT(serving, 1s) << "20 requests took " << serving / 1ms << " ms";

  // Then each slow one is closed, without an answer, once its second is up: the trickling ones
  // too, though they never stopped sending.
  const auto expect_closed_at_the_timeout = [](std::vector<std::unique_ptr<slow_client>>& clients,
                                               const char* kind) {
    std::vector<slow_client::outcome> outcomes;
    for (auto& client : clients) {
      const slow_client::outcome& got = outcomes.emplace_back(client->result());
      EXPECT_TRUE(got.closed_by_server) << kind;
      EXPECT_GE(got.held, 1s) << kind << ": closed after " << got.held / 1ms << " ms";
      EXPECT_LT(got.held, 3s) << kind << ": closed after " << got.held / 1ms << " ms";
      EXPECT_EQ(got.received, "") << kind;
    }
    return outcomes;
  };
  expect_closed_at_the_timeout(stalled, "stalled after half a request line");
  for (const auto& got : expect_closed_at_the_timeout(trickling, "one byte per 100 ms"))
    EXPECT_LT(got.bytes_sent, whole_request.size()) << "the trickle was not cut short";
  expect_closed_at_the_timeout(silent, "silent");

  example.expect_still_serving(server.port());
}

TEST(hostile_requests, a_read_timeout_outside_1_to_3600_seconds_exits_2_without_serving) {
  for (const char* seconds : {"0", "3601", "-1", "ten"}) {
    const finished_process run =
        run_to_exit(CORS_DEMO_SERVER, {"--listen", "127.0.0.1:0", "--read-timeout", seconds});
    EXPECT_EQ(run.exit_status, 2) << seconds;
    EXPECT_EQ(run.out, "") << seconds;
    EXPECT_EQ(run.err.rfind("cors-demo-server: ", 0), 0u) << run.err;
  }
}

}  // namespace
