// What cors::beast::request_reader adds to Beast's parser, seen over raw TCP from both example
// servers: trailers never count as header fields, Host is required once, Expect: 100-continue is
// answered, empty lines before a request line are skipped, and every part of a chunked request
// (chunk-size line, extensions, trailers) is bounded. Each row: the exact answers, then the
// server's close, then an allowed request on a fresh connection still served.
#include <gtest/gtest.h>

#include <boost/system/system_error.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "example_servers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

namespace {

using namespace cors_integration;
using namespace std::chrono_literals;

class request_reading : public testing::TestWithParam<const example_server*> {
 protected:
  const example_server& example() const { return *GetParam(); }
  std::string origin_line() const { return "Origin: " + example().allowed_origin + "\r\n"; }
};

INSTANTIATE_TEST_SUITE_P(example_servers, request_reading, testing::ValuesIn(example_servers()),
                         [](const auto& info) { return example_server_name(info.param); });

struct row {
  std::string name;
  std::string bytes;
  std::vector<expected_answer> answers;  // then the server closes the connection
};

void expect_exact_answers(const example_server& example, const std::vector<row>& rows) {
  server_process server = example.start();
  for (const row& r : rows) {
    SCOPED_TRACE(r.name);
    const raw_exchange got = exchange_raw(server.port(), r.bytes);
    EXPECT_TRUE(got.closed_by_server);
    EXPECT_EQ(got.unparsed, "");
    ASSERT_EQ(got.responses.size(), r.answers.size());
    for (std::size_t i = 0; i < r.answers.size(); ++i) {
      EXPECT_EQ(got.responses[i].result_int(), r.answers[i].status) << "answer " << i;
      EXPECT_EQ(cors_lines_of(got.responses[i]), r.answers[i].cors) << "answer " << i;
      EXPECT_EQ(got.responses[i].body(), r.answers[i].body) << "answer " << i;
    }
    example.expect_still_serving(server.port());
  }
}

const std::string chunked_post =
    "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    "Transfer-Encoding: chunked\r\n";

// RFC 9110, 6.5.1: trailer fields never stand in for header fields. Beast inserts them among the
// header fields; the reader moves them out before the CORS layer sees the request.
TEST_P(request_reading, trailer_fields_never_count_as_header_fields) {
  const example_server& e = example();
  const header_lines refused = {{"Vary", "Origin"}};
  const std::vector<row> rows = {
      {"Origin only as a trailer: not reflected",
       chunked_post + "\r\n5\r\nhello\r\n0\r\n" + origin_line() + "\r\n",
       {e.application_answer("POST", "/data", refused)}},
      {"an allowed Origin header and a foreign Origin trailer: the header's stands",
       chunked_post + origin_line() + "\r\n5\r\nhello\r\n0\r\nOrigin: https://evil.com\r\n\r\n",
       {e.application_answer("POST", "/data", e.allowed_actual_lines)}},
      {"Access-Control-Request-Method only as a trailer: a plain OPTIONS for the application",
       "OPTIONS /data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + origin_line() +
           "Transfer-Encoding: chunked\r\n\r\n0\r\nAccess-Control-Request-Method: PUT\r\n\r\n",
       {e.application_answer("OPTIONS", "/data", e.allowed_actual_lines)}},
  };
  expect_exact_answers(e, rows);
}

// RFC 9112, 3.2.
TEST_P(request_reading, http_1_1_needs_exactly_one_host) {
  const example_server& e = example();
  const std::vector<row> rows = {
      {"HTTP/1.1 without Host",
       "GET /data HTTP/1.1\r\nConnection: close\r\n" + origin_line() + "\r\n",
       {malformed("missing Host")}},
      {"two Host lines",
       "GET /data HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n" + origin_line() + "\r\n",
       {malformed("more than one Host")}},
      {"two identical Host lines in HTTP/1.0",
       "GET /data HTTP/1.0\r\nHost: a.example\r\nHost: a.example\r\n" + origin_line() + "\r\n",
       {malformed("more than one Host")}},
      {"HTTP/1.0 without Host: allowed (it predates Host)",
       "GET /data HTTP/1.0\r\n" + origin_line() + "\r\n",
       {e.application_answer("GET", "/data", e.allowed_actual_lines)}},
  };
  expect_exact_answers(e, rows);
}

// RFC 9112, 2.2: empty lines before a request line are ignored, and the request after them is
// served, pipelined ones included.
TEST_P(request_reading, empty_lines_before_a_request_line_are_skipped) {
  const example_server& e = example();
  const std::string keep_alive_get = "GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\n" + origin_line();
  const expected_answer allowed = e.application_answer("GET", "/data", e.allowed_actual_lines);
  std::string empty_lines;
  for (int i = 0; i < 5000; ++i) empty_lines += "\r\n";
  const std::vector<row> rows = {
      {"CRLF, then a request", "\r\n" + keep_alive_get + "Connection: close\r\n\r\n", {allowed}},
      {"a request, then CRLF CRLF and a pipelined request",
       keep_alive_get + "\r\n\r\n\r\n" + keep_alive_get + "Connection: close\r\n\r\n",
       {allowed, allowed}},
      {"bare LF lines, then a request",
       "\n\n" + keep_alive_get + "Connection: close\r\n\r\n",
       {allowed}},
      {"more empty lines than the 8 KiB header limit",
       empty_lines + keep_alive_get + "\r\n",
       {malformed("header limit exceeded")}},
  };
  expect_exact_answers(e, rows);
}

// A chunk-size line (leading zeros, extensions) and the trailer section must each fit in the
// header limit: Beast 1.74 would buffer them whole, without end.
TEST_P(request_reading, chunk_lines_and_trailers_are_bounded_by_the_header_limit) {
  const example_server& e = example();
  const std::string body_start = chunked_post + origin_line() + "\r\n";
  const std::string kib64(64 * 1024, 'a');
  std::string many_trailers;
  for (int i = 0; i < 10000; ++i) many_trailers += "X-T: a\r\n";
  const std::vector<row> rows = {
      {"a 64 KiB chunk extension",
       body_start + "5;x=" + kib64 + "\r\nhello\r\n0\r\n\r\n",
       {malformed("buffer overflow")}},
      {"64 Ki leading zeros in a chunk size",
       body_start + std::string(64 * 1024, '0') + "5\r\nhello\r\n0\r\n\r\n",
       {malformed("buffer overflow")}},
      {"64 Ki leading zeros in the last chunk's size",
       body_start + "5\r\nhello\r\n" + std::string(64 * 1024, '0') + "\r\n\r\n",
       {malformed("buffer overflow")}},
      {"a 64 KiB trailer value",
       body_start + "0\r\nX-T: " + kib64 + "\r\n\r\n",
       {malformed("buffer overflow")}},
      {"10,000 trailer lines",
       body_start + "0\r\n" + many_trailers + "\r\n",
       {malformed("buffer overflow")}},
      {"a chunk extension and trailers within the limit, for contrast",
       body_start + "5;name=value\r\nhello\r\n0\r\nX-T: a\r\nX-U: b\r\n\r\n",
       {e.application_answer("POST", "/data", e.allowed_actual_lines)}},
  };
  expect_exact_answers(e, rows);
}

// Beast 1.74 applies its header limit to what one read brings: the limit is the header
// section's as a whole, however it is cut.
TEST_P(request_reading, a_header_section_sent_in_pieces_is_bounded_as_a_whole) {
  const example_server& e = example();
  server_process server = e.start();
  raw_connection client(server.port());
  const std::string line = "X-Filler: " + std::string(52, 'f') + "\r\n";  // 64 bytes
  try {
    client.send("GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\n" + origin_line());
    for (int i = 0; i < 200; ++i) {  // 12.5 KiB, the limit is 8 KiB
      client.send(line);
      std::this_thread::sleep_for(1ms);
    }
    client.send("\r\n");
  } catch (const boost::system::system_error&) {
    // The server answered and closed before the end: what it answered is checked below.
  }
  const std::string got = client.receive_until("exceeded\n", 2s);
  EXPECT_EQ(got.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("malformed request: header limit exceeded\n"), std::string::npos) << got;
  e.expect_still_serving(server.port());
}

// ---- Expect: 100-continue ------------------------------------------------------------------

constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

TEST_P(request_reading, expect_100_continue_gets_100_before_the_body_is_sent) {
  const example_server& e = example();
  server_process server = e.start();
  raw_connection client(server.port());
  client.send("POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\n" + origin_line() +
              "Expect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(client.receive_until("\r\n\r\n", 2s), continue_line);
  client.send("hello");
  const std::string all = client.receive_until("\r\n\r\n{", 2s);
  ASSERT_EQ(all.rfind(continue_line, 0), 0u) << all;
  EXPECT_EQ(all.substr(continue_line.size(), 17), "HTTP/1.1 200 OK\r\n") << all;

  // A chunked body too.
  raw_connection chunked(server.port());
  chunked.send(chunked_post + origin_line() + "Expect: 100-continue\r\n\r\n");
  EXPECT_EQ(chunked.receive_until("\r\n\r\n", 2s), continue_line);
}

TEST_P(request_reading,
       expect_100_continue_gets_the_final_answer_at_once_when_there_is_nothing_to_wait_for) {
  const example_server& e = example();
  server_process server = e.start();
  {  // refused before the body: 400 at once, no 100
    raw_connection client(server.port());
    client.send("POST /data HTTP/1.1\r\n" + origin_line() +
                "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    const std::string got = client.receive_until("missing Host\n", 2s);
    EXPECT_EQ(got.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << got;
    EXPECT_NE(got.find("malformed request: missing Host\n"), std::string::npos) << got;
  }
  {  // a preflight has no body: its 204 at once
    raw_connection client(server.port());
    client.send("OPTIONS /data HTTP/1.1\r\nHost: 127.0.0.1\r\n" + origin_line() +
                "Access-Control-Request-Method: PUT\r\nExpect: 100-continue\r\n\r\n");
    const std::string got = client.receive_until("\r\n\r\n", 2s);
    EXPECT_EQ(got.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << got;
  }
  {  // a body larger than the limit: 400 at once
    raw_connection client(server.port());
    client.send("POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\n" + origin_line() +
                "Expect: 100-continue\r\nContent-Length: 2000000000\r\n\r\n");
    const std::string got = client.receive_until("exceeded\n", 2s);
    EXPECT_EQ(got.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << got;
    EXPECT_NE(got.find("malformed request: body limit exceeded\n"), std::string::npos) << got;
  }
}

}  // namespace
