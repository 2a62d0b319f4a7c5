// cors-demo-server with a policy file: --config, SIGHUP reloads (a good file, a bad one, a
// removed one, an unreadable one), answers under concurrent reloads, and --shadow-config.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

#ifndef CORS_DEMO_SERVER
#error "CORS_DEMO_SERVER must name the cors-demo-server executable"
#endif

namespace {

using namespace cors_integration;

const std::string first_policy = R"({
  "allowed_origins": ["https://app.example.com", "https://old.example.com"],
  "allowed_methods": ["PUT"]
})";
const std::string second_policy = R"({
  "allowed_origins": ["https://app.example.com", "https://new.example.com"],
  "allowed_methods": ["PUT", "PATCH"],
  "max_age_seconds": 60
})";

class policy_file_on_disk {
 public:
  explicit policy_file_on_disk(const std::string& name)
      : path_(testing::TempDir() + name + "-" + std::to_string(::getpid()) + ".json") {}
  ~policy_file_on_disk() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  // Written whole under another name, then renamed over: a reload never sees half a file.
  void write(const std::string& text) const {
    std::ofstream(path_ + ".tmp") << text;
    std::filesystem::rename(path_ + ".tmp", path_);
  }

 private:
  std::string path_;
};

// Waits up to 10 s for `text` to appear in the server's stderr.
bool logged(const server_process& server, const std::string& text) {
  for (int i = 0; i < 1000; ++i) {
    if (server.err().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

response get_from(const server_process& server, const std::string& origin) {
  return connection(server.port())
      .exchange(make_request(http::verb::get, "/", {{"Origin", origin}}));
}

response preflight_from(const server_process& server, const std::string& origin) {
  return connection(server.port())
      .exchange(make_request(http::verb::options, "/",
                             {{"Origin", origin}, {"Access-Control-Request-Method", "PUT"}}));
}

server_process demo_with(const std::vector<std::string>& flags) {
  std::vector<std::string> arguments = {"--listen", "127.0.0.1:0"};
  arguments.insert(arguments.end(), flags.begin(), flags.end());
  return server_process(CORS_DEMO_SERVER, arguments);
}

TEST(demo_server_config, serves_the_file_and_reloads_it_on_sighup) {
  const policy_file_on_disk file("serves");
  file.write(first_policy);
  server_process server = demo_with({"--config", file.path()});
  EXPECT_EQ(cors_lines_of(get_from(server, "https://old.example.com")),
            (header_lines{{"Access-Control-Allow-Origin", "https://old.example.com"},
                          {"Vary", "Origin"}}));
  EXPECT_EQ(cors_lines_of(get_from(server, "https://new.example.com")),
            (header_lines{{"Vary", "Origin"}}));

  file.write(second_policy);
  server.signal(SIGHUP);
  ASSERT_TRUE(logged(server, "cors-demo-server: reloaded policy from " + file.path() +
                                 ": 2 origins, 1 added (https://new.example.com), 1 removed "
                                 "(https://old.example.com)\n"))
      << server.err();
  EXPECT_EQ(cors_lines_of(get_from(server, "https://new.example.com")),
            (header_lines{{"Access-Control-Allow-Origin", "https://new.example.com"},
                          {"Vary", "Origin"}}));
  EXPECT_EQ(cors_lines_of(preflight_from(server, "https://new.example.com")),
            (header_lines{{"Access-Control-Allow-Origin", "https://new.example.com"},
                          {"Access-Control-Allow-Methods", "PUT,PATCH"},
                          {"Access-Control-Max-Age", "60"},
                          {"Vary", "Origin"}}));
  EXPECT_EQ(cors_lines_of(get_from(server, "https://old.example.com")),
            (header_lines{{"Vary", "Origin"}}));
  EXPECT_EQ(server.stop(), 0);
}

TEST(demo_server_config, a_bad_removed_or_unreadable_file_leaves_the_policy_serving) {
  const policy_file_on_disk file("bad");
  file.write(first_policy);
  server_process server = demo_with({"--config", file.path()});
  const header_lines old_answer = {{"Access-Control-Allow-Origin", "https://old.example.com"},
                                   {"Vary", "Origin"}};

  file.write("{\"allowed_origins\": [\"https://new.example.com/\"],\n \"max_age\": 5}");
  server.signal(SIGHUP);
  ASSERT_TRUE(logged(server, "cors-demo-server: " + file.path() +
                                 " not reloaded, the current policy keeps serving; 2 problems:\n"
                                 "  " +
                                 file.path() +
                                 ":1:22: allowed_origins[0] 'https://new.example.com/': an origin "
                                 "has no path; remove the trailing '/'\n"
                                 "  " +
                                 file.path() +
                                 ":2:2: max_age: not a policy option; did you mean "
                                 "'max_age_seconds'?\n"))
      << server.err();
  EXPECT_EQ(cors_lines_of(get_from(server, "https://old.example.com")), old_answer);

  std::filesystem::remove(file.path());
  server.signal(SIGHUP);
  ASSERT_TRUE(logged(server, "  " + file.path() + ": cannot open: No such file or directory\n"))
      << server.err();
  EXPECT_EQ(cors_lines_of(get_from(server, "https://old.example.com")), old_answer);

  // A directory where the file was: it opens, but cannot be read (root reads any file).
  std::filesystem::create_directory(file.path());
  server.signal(SIGHUP);
  ASSERT_TRUE(logged(server, "  " + file.path() + ": cannot read: Is a directory\n"))
      << server.err();
  EXPECT_EQ(cors_lines_of(get_from(server, "https://old.example.com")), old_answer);
  EXPECT_EQ(server.stop(), 0);
}

// Clients keep asking while the file flips between two policies and is reloaded again and
// again: every answer is exactly the first policy's or the second's.
TEST(demo_server_config, every_answer_under_concurrent_reloads_is_one_policy_s) {
  const policy_file_on_disk file("flips");
  file.write(first_policy);
  server_process server = demo_with({"--config", file.path()});
  const header_lines first_answer = {{"Access-Control-Allow-Origin", "https://app.example.com"},
                                     {"Access-Control-Allow-Methods", "PUT"},
                                     {"Vary", "Origin"}};
  const header_lines second_answer = {{"Access-Control-Allow-Origin", "https://app.example.com"},
                                      {"Access-Control-Allow-Methods", "PUT,PATCH"},
                                      {"Access-Control-Max-Age", "60"},
                                      {"Vary", "Origin"}};
  std::atomic<bool> stop{false};
  std::atomic<int> answers{0}, firsts{0}, seconds{0}, others{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&] {
      connection kept_alive(server.port());
      const request r = make_request(
          http::verb::options, "/",
          {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "PUT"}});
      while (!stop) {
        const header_lines lines = cors_lines_of(kept_alive.exchange(r));
        ++answers;
        if (lines == first_answer) {
          ++firsts;
        } else if (lines == second_answer) {
          ++seconds;
        } else {
          ++others;
        }
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    file.write(i % 2 == 0 ? second_policy : first_policy);
    server.signal(SIGHUP);
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  stop = true;
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(others.load(), 0);
  EXPECT_GT(firsts.load(), 0);
  EXPECT_GT(seconds.load(), 0);
  EXPECT_EQ(server.stop(), 0);
}

TEST(demo_server_config, shadow_policy_logs_divergences_and_changes_no_answer) {
  const policy_file_on_disk enforced("enforced");
  const policy_file_on_disk shadow("shadow");
  enforced.write(first_policy);
  shadow.write(second_policy);
  server_process server =
      demo_with({"--config", enforced.path(), "--shadow-config", shadow.path()});
  EXPECT_EQ(cors_lines_of(get_from(server, "https://new.example.com")),
            (header_lines{{"Vary", "Origin"}}));
  ASSERT_TRUE(logged(server,
                     "cors-demo-server: shadow policy differs: enforced: request rejected: origin "
                     "'https://new.example.com' is not allowed (allowed: https://app.example.com, "
                     "https://old.example.com) | shadow: request allowed: "
                     "Access-Control-Allow-Origin: https://new.example.com; Vary: Origin\n"))
      << server.err();
  // The same answer from both: nothing logged.
  const std::string before = server.err();
  EXPECT_EQ(get_from(server, "https://app.example.com").result_int(), 200);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(server.err(), before);
}

TEST(demo_server_config, a_bad_file_or_a_policy_flag_beside_it_starts_nothing) {
  const policy_file_on_disk file("refused");
  file.write("{\"allowed_origins\": [\"https://app.example.com:443\"]}");
  const finished_process bad =
      run_to_exit(CORS_DEMO_SERVER, {"--listen", "127.0.0.1:0", "--config", file.path()});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_EQ(bad.err, "cors-demo-server: invalid options, nothing started:\n  " + file.path() +
                         ":1:22: allowed_origins[0] 'https://app.example.com:443': browsers omit "
                         "the scheme's default port, so this never matches; remove the port\n");
  file.write(first_policy);
  const finished_process mixed = run_to_exit(
      CORS_DEMO_SERVER,
      {"--config", file.path(), "--allow-origin", "https://x.example.com", "--allow-credentials"});
  EXPECT_EQ(mixed.exit_status, 2);
  EXPECT_EQ(mixed.err,
            "cors-demo-server: invalid options, nothing started:\n"
            "  --allow-origin cannot be combined with --config: the file is the whole policy\n"
            "  --allow-credentials cannot be combined with --config: the file is the whole "
            "policy\n");
}

}  // namespace
