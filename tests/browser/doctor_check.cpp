#include "doctor_check.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
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
  command.push_back("--browser");
  command.push_back(std::string(conformance::to_string(e)));
  command.push_back("--json");
  return command;
}

std::vector<doctor_verdict> ask_doctor(std::vector<std::vector<std::string>> commands,
                                       const std::filesystem::path& dir) {
  using namespace std::chrono_literals;
  constexpr std::size_t at_once = 8;  // each one mostly waits for its server
  std::vector<doctor_verdict> verdicts(commands.size());
  for (std::size_t first = 0; first < commands.size(); first += at_once) {
    const std::size_t last = std::min(commands.size(), first + at_once);
    std::vector<std::unique_ptr<child_process>> running;
    for (std::size_t i = first; i < last; ++i) {
      verdicts[i].command = std::move(commands[i]);
      const std::filesystem::path out = dir / ("doctor." + std::to_string(i) + ".out");
      std::filesystem::remove(out);
      running.push_back(std::make_unique<child_process>(
          verdicts[i].command, out, dir / ("doctor." + std::to_string(i) + ".err")));
    }
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    for (std::size_t i = first; i < last; ++i) {
      child_process& doctor = *running[i - first];
      while (doctor.running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
      doctor.stop(1s);
      doctor_verdict& verdict = verdicts[i];
      verdict.exit_status = doctor.exit_status();
      std::ifstream in(dir / ("doctor." + std::to_string(i) + ".out"), std::ios::binary);
      verdict.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      try {
        boost::property_tree::ptree json;
        std::istringstream text(verdict.output);
        boost::property_tree::read_json(text, json);
        verdict.message = json.get<std::string>("error.message", "");
      } catch (const boost::property_tree::ptree_error&) {
        // Not JSON: the check then fails on the output itself.
      }
    }
  }
  return verdicts;
}

}  // namespace cors::browser_tests
