// What cors-doctor's two commands (the check of one request, and scan) read from their command
// lines alike.
#ifndef CORS_SRC_DOCTOR_COMMAND_LINE_HPP
#define CORS_SRC_DOCTOR_COMMAND_LINE_HPP

#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>

#include "cors/checker.hpp"
#include "http_client.hpp"

namespace cors::doctor {

// A command line cors-doctor cannot act on (exit status 2).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The command line read against `options` and the positional "url" (`url_semantic`, `urls` of
// them: 1, or -1 for any number). Throws usage_error.
boost::program_options::variables_map read_command_line(
    int argc, char** argv, boost::program_options::options_description options,
    const boost::program_options::value_semantic* url_semantic, int urls);

// --insecure and --timeout, which make the client_options.
void add_connection_options(boost::program_options::options_description& options);

// The client_options of --insecure and --timeout. Throws usage_error for a timeout out of range.
client_options connection_options(const boost::program_options::variables_map& vm,
                                  std::string user_agent);

// A --header argument, "Name: value". Throws usage_error without a name and a colon.
checker::header_line parse_header(const std::string& text);

}  // namespace cors::doctor

#endif  // CORS_SRC_DOCTOR_COMMAND_LINE_HPP
