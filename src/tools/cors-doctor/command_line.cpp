#include "command_line.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cors::doctor {

namespace po = boost::program_options;

po::variables_map read_command_line(int argc, char** argv, po::options_description options,
                                    const po::value_semantic* url_semantic, int urls) {
  options.add_options()("url", url_semantic);
  po::positional_options_description positional;
  positional.add("url", urls);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).positional(positional).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw usage_error(e.what());
  }
  return vm;
}

void add_connection_options(po::options_description& options) {
  // clang-format off
  options.add_options()
    ("insecure", po::bool_switch(), "do not verify the server's TLS certificate")
    ("timeout", po::value<double>()->default_value(10)->value_name("SECONDS"),
     "deadline for each network step (resolve, connect, TLS, response)");
  // clang-format on
}

client_options connection_options(const po::variables_map& vm, std::string user_agent) {
  const double timeout = vm["timeout"].as<double>();
  if (!(timeout > 0) || timeout > 3600)
    throw usage_error(fmt::format(
        "--timeout '{}': must be more than 0 and at most 3600 seconds (0.5 is half a second)",
        timeout));
  client_options client;
  client.timeout = std::chrono::milliseconds(static_cast<long long>(std::ceil(timeout * 1000)));
  client.verify_certificates = !vm["insecure"].as<bool>();
  client.user_agent = std::move(user_agent);
  return client;
}

checker::header_line parse_header(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0)
    throw usage_error(fmt::format("--header '{}': expected 'Name: value'", text));
  return {text.substr(0, colon), text.substr(colon + 1)};
}

}  // namespace cors::doctor
