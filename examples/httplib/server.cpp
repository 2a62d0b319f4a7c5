// A cpp-httplib server with a CORS policy, as docs/adapters.md shows it: the application's routes
// are untouched, and one call installs the policy. Listens on 127.0.0.1:PORT (default 8080; 0
// picks a free port) and prints "listening on http://127.0.0.1:PORT" once it accepts.
#include <cstdio>
#include <cstdlib>
#include <string>

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

  const int port = argc > 1 ? std::atoi(argv[1]) : 8080;
  const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                              : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  std::printf("listening on http://127.0.0.1:%d\n", bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
