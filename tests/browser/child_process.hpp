// A child process in a process group of its own, so that it and everything it starts (Chromium's
// renderers, zygote and GPU process) can be stopped together. It also dies with the test binary,
// so a crash or a ctest timeout leaks nothing.
#ifndef CORS_TESTS_BROWSER_CHILD_PROCESS_HPP
#define CORS_TESTS_BROWSER_CHILD_PROCESS_HPP

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace cors::browser_tests {

class child_process {
 public:
  // Starts argv[0] (searched in PATH) with stdout and stderr appended to the given files.
  // Throws std::runtime_error when it cannot be started.
  child_process(const std::vector<std::string>& argv, const std::string& stdout_path,
                const std::string& stderr_path);
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  ~child_process() { stop(std::chrono::seconds(2)); }

  bool running();
  // The exit status once it has exited (-signal when killed by one); -1 while running.
  int exit_status();
  // SIGTERM to the group, SIGKILL after `grace`, then reaps. Safe to call more than once.
  void stop(std::chrono::milliseconds grace);

 private:
  bool exited(bool wait);
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = -1;
};

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_CHILD_PROCESS_HPP
