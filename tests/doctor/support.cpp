#include "support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace cors::doctor_tests {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string(ci) != "false";
}

temp_dir::temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "cors-doctor-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
  // nginx reads its files here; keep them readable whoever it runs as.
  fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

finished run(const std::vector<std::string>& argv, const fs::path& dir,
             std::chrono::milliseconds limit) {
  const fs::path out = dir / "run.out";
  const fs::path err = dir / "run.err";
  fs::remove(out);
  fs::remove(err);
  finished f;
  {
    browser_tests::child_process child(argv, out.string(), err.string());
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (child.running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(2ms);
    const bool in_time = !child.running();
    child.stop(1s);
    f.exit_status = in_time ? child.exit_status() : -1000;
  }
  f.out = read_file(out);
  f.err = read_file(err);
  return f;
}

finished doctor(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {CORS_DOCTOR};
  argv.insert(argv.end(), args.begin(), args.end());
  temp_dir dir;
  return run(argv, dir.path());
}

namespace {

sockaddr_in loopback(unsigned short port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool accepts_connections(unsigned short port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return false;
  const sockaddr_in address = loopback(port);
  const bool connected =
      ::connect(s, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(s);
  return connected;
}

void replace_all(std::string& text, const std::string& token, const std::string& by) {
  for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + by.size()))
    text.replace(at, token.size(), by);
}

// The child's first stdout line, once it has written one; empty if it exits or `limit` passes.
std::string first_line(browser_tests::child_process& child, const fs::path& out,
                       std::chrono::milliseconds limit) {
  for (auto deadline = std::chrono::steady_clock::now() + limit;
       std::chrono::steady_clock::now() < deadline && child.running();
       std::this_thread::sleep_for(5ms)) {
    const std::string text = read_file(out);
    if (const auto end = text.find('\n'); end != std::string::npos) return text.substr(0, end);
  }
  return {};
}

}  // namespace

unsigned short free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = loopback(0);
  socklen_t size = sizeof address;
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (s >= 0) ::close(s);
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(s);
  return ntohs(address.sin_port);
}

std::optional<std::string> nginx::executable() {
  for (const char* candidate : {CORS_NGINX, "/usr/sbin/nginx"})
    if (*candidate != '\0' && ::access(candidate, X_OK) == 0) return std::string(candidate);
  return std::nullopt;
}

nginx::nginx(const std::string& server_body, bool tls) : tls_(tls) {
  const std::optional<std::string> binary = executable();
  if (!binary) throw std::runtime_error("nginx is not installed");
  const std::string dir = dir_.path().string();
  fs::create_directories(dir_.path() / "html");
  std::ofstream(dir_.path() / "html" / "api") << "{\"static\":true}\n";
  if (tls) {
    // A self-signed certificate for "localhost" only, made now: nothing to keep in the tree.
    const finished made = run(
        {CORS_OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem", "-days", "2", "-subj",
         "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"},
        dir_.path());
    if (made.exit_status != 0) throw std::runtime_error("openssl req failed: " + made.err);
  }
  // A port taken between free_port() and nginx's bind() is retried with another.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::string body = server_body;
    replace_all(body, "{dir}", dir);
    replace_all(body, "{port}", std::to_string(port_));
    std::ofstream(dir_.path() / "nginx.conf")
        << "master_process off;\n"
        << "error_log " << dir << "/error.log warn;\n"
        << "events { worker_connections 64; }\n"
        << "http {\n"
        << "  log_format cors '$request_method $uri acrm=\"$http_access_control_request_method\" "
           "acrh=\"$http_access_control_request_headers\" origin=\"$http_origin\"';\n"
        << "  access_log " << dir << "/access.log cors;\n"
        << "  client_body_temp_path " << dir << "/client_body;\n"
        << "  proxy_temp_path " << dir << "/proxy;\n"
        << "  fastcgi_temp_path " << dir << "/fastcgi;\n"
        << "  uwsgi_temp_path " << dir << "/uwsgi;\n"
        << "  scgi_temp_path " << dir << "/scgi;\n"
        << "  default_type application/json;\n"
        << "  server {\n"
        << "    listen 127.0.0.1:" << port_ << (tls ? " ssl" : "") << ";\n"
        << (tls ? "    ssl_certificate " + dir + "/cert.pem;\n    ssl_certificate_key " + dir +
                      "/key.pem;\n"
                : std::string())
        << body << "\n  }\n}\n";
    process_ = std::make_unique<browser_tests::child_process>(
        std::vector<std::string>{*binary, "-p", dir, "-c", dir + "/nginx.conf", "-e",
                                 dir + "/error.log", "-g",
                                 "daemon off; pid " + dir + "/nginx.pid;"},
        dir + "/nginx.out", dir + "/nginx.err");
    for (auto deadline = std::chrono::steady_clock::now() + 5s;
         std::chrono::steady_clock::now() < deadline && process_->running();
         std::this_thread::sleep_for(5ms)) {
      if (accepts_connections(port_)) return;
    }
    process_->stop(1s);
    const std::string log =
        read_file(dir_.path() / "error.log") + read_file(dir_.path() / "nginx.err");
    if (log.find("Address already in use") == std::string::npos)
      throw std::runtime_error("nginx did not start:\n" + log);
  }
  throw std::runtime_error("nginx found no free port");
}

nginx::~nginx() {
  if (process_) process_->stop(2s);
}

std::string nginx::url(const std::string& path) const {
  return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_) + path;
}

std::vector<std::string> nginx::access_log(std::size_t lines) const {
  std::vector<std::string> result;
  // nginx writes the line when it finalizes the request, which may be just after the client
  // has read the whole response.
  for (auto deadline = std::chrono::steady_clock::now() + 2s;; std::this_thread::sleep_for(5ms)) {
    result.clear();
    const std::string text = read_file(dir_.path() / "access.log");
    for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
         start = end + 1)
      result.push_back(text.substr(start, end - start));
    if (result.size() >= lines || std::chrono::steady_clock::now() > deadline) return result;
  }
}

demo_server::demo_server(const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {CORS_DEMO_SERVER, "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  const fs::path out = dir_.path() / "out";
  process_ = std::make_unique<browser_tests::child_process>(argv, out.string(),
                                                            (dir_.path() / "err").string());
  const std::string line = first_line(*process_, out, 10s);
  const std::string prefix = "listening on http://127.0.0.1:";
  if (line.rfind(prefix, 0) != 0)
    throw std::runtime_error("cors-demo-server did not start: " + read_file(dir_.path() / "err"));
  port_ = static_cast<unsigned short>(std::stoi(line.substr(prefix.size())));
}

demo_server::~demo_server() {
  process_->stop(2s);
}

std::string demo_server::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace cors::doctor_tests
