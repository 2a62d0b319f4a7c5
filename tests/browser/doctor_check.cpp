#include "doctor_check.hpp"

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "child_process.hpp"

namespace cors::browser_tests {

std::vector<std::string> doctor_command(const std::string& doctor, const std::string& url,
                                        const std::string& origin, const conformance::scenario& s) {
  std::vector<std::string> command = {doctor, url,        "--origin",
                                      origin, "--method", std::string(s.method)};
  for (const conformance::request_header& h : s.headers) {
    command.push_back("--header");
    command.push_back(std::string(h.name) + ": " + std::string(h.value));
  }
  if (s.credentials == conformance::credentials_mode::include) command.push_back("--credentials");
  command.push_back("--json");
  return command;
}

doctor_verdict ask_doctor(std::vector<std::string> command, const std::filesystem::path& dir) {
  using namespace std::chrono_literals;
  const std::filesystem::path out = dir / "doctor.out";
  std::filesystem::remove(out);
  doctor_verdict verdict;
  verdict.command = std::move(command);
  child_process doctor(verdict.command, out, dir / "doctor.err");
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (doctor.running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  doctor.stop(1s);
  verdict.exit_status = doctor.exit_status();
  std::ifstream in(out, std::ios::binary);
  verdict.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return verdict;
}

}  // namespace cors::browser_tests
