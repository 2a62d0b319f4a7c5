// A cpp-httplib server with a CORS policy, as docs/adapters.md shows it: the application's routes
// are untouched, and one call installs the policy. Listens on 127.0.0.1:PORT (default 8080; 0
// picks a free port) and prints "listening on http://127.0.0.1:PORT" once it accepts.
#include <charconv>
#include <iostream>
#include <string>
#include <string_view>

#include <cors/httplib.hpp>

int main(int argc, char** argv) {
  httplib::Server server;
  server.Get("/items", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"items":[1,2,3]})", "application/json");
  });
  server.Post("/items", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 201;
    res.set_content(req.body, "application/json");
  });

  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  cors::httplib::install(server, cors::policy(cfg));

  int port = 8080;
  if (argc > 1) {
    const std::string_view arg = argv[1];
    if (std::from_chars(arg.data(), arg.data() + arg.size(), port).ec != std::errc()) {
      std::cerr << "usage: " << argv[0] << " [PORT]\n";
      return 2;
    }
  }
  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                              : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::cerr << "cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << bound << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
