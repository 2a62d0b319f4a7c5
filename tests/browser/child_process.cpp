#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace cors::browser_tests {

child_process::child_process(const std::vector<std::string>& argv, const std::string& stdout_path,
                             const std::string& stderr_path) {
  // Everything the child needs is prepared before fork(): after it, in a process with other
  // threads, only async-signal-safe calls are allowed.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const pid_t parent = ::getpid();
  if (out < 0 || err < 0) {
    if (out >= 0) ::close(out);
    if (err >= 0) ::close(err);
    throw std::runtime_error("cannot open the output files for " + argv.at(0));
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the test binary died before prctl took effect
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  const int fork_errno = errno;
  ::close(out);
  ::close(err);
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(fork_errno)));
  ::setpgid(pid, pid);  // also here, so that the group exists before stop() can be called
  pid_ = pid;
}

bool child_process::exited(bool wait) {
  if (reaped_) return true;
  // WNOWAIT leaves the exited leader a zombie, so its pid (the group's id) cannot be reused
  // before the rest of the group has been killed.
  siginfo_t info{};
  const int options = WEXITED | WNOWAIT | (wait ? 0 : WNOHANG);
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, options) != 0) return errno == ECHILD;
  return info.si_pid == pid_;
}

bool child_process::running() {
  return pid_ > 0 && !exited(false);
}

int child_process::exit_status() {
  if (pid_ <= 0 || !exited(false)) return -1;
  if (!reaped_) {
    ::kill(-pid_, SIGKILL);  // the leader is gone; its helpers go with it
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_)
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    reaped_ = true;
  }
  return status_;
}

void child_process::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0 || reaped_) return;
  if (!exited(false)) {
    ::kill(-pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (!exited(false) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!exited(false)) ::kill(-pid_, SIGKILL);
    exited(true);
  }
  exit_status();
}

}  // namespace cors::browser_tests
