// The test pages' server: a small HTTP server on two loopback ports of its own (so that a page can
// be another origin than the demo server, and a second port gives port look-alikes). It serves
// the pages it is given at /page/<n> for any Host (127.0.0.1, localhost, *.localhost), and
// collects what the pages report: one POST /result per scenario, then POST /finished.
#ifndef CORS_TESTS_BROWSER_PAGE_SERVER_HPP
#define CORS_TESTS_BROWSER_PAGE_SERVER_HPP

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cors::browser_tests {

class page_server {
 public:
  page_server();
  ~page_server();
  page_server(const page_server&) = delete;
  page_server& operator=(const page_server&) = delete;

  int main_port() const noexcept;
  int other_port() const noexcept;

  void set_pages(std::vector<std::string> html);
  // Blocks until a page posted /finished or `timeout` passed; true if finished.
  bool wait_finished(std::chrono::milliseconds timeout);
  // The bodies of the POST /result requests received so far, in arrival order.
  std::vector<std::string> results() const;

  struct state;

 private:
  std::shared_ptr<state> state_;
};

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_PAGE_SERVER_HPP
