// cors::beast::request_reader read directly, over a connected socket pair: what request() and
// trailers() hold after each read.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cors/beast/request_reader.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using local_socket = asio::local::stream_protocol::socket;
using field_list = std::vector<std::pair<std::string, std::string>>;

template <class Fields>
field_list fields_of(const Fields& fields) {
  field_list out;
  for (const auto& field : fields)
    out.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return out;
}

// A client socket and the server socket the reader reads from.
struct connection {
  asio::io_context io;
  local_socket client{io};
  local_socket server{io};
  connection() { asio::local::connect_pair(client, server); }
  void send(const std::string& bytes) { asio::write(client, asio::buffer(bytes)); }
};

struct trailer_case {
  const char* name;
  std::string bytes;
  field_list header_section;
  std::string body;
  field_list trailers;
};

void PrintTo(const trailer_case& c, std::ostream* os) {
  *os << c.name;
}

class request_reader_trailers : public ::testing::TestWithParam<trailer_case> {};

TEST_P(request_reader_trailers, are_held_apart_from_the_header_section) {
  const trailer_case& c = GetParam();
  connection conn;
  conn.send(c.bytes);
  cors::beast::request_reader<http::string_body> reader;
  boost::system::error_code ec;
  reader.read(conn.server, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(fields_of(reader.request()), c.header_section);
  EXPECT_EQ(reader.request().body(), c.body);
  EXPECT_EQ(fields_of(reader.trailers()), c.trailers);
}

const std::string chunked_post =
    "POST /upload HTTP/1.1\r\nHost: api.example\r\nOrigin: https://app.example\r\n"
    "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n";

INSTANTIATE_TEST_SUITE_P(
    requests, request_reader_trailers,
    ::testing::Values(
        trailer_case{"a_trailer_repeating_a_header_field_leaves_the_header_section",
                     chunked_post + "Origin: https://evil.example\r\nX-Checksum: abc\r\n"
                                    "Access-Control-Request-Method: PUT\r\n\r\n",
                     {{"Host", "api.example"},
                      {"Origin", "https://app.example"},
                      {"Transfer-Encoding", "chunked"}},
                     "hello",
                     {{"Origin", "https://evil.example"},
                      {"X-Checksum", "abc"},
                      {"Access-Control-Request-Method", "PUT"}}},
        trailer_case{"a_repeated_trailer_keeps_both_lines",
                     chunked_post + "X-Sum: 1\r\nX-Sum: 2\r\n\r\n",
                     {{"Host", "api.example"},
                      {"Origin", "https://app.example"},
                      {"Transfer-Encoding", "chunked"}},
                     "hello",
                     {{"X-Sum", "1"}, {"X-Sum", "2"}}},
        trailer_case{"chunked_without_trailers",
                     chunked_post + "\r\n",
                     {{"Host", "api.example"},
                      {"Origin", "https://app.example"},
                      {"Transfer-Encoding", "chunked"}},
                     "hello",
                     {}},
        trailer_case{"a_content_length_body_has_none",
                     "POST /upload HTTP/1.1\r\nHost: api.example\r\nContent-Length: 5\r\n\r\n"
                     "hello",
                     {{"Host", "api.example"}, {"Content-Length", "5"}},
                     "hello",
                     {}}),
    [](const ::testing::TestParamInfo<trailer_case>& info) { return info.param.name; });

TEST(request_reader_trailers, are_those_of_the_last_request_only) {
  connection conn;
  conn.send(chunked_post + "X-Checksum: abc\r\n\r\n" +
            "GET /next HTTP/1.1\r\nHost: api.example\r\n\r\n");
  cors::beast::request_reader<http::string_body> reader;
  boost::system::error_code ec;
  reader.read(conn.server, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(fields_of(reader.trailers()), (field_list{{"X-Checksum", "abc"}}));
  reader.read(conn.server, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(reader.request().target(), "/next");
  EXPECT_EQ(fields_of(reader.trailers()), field_list{});
}

}  // namespace
