// A user of cors::beast: a handler wrapped with the policy answers a preflight itself.
#include <boost/beast/http.hpp>
#include <cors/beast.hpp>

namespace http = boost::beast::http;

int main() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  const auto handler = cors::beast::with_cors(cors::policy(cfg), [](const auto& req) {
    return http::response<http::string_body>{http::status::ok, req.version()};
  });
  http::request<http::string_body> req{http::verb::options, "/items", 11};
  req.set(http::field::origin, "https://app.example.com");
  req.set(http::field::access_control_request_method, "GET");
  const auto res = handler(req);
  return res.result_int() == 204 &&
                 res[http::field::access_control_allow_origin] == "https://app.example.com"
             ? 0
             : 1;
}
