// What the cors-doctor tests run: the doctor itself, a real nginx on a loopback port with a
// configuration written by the test, cors-demo-server, and throwaway directories.
#ifndef CORS_TESTS_DOCTOR_SUPPORT_HPP
#define CORS_TESTS_DOCTOR_SUPPORT_HPP

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace cors::doctor_tests {

// True under CI (CI set, and not "false"): a missing nginx or openssl is then a failure.
bool in_ci();

class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);

struct finished {
  int exit_status = -1;  // -signal when killed; -1000 when it did not finish in time
  std::string out;
  std::string err;
};

// Runs argv to completion (at most `limit`), its output collected in `dir`.
finished run(const std::vector<std::string>& argv, const std::filesystem::path& dir,
             std::chrono::milliseconds limit = std::chrono::seconds(15));

// `cors-doctor args...`.
finished doctor(const std::vector<std::string>& args);

// A port on 127.0.0.1 that was free a moment ago.
unsigned short free_port();

// nginx serving `server_body` (the inside of a server block) on 127.0.0.1, over TLS with a
// self-signed certificate for "localhost" when `tls` is set. "{dir}" and "{port}" in the body
// are replaced by its directory and port. Throws std::runtime_error, with nginx's error log,
// if it does not start.
class nginx {
 public:
  static std::optional<std::string> executable();  // nullopt when not installed

  nginx(const std::string& server_body, bool tls = false);
  ~nginx();
  nginx(const nginx&) = delete;
  nginx& operator=(const nginx&) = delete;

  unsigned short port() const { return port_; }
  std::string url(const std::string& path) const;
  const std::filesystem::path& dir() const { return dir_.path(); }
  // The access log so far, one line per request: `METHOD URI acrm="..." acrh="..."
  // origin="..."`; waits up to 2 s for `lines` lines.
  std::vector<std::string> access_log(std::size_t lines) const;

 private:
  temp_dir dir_;
  bool tls_;
  unsigned short port_ = 0;
  std::unique_ptr<browser_tests::child_process> process_;
};

// cors-demo-server with `flags`, on an ephemeral loopback port.
class demo_server {
 public:
  explicit demo_server(const std::vector<std::string>& flags);
  ~demo_server();
  std::string url(const std::string& path) const;

 private:
  temp_dir dir_;
  unsigned short port_ = 0;
  std::unique_ptr<browser_tests::child_process> process_;
};

}  // namespace cors::doctor_tests

// nginx, or a skip outside CI when it is not installed.
#define REQUIRE_NGINX()                                                              \
  do {                                                                               \
    if (!cors::doctor_tests::nginx::executable()) {                                  \
      if (cors::doctor_tests::in_ci())                                               \
        FAIL() << "nginx is not installed (bash .ci/install-deps installs it)";      \
      GTEST_SKIP() << "SKIPPED LOUDLY: nginx is not installed; these tests need it"; \
    }                                                                                \
  } while (false)

#endif  // CORS_TESTS_DOCTOR_SUPPORT_HPP
