// cors-httplib-demo-server: cors-demo-server's application and policy flags on cpp-httplib, so
// that the same policy can be judged through both adapters (the browser suite runs every policy
// through both) and the adapter's cost measured (--no-cors). Every path and method cpp-httplib
// accepts gets 200 and a small JSON body naming them, with an X-Request-Id counter;
// /status/NNN answers with status NNN instead. Run with --help for the flags.
#include <atomic>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include "cors/httplib.hpp"
#include "demo_server_parts.hpp"

namespace {

namespace po = boost::program_options;

constexpr int exit_usage = 2;

po::options_description option_descriptions() {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("listen", po::value<std::string>()->default_value("127.0.0.1:8080")->value_name("HOST:PORT"),
     "where to listen; port 0 picks a free port. The first line on stdout is always "
     "'listening on http://HOST:PORT'");
  cors_demo::add_policy_flags(options);
  options.add_options()
    ("no-cors", po::bool_switch(),
     "serve the application alone, without the CORS layer (the policy options are ignored): "
     "the baseline for measuring what the layer costs")
    ("help", "print this help and exit");
  // clang-format on
  return options;
}

// Knows nothing about CORS: the policy's headers are added by the installed adapter.
void answer(const httplib::Request& request, httplib::Response& response,
            std::atomic<unsigned long long>& counter) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  const unsigned status = cors_demo::requested_status(path);
  response.status = status != 0 ? static_cast<int>(status) : 200;
  response.set_header("X-Request-Id", std::to_string(++counter));
  if (status == 204 || status == 304) return;  // no body
  response.set_content(cors_demo::answer_body(request.method, path), "application/json");
}

}  // namespace

int main(int argc, char** argv) {
  const po::options_description options = option_descriptions();
  po::variables_map flags;
  try {
    const int style =
        po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(argc, argv).options(options).style(style).run(), flags);
    po::notify(flags);
  } catch (const po::error& e) {
    std::cerr << "cors-httplib-demo-server: " << e.what() << "\n(see --help)\n";
    return exit_usage;
  }
  if (flags.count("help")) {
    std::cout << "usage: cors-httplib-demo-server [options]\n\n" << options;
    return 0;
  }
  // HOST:PORT, the host as cpp-httplib binds it ("127.0.0.1", "::1", "localhost").
  const std::string listen = flags["listen"].as<std::string>();
  const std::size_t colon = listen.rfind(':');
  const std::string port_text = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (colon == 0 || port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535) {
    std::cerr << "cors-httplib-demo-server: --listen '" << listen << "': expected HOST:PORT\n";
    return exit_usage;
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);

  httplib::Server server;
  // cpp-httplib writes a response's header and body apart: with Nagle's algorithm the body
  // waits for the client's delayed ACK (40 ms) on a keep-alive connection.
  server.set_tcp_nodelay(true);
  std::atomic<unsigned long long> counter{0};
  const auto application = [&counter](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, counter);
  };
  server.Get(".*", application);  // HEAD too
  server.Post(".*", application);
  server.Put(".*", application);
  // A PATCH without Content-Length has no body (RFC 9112, 6.3), and browsers send a body-less
  // PATCH so; cpp-httplib 0.11 would wait for a body until its read timeout (5 s) and answer
  // 400. The body is read here only when there is one.
  server.Patch(".*", [&application](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& read_body) {
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
      read_body([](const char*, std::size_t) { return true; });
    application(req, res);
  });
  server.Delete(".*", application);
  server.Options(".*", application);

  if (!flags["no-cors"].as<bool>()) {
    const cors::policy_or_issues built = cors::policy::create(cors_demo::policy_config(flags));
    if (!built || !built.issues().empty()) {  // warnings too, as cors-demo-server
      std::cerr << "cors-httplib-demo-server: invalid options, nothing started:\n";
      for (const cors::config_issue& issue : built.issues())
        std::cerr << "  " << to_string(issue) << "\n";
      return exit_usage;
    }
    cors::httplib::install(server, *built);
  }

  const int wanted = std::stoi(port_text);
  const int port = wanted == 0 ? server.bind_to_any_port(host)
                               : (server.bind_to_port(host, wanted) ? wanted : -1);
  if (port < 0) {
    std::cerr << "cors-httplib-demo-server: cannot listen on " << listen << "\n";
    return 1;
  }
  const bool bracketed = host.find(':') != std::string::npos;
  std::printf("listening on http://%s%s%s:%d\n", bracketed ? "[" : "", host.c_str(),
              bracketed ? "]" : "", port);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
