// A child process's resident memory and CPU time, read from /proc, for tests that bound what a
// server spends on hostile clients.
#ifndef CORS_TESTS_INTEGRATION_PROCESS_STATUS_HPP
#define CORS_TESTS_INTEGRATION_PROCESS_STATUS_HPP

#include <sys/types.h>

#include <chrono>
#include <string_view>

namespace cors_integration {

// A "Vm..." line of /proc/PID/status in KiB ("VmRSS", "VmHWM"); -1 if it cannot be read.
long memory_kib(pid_t pid, std::string_view field);

// User plus system CPU time the process has used so far (/proc/PID/stat).
std::chrono::milliseconds cpu_time(pid_t pid);

}  // namespace cors_integration

#endif  // CORS_TESTS_INTEGRATION_PROCESS_STATUS_HPP
