// The test pages' server, on two loopback ports of its own (so that a page is another origin than
// the server under test, and a second port gives port look-alikes). It serves the pages it is
// given at /page/<n> for any Host (127.0.0.1, localhost, *.localhost), and collects what the
// pages report: one POST /result per scenario, then POST /finished. /warm-up answers any
// preflight.
#ifndef CORS_TESTS_BROWSER_PAGE_SERVER_HPP
#define CORS_TESTS_BROWSER_PAGE_SERVER_HPP

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "http_server.hpp"

namespace cors::browser_tests {

class page_server {
 public:
  page_server();

  int main_port() const { return server_.port(0); }
  int other_port() const { return server_.port(1); }

  void set_pages(std::vector<std::string> html);
  // True once a page posted /finished.
  bool finished() const;
  // The bodies of the POST /result requests received so far, in arrival order.
  std::vector<std::string> results() const;

 private:
  http_response answer(const http_request& request);

  mutable std::mutex mutex_;
  std::vector<std::string> pages_;
  std::vector<std::string> results_;
  bool finished_ = false;
  http_server server_;  // last: it stops before the state it serves
};

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_PAGE_SERVER_HPP
