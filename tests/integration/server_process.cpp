#include "server_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <thread>

extern char** environ;

namespace cors_integration {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto patience = 10s;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string make_directory() {
  std::string pattern = (fs::temp_directory_path() / "cors-server-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// The child's stdout and stderr go to the files "out" and "err" in `directory`.
pid_t spawn(const std::string& executable, const std::vector<std::string>& arguments,
            const std::string& directory) {
  std::vector<std::string> strings = {executable};
  strings.insert(strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  const std::string out = directory + "/out";
  const std::string err = directory + "/err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) throw std::runtime_error("cannot start " + executable);
  return pid;
}

// Reaps the child: its exit status, or -1 if a signal ended it. After `patience` it is killed.
int wait_for_exit(pid_t pid) {
  for (auto deadline = std::chrono::steady_clock::now() + patience;;
       std::this_thread::sleep_for(5ms)) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
  }
}

}  // namespace

finished_process run_to_exit(const std::string& executable,
                             const std::vector<std::string>& arguments) {
  const std::string directory = make_directory();
  finished_process result;
  result.exit_status = wait_for_exit(spawn(executable, arguments, directory));
  result.out = read_file(directory + "/out");
  result.err = read_file(directory + "/err");
  fs::remove_all(directory);
  return result;
}

server_process::server_process(const std::string& executable,
                               const std::vector<std::string>& arguments)
    : directory_(make_directory()) {
  pid_ = spawn(executable, arguments, directory_);
  constexpr std::string_view prefix = "listening on http://127.0.0.1:";
  for (auto deadline = std::chrono::steady_clock::now() + patience;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(5ms)) {
    const std::string text = out();
    if (const std::size_t end = text.find('\n'); end != std::string::npos) {
      first_line_ = text.substr(0, end);
      if (first_line_.rfind(prefix, 0) == 0) {
        port_ = static_cast<unsigned short>(std::stoi(first_line_.substr(prefix.size())));
        return;
      }
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;  // exited without a word
      break;
    }
  }
  const std::string message =
      executable + " did not start; stdout: '" + out() + "', stderr: '" + err() + "'";
  stop(SIGKILL);
  fs::remove_all(directory_);
  throw std::runtime_error(message);
}

server_process::~server_process() {
  stop(SIGKILL);
  fs::remove_all(directory_);
}

int server_process::stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  const int status = wait_for_exit(pid_);
  pid_ = -1;
  return status;
}

void server_process::signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

std::string server_process::out() const {
  return read_file(directory_ + "/out");
}

std::string server_process::err() const {
  return read_file(directory_ + "/err");
}

}  // namespace cors_integration
