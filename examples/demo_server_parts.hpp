// What the two demo servers share (cors-demo-server on Boost.Beast, cors-httplib-demo-server on
// cpp-httplib): the policy flags, and the application behind the policy, which knows nothing of
// CORS. The browser suite runs the same flags through both.
#ifndef CORS_EXAMPLES_DEMO_SERVER_PARTS_HPP
#define CORS_EXAMPLES_DEMO_SERVER_PARTS_HPP

#include <array>
#include <boost/program_options.hpp>
#include <string>
#include <string_view>

#include "cors/config.hpp"

namespace cors_demo {

// The policy flags, which --config replaces as a whole.
inline constexpr std::array<const char*, 10> policy_flags = {
    "allow-origin",     "allow-null-origin", "allow-methods", "allow-headers",
    "expose-headers",   "allow-credentials", "max-age",       "allow-private-network",
    "preflight-status", "debug-preflight"};

// Adds --allow-origin ... --debug-preflight (policy_flags) to `options`.
void add_policy_flags(boost::program_options::options_description& options);

// The configuration the policy flags in `flags` give ("a,b" and repeated flags alike are lists;
// "*" stays "*"). Callbacks are left empty.
cors::config policy_config(const boost::program_options::variables_map& flags);

// "/status/404" -> 404, for 200 to 599; 0 otherwise: the status the application answers with.
unsigned requested_status(std::string_view path);

// The application's body, naming what it received: {"method":"PUT","path":"/a"}.
std::string answer_body(std::string_view method, std::string_view path);

}  // namespace cors_demo

#endif  // CORS_EXAMPLES_DEMO_SERVER_PARTS_HPP
