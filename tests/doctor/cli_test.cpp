// cors-doctor's command line: usage errors exit 2, network errors exit 3, its own errors exit 4,
// each with its message.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.hpp"

namespace {

namespace dt = cors::doctor_tests;

struct usage_row {
  std::vector<std::string> args;
  std::string err;  // all of stderr
};

// A usage error is the one problem and where to look, not the whole help.
std::string with_hint(const std::string& problem) {
  return problem + "\nTry 'cors-doctor --help' for the options.\n";
}

TEST(doctor_cli, usage_errors_exit_2_with_the_one_problem_and_a_hint) {
  const std::vector<usage_row> rows = {
      {{}, with_hint("cors-doctor: the URL is missing")},
      {{"http://127.0.0.1:1/"}, with_hint("cors-doctor: --origin is missing: the page's origin")},
      {{"http://127.0.0.1:1/", "--origin", "https://a.example", "--header", "X-Custom-Header"},
       with_hint("cors-doctor: --header 'X-Custom-Header': expected 'Name: value'")},
      {{"http://127.0.0.1:1/", "--origin", "https://a.example", "--timeout", "0"},
       with_hint("cors-doctor: --timeout '0': must be more than 0 and at most 3600 seconds "
                 "(0.5 is half a second)")},
      {{"http://127.0.0.1:1/", "--origin", "https://a.example", "--timeout", "3601"},
       with_hint("cors-doctor: --timeout '3601': must be more than 0 and at most 3600 seconds "
                 "(0.5 is half a second)")},
      {{"http://127.0.0.1:1/", "--origin", "https://a.example", "--bogus"},
       with_hint("cors-doctor: unrecognised option '--bogus'")},
      {{"http://127.0.0.1:1/", "--origin", "https://a.example", "--method", "TRACE"},
       "cors-doctor: a browser would not send this request: fetch() refuses the method TRACE: "
       "it is a forbidden method\n"},
      {{"http://127.0.0.1:1/", "--origin", "https://a.example/"},
       "cors-doctor: a browser would not send this request: 'https://a.example/' is not a "
       "serialized origin; a browser sends 'https://a.example'\n"},
      {{"ftp://127.0.0.1/", "--origin", "https://a.example"},
       "cors-doctor: a browser would not send this request: 'ftp://127.0.0.1/' is not an "
       "absolute http: or https: URL without user name or password\n"},
  };
  for (const usage_row& r : rows) {
    SCOPED_TRACE(r.err);
    const dt::finished f = dt::doctor(r.args);
    EXPECT_EQ(f.exit_status, 2);
    EXPECT_EQ(f.err, r.err);
    EXPECT_EQ(f.out, "");
  }
}

// Exit 3 is kept for the network and TLS: a failure of cors-doctor's own is status 4, named.
TEST(doctor_cli, a_report_that_cannot_be_written_is_an_internal_error_not_a_network_one) {
  const unsigned short port = dt::free_port();
  dt::temp_dir dir;
  const dt::finished f =
      dt::run({"/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/full", CORS_DOCTOR,
               "http://127.0.0.1:" + std::to_string(port) + "/", "--origin", "https://a.example"},
              dir.path());
  EXPECT_EQ(f.exit_status, 4);
  EXPECT_EQ(f.err, "cors-doctor: internal error: the report could not be written to stdout\n");
}

TEST(doctor_cli, help_exits_0) {
  const dt::finished f = dt::doctor({"--help"});
  EXPECT_EQ(f.exit_status, 0);
  EXPECT_EQ(f.out.rfind("Usage: cors-doctor URL --origin ORIGIN", 0), 0u) << f.out;
}

TEST(doctor_cli, a_closed_port_is_a_network_error) {
  const unsigned short port = dt::free_port();
  const dt::finished f = dt::doctor(
      {"http://127.0.0.1:" + std::to_string(port) + "/", "--origin", "https://a.example"});
  EXPECT_EQ(f.exit_status, 3);
  EXPECT_EQ(f.err, "cors-doctor: connecting to 127.0.0.1:" + std::to_string(port) +
                       " failed: Connection refused\n");
  EXPECT_NE(f.out.find("== Network error\n"), std::string::npos) << f.out;
}

TEST(doctor_cli, a_network_error_in_json_is_one_object_too) {
  const unsigned short port = dt::free_port();
  const dt::finished f = dt::doctor({"http://127.0.0.1:" + std::to_string(port) + "/", "--origin",
                                     "https://a.example", "--method", "PUT", "--json"});
  EXPECT_EQ(f.exit_status, 3);
  EXPECT_NE(f.out.find("\"verdict\": \"network_error\""), std::string::npos) << f.out;
  EXPECT_NE(f.out.find("\"network_error\": \"connecting to 127.0.0.1:" + std::to_string(port) +
                       " failed: Connection refused\""),
            std::string::npos)
      << f.out;
}

TEST(doctor_cli, a_server_that_never_answers_times_out) {
  // A listening socket nobody accepts from: the kernel completes the connection, no byte comes.
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(s, 4), 0);
  ASSERT_EQ(::getsockname(s, reinterpret_cast<sockaddr*>(&address), &size), 0);
  const std::string port = std::to_string(ntohs(address.sin_port));
  const auto start = std::chrono::steady_clock::now();
  const dt::finished f = dt::doctor(
      {"http://127.0.0.1:" + port + "/", "--origin", "https://a.example", "--timeout", "0.5"});
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(s);
  EXPECT_EQ(f.exit_status, 3);
  EXPECT_EQ(f.err, "cors-doctor: reading the response from 127.0.0.1:" + port +
                       ": no answer within 0.5 s (--timeout)\n");
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(doctor_cli, an_unknown_host_is_a_network_error) {
  // .invalid never resolves (RFC 6761); without a reachable DNS server the lookup times out.
  const dt::finished f = dt::doctor(
      {"http://no-such-host.invalid/", "--origin", "https://a.example", "--timeout", "2"});
  EXPECT_EQ(f.exit_status, 3);
  EXPECT_TRUE(f.err.rfind("cors-doctor: cannot resolve no-such-host.invalid: ", 0) == 0 ||
              f.err ==
                  "cors-doctor: resolving no-such-host.invalid: no answer within 2 s "
                  "(--timeout)\n")
      << f.err;
}

}  // namespace
