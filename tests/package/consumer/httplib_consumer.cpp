// A user of cors::httplib: the middleware answers a preflight before routing and adds the
// headers after it, as cpp-httplib calls it (no socket needed).
#include <cors/httplib.hpp>

int main() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  const cors::httplib::middleware layer{cors::policy(cfg)};
  httplib::Request req;
  req.method = "OPTIONS";
  req.target = "/items";
  req.headers.emplace("Origin", "https://app.example.com");
  req.headers.emplace("Access-Control-Request-Method", "GET");
  httplib::Response res;
  const bool answered =
      layer.pre_routing(req, res) == httplib::Server::HandlerResponse::Handled;
  layer.post_routing(req, res);
  return answered && res.status == 204 &&
                 res.get_header_value("Access-Control-Allow-Origin") == "https://app.example.com"
             ? 0
             : 1;
}
