#include "doctor_check.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "child_process.hpp"

namespace cors::browser_tests {

std::vector<std::string> doctor_command(const std::string& doctor, const std::string& url,
                                        const std::string& origin, const conformance::scenario& s,
                                        conformance::engine e) {
  std::vector<std::string> command = {doctor, url,        "--origin",
                                      origin, "--method", std::string(s.method)};
  for (const conformance::request_header& h : s.headers) {
    command.push_back("--header");
    command.push_back(std::string(h.name) + ": " + std::string(h.value));
  }
  if (s.credentials == conformance::credentials_mode::include) command.push_back("--credentials");
  if (e != conformance::engine::chromium) {
    command.push_back("--browser");
    command.push_back(std::string(conformance::to_string(e)));
  }
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
  try {
    boost::property_tree::ptree json;
    std::istringstream text(verdict.output);
    boost::property_tree::read_json(text, json);
    verdict.message = json.get<std::string>("error.message", "");
  } catch (const boost::property_tree::ptree_error&) {
    // Not JSON: the check then fails on the output itself.
  }
  return verdict;
}

}  // namespace cors::browser_tests
