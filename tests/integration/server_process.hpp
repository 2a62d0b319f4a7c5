// A server executable as a child process (cors-demo-server, the synchronous example): started
// with arguments, its port read from the first line it prints, stopped with a signal, its exit
// status and output checked.
#ifndef CORS_TESTS_INTEGRATION_SERVER_PROCESS_HPP
#define CORS_TESTS_INTEGRATION_SERVER_PROCESS_HPP

#include <sys/types.h>

#include <csignal>
#include <string>
#include <vector>

namespace cors_integration {

struct finished_process {
  int exit_status = -1;  // -1: killed by a signal, or did not exit within 10 s
  std::string out;
  std::string err;
};

// Runs `executable` with `arguments` and waits up to 10 s for it to exit.
finished_process run_to_exit(const std::string& executable,
                             const std::vector<std::string>& arguments);

class server_process {
 public:
  // Starts `executable`; throws std::runtime_error, with its output, unless its first line on
  // stdout is "listening on http://127.0.0.1:PORT" within 10 s.
  server_process(const std::string& executable, const std::vector<std::string>& arguments);
  ~server_process();
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& first_line() const { return first_line_; }

  // Sends `signal` and waits up to 10 s: the exit status, or -1 (ended by a signal, or killed
  // after the 10 s).
  int stop(int signal = SIGTERM);
  // Sends `signal` and returns at once (SIGHUP to reload, for instance).
  void signal(int signal) const;
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::string directory_;
  std::string first_line_;
  unsigned short port_ = 0;
};

}  // namespace cors_integration

#endif  // CORS_TESTS_INTEGRATION_SERVER_PROCESS_HPP
