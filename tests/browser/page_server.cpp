#include "page_server.hpp"

#include <string_view>

namespace cors::browser_tests {

namespace http = boost::beast::http;

page_server::page_server()
    : server_(2, [this](const http_request& request) { return answer(request); }) {}

http_response page_server::answer(const http_request& request) {
  http_response response{http::status::ok, request.version()};
  response.set(http::field::cache_control, "no-store");
  const std::string_view target(request.target().data(), request.target().size());
  constexpr std::string_view page_prefix = "/page/";
  std::lock_guard<std::mutex> lock(mutex_);
  if (request.method() == http::verb::get && target.substr(0, page_prefix.size()) == page_prefix) {
    const std::string_view index = target.substr(page_prefix.size());
    const bool digits = !index.empty() && index.size() < 6 &&
                        index.find_first_not_of("0123456789") == std::string_view::npos;
    const std::size_t n = digits ? std::stoul(std::string(index)) : pages_.size();
    if (n < pages_.size()) {
      response.set(http::field::content_type, "text/html; charset=utf-8");
      response.body() = pages_[n];
      return response;
    }
  } else if (target == "/warm-up") {
    // Firefox's preflight cache drops an entry when the host's DNS record is newer, and the
    // first lookup makes one: the pages send a few preflighted requests here first.
    response.set(http::field::access_control_allow_origin, "*");
    response.set(http::field::access_control_allow_methods, "PUT");
    response.set(http::field::access_control_max_age, "600");
    response.result(http::status::no_content);
    return response;
  } else if (request.method() == http::verb::post && target == "/result") {
    results_.push_back(request.body());
    response.result(http::status::no_content);
    return response;
  } else if (request.method() == http::verb::post && target == "/finished") {
    finished_ = true;
    response.result(http::status::no_content);
    return response;
  }
  response.result(http::status::not_found);  // /favicon.ico among others
  return response;
}

void page_server::set_pages(std::vector<std::string> html) {
  std::lock_guard<std::mutex> lock(mutex_);
  pages_ = std::move(html);
}

bool page_server::finished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return finished_;
}

std::vector<std::string> page_server::results() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return results_;
}

}  // namespace cors::browser_tests
