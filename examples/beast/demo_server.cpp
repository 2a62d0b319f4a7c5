// cors-demo-server: an asynchronous Boost.Beast HTTP/1.1 server whose CORS policy is given on the
// command line. Every path and method gets 200 and a small JSON body naming them, with an
// X-Request-Id counter; /status/NNN answers with status NNN instead, so that the application's
// own errors can be seen carrying their CORS headers. Run with --help for the flags.
#include <algorithm>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "cors/beast.hpp"
#include "cors/beast/request_reader.hpp"
#include "cors/live_policy.hpp"
#include "cors/policy_file.hpp"
#include "cors/shadow_policy.hpp"
#include "demo_server_parts.hpp"
#include "serving.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace po = boost::program_options;
using tcp = asio::ip::tcp;

constexpr int exit_usage = 2;
constexpr int default_read_timeout_seconds = 30;
constexpr int max_read_timeout_seconds = 3600;
constexpr int default_max_connections = 1000;
constexpr int max_max_connections = 1000000;
constexpr int min_header_bytes = 1024;
constexpr int max_header_bytes = 1024 * 1024;

// ---- command line --------------------------------------------------------------------------

struct settings {
  tcp::endpoint listen;
  std::chrono::seconds read_timeout{default_read_timeout_seconds};
  std::size_t max_connections = default_max_connections;
  cors::beast::request_limits limits;
  cors::config cfg;
  std::string config_file;  // empty: the policy comes from the flags
  std::string shadow_file;  // empty: no report-only policy
  bool no_cors = false;
  std::optional<cors::policy> policy;  // built from the flags or the file
  std::optional<cors::policy> shadow;
};

// The policy in the file at `path`, with the callbacks of `callbacks` (the file has none); or
// nothing, and every problem with the file as a line of `problems`.
std::optional<cors::policy> load_policy(const std::string& path, const cors::config& callbacks,
                                        std::vector<std::string>& problems) {
  cors::policy_file file = cors::policy_file::read(path);
  file.configuration().on_rejection = callbacks.on_rejection;
  cors::built_policy built = std::move(file).build();  // moves the 100,000 origins, no copy
  for (const cors::file_issue& issue : built.issues)
    problems.push_back(cors::to_string(issue, path));
  return std::move(built.policy);
}

// "127.0.0.1:8080", "[::1]:0", "localhost:8080" -> an endpoint; port 0 asks for an ephemeral one.
std::optional<tcp::endpoint> parse_listen(const std::string& value, std::string& problem) {
  const std::size_t colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) {
    problem = "--listen '" + value + "': expected HOST:PORT, e.g. 127.0.0.1:8080";
    return std::nullopt;
  }
  std::string host = value.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port = value.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoul(port) > 65535) {
    problem = "--listen '" + value + "': the port must be a number from 0 to 65535";
    return std::nullopt;
  }
  asio::io_context resolver_context;
  tcp::resolver resolver(resolver_context);
  boost::system::error_code ec;
  const auto results = resolver.resolve(host, port, tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    problem = "--listen '" + value + "': cannot resolve '" + host + "': " + ec.message();
    return std::nullopt;
  }
  return results.begin()->endpoint();
}

po::options_description option_descriptions() {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("listen", po::value<std::string>()->default_value("127.0.0.1:8080")->value_name("HOST:PORT"),
     "where to listen; port 0 picks a free port. The first line on stdout is always "
     "'listening on http://HOST:PORT'")
    ("read-timeout", po::value<int>()->default_value(default_read_timeout_seconds)
                         ->value_name("SECONDS"),
     "a connection has this long to send each whole request, time spent idle before it "
     "included, and to take each answer; then it is closed (1 to 3600)")
    ("max-connections", po::value<int>()->default_value(default_max_connections)
                            ->value_name("N"),
     "connections served at once; more wait in the listen queue (1 to 1000000)")
    ("max-header-bytes", po::value<int>()->default_value(8 * 1024)->value_name("BYTES"),
     "the request line and header section together, and on its own each chunk-size line and "
     "the trailer section; more gets 400 and a close (1024 to 1048576)")
    ("max-body-bytes", po::value<long long>()->default_value(1024LL * 1024)->value_name("BYTES"),
     "a request body, after chunked decoding; more gets 400 and a close (0 to 2^40)");
  cors_demo::add_policy_flags(options);
  options.add_options()
    ("log-rejections", po::bool_switch(), "print why each rejected request was rejected, on stderr")
    ("config", po::value<std::string>()->value_name("FILE"),
     "read the policy from a JSON policy file instead of the policy flags above (which cannot "
     "be combined with it); SIGHUP reloads it, and a file with problems leaves the current "
     "policy serving")
    ("shadow-config", po::value<std::string>()->value_name("FILE"),
     "evaluate every request with this policy file too, report-only: each request it would "
     "answer differently is logged on stderr, the answer never changes; SIGHUP reloads it")
    ("no-cors", po::bool_switch(),
     "serve the application alone, without the CORS layer (the policy options are ignored): "
     "the baseline for measuring what the layer costs")
    ("help", "print this help and exit");
  // clang-format on
  return options;
}

void print_usage(std::ostream& out, const po::options_description& options) {
  out << "usage: cors-demo-server [options]\n\n"
         "Answers every path and method with 200 and {\"method\":...,\"path\":...}, sets\n"
         "X-Request-Id, and applies the CORS policy given by the options. /status/NNN (200 to\n"
         "599) answers with status NNN. Preflights are answered by the policy. Ctrl-C or\n"
         "SIGTERM stops it.\n\n"
      << options
      << "\nExample:\n  cors-demo-server --listen 127.0.0.1:8080 "
         "--allow-origin https://app.client.internal \\\n"
         "    --allow-methods GET,POST,PUT,DELETE --allow-headers Content-Type,X-Custom-Header "
         "--max-age 600\n";
}

// Reads the command line into `out`. Returns nothing to serve, or the exit status: 0 after
// --help, 2 after printing every problem with the flags and with the policy they make.
std::optional<int> parse_command_line(int argc, char** argv, settings& out) {
  const po::options_description options = option_descriptions();
  po::variables_map vm;
  try {
    // No abbreviations: tests and scripts outside rely on the exact names.
    const int style =
        po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(argc, argv).options(options).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "cors-demo-server: " << e.what() << "\n(see --help)\n";
    return exit_usage;
  }
  if (vm.count("help")) {
    print_usage(std::cout, options);
    return 0;
  }

  std::vector<std::string> problems;
  std::string listen_problem;
  if (auto endpoint = parse_listen(vm["listen"].as<std::string>(), listen_problem))
    out.listen = *endpoint;
  else
    problems.push_back(listen_problem);
  const int read_timeout = vm["read-timeout"].as<int>();
  if (read_timeout >= 1 && read_timeout <= max_read_timeout_seconds)
    out.read_timeout = std::chrono::seconds(read_timeout);
  else
    problems.push_back("--read-timeout '" + std::to_string(read_timeout) +
                       "': must be 1 to 3600 seconds");
  const int max_connections = vm["max-connections"].as<int>();
  if (max_connections >= 1 && max_connections <= max_max_connections)
    out.max_connections = static_cast<std::size_t>(max_connections);
  else
    problems.push_back("--max-connections '" + std::to_string(max_connections) +
                       "': must be 1 to 1000000");
  const int header_bytes = vm["max-header-bytes"].as<int>();
  if (header_bytes >= min_header_bytes && header_bytes <= max_header_bytes)
    out.limits.header_bytes = static_cast<std::uint32_t>(header_bytes);
  else
    problems.push_back("--max-header-bytes '" + std::to_string(header_bytes) +
                       "': must be 1024 to 1048576");
  const long long body_bytes = vm["max-body-bytes"].as<long long>();
  if (body_bytes >= 0 && body_bytes <= (1LL << 40))
    out.limits.body_bytes = static_cast<std::uint64_t>(body_bytes);
  else
    problems.push_back("--max-body-bytes '" + std::to_string(body_bytes) +
                       "': must be 0 to 1099511627776");

  cors::config& cfg = out.cfg;
  if (vm.count("config")) {
    out.config_file = vm["config"].as<std::string>();
    for (const char* flag : cors_demo::policy_flags)
      if (vm.count(flag) != 0 && !vm[flag].defaulted())
        problems.push_back(std::string("--") + flag +
                           " cannot be combined with --config: the file is the whole policy");
  }
  if (vm.count("shadow-config")) out.shadow_file = vm["shadow-config"].as<std::string>();
  cfg = cors_demo::policy_config(vm);
  if (vm["log-rejections"].as<bool>()) {
    cfg.on_rejection = [](const cors::decision&, std::string_view explanation) {
      // One call: lines from two threads do not interleave. A failed log write is not the
      // request's concern.
      (void)std::fprintf(stderr, "cors: %.*s\n", static_cast<int>(explanation.size()),
                         explanation.data());
    };
  }

  out.no_cors = vm["no-cors"].as<bool>();
  if (!out.no_cors && out.config_file.empty()) {
    const cors::policy_or_issues built = cors::policy::create(cfg);
    if (built) out.policy = *built;
    for (const cors::config_issue& issue : built.issues()) problems.push_back(to_string(issue));
  } else if (!out.no_cors && problems.empty()) {
    out.policy = load_policy(out.config_file, cfg, problems);
  }
  if (!out.shadow_file.empty() && problems.empty())
    out.shadow = load_policy(out.shadow_file, cors::config{}, problems);
  if (problems.empty()) return std::nullopt;
  std::cerr << "cors-demo-server: invalid options, nothing started:\n";
  for (const std::string& problem : problems) std::cerr << "  " << problem << "\n";
  return exit_usage;
}

// ---- the application -----------------------------------------------------------------------

// Knows nothing about CORS: the policy's headers are added by served_application.
class demo_application {
 public:
  explicit demo_application(std::atomic<unsigned long long>& counter) : counter_(&counter) {}

  template <class Send>
  void operator()(const http::request<http::string_body>& request, Send&& send) const {
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    const unsigned status = cors_demo::requested_status(path);
    http::response<http::string_body> response{
        status != 0 ? static_cast<http::status>(status) : http::status::ok, request.version()};
    response.keep_alive(request.keep_alive());
    response.set(http::field::server, "cors-demo-server");
    response.set("X-Request-Id", std::to_string(++*counter_));
    if (status == 204 || status == 304) {
      send(std::move(response));  // no body, and no Content-Length with 204
      return;
    }
    response.set(http::field::content_type, "application/json");
    const std::string_view method(request.method_string().data(), request.method_string().size());
    std::string body = cors_demo::answer_body(method, path);
    if (request.method() == http::verb::head) {
      response.content_length(body.size());
    } else {
      response.body() = std::move(body);
      response.prepare_payload();
    }
    send(std::move(response));
  }

 private:
  std::atomic<unsigned long long>* counter_;
};

// Logs a request that the --shadow-config policy answers differently, in one write so that
// lines from two threads do not interleave. The explanations are one printable line each.
void log_divergence(const cors::divergence& x) {
  (void)std::fprintf(
      stderr, "cors-demo-server: shadow policy differs: enforced: %.*s | shadow: %.*s\n",
      static_cast<int>(x.enforced_explanation.size()), x.enforced_explanation.data(),
      static_cast<int>(x.candidate_explanation.size()), x.candidate_explanation.data());
}

// What every connection calls: the application behind the live CORS policy (and the shadow
// policy, report-only) or, with --no-cors, alone.
struct served_application {
  const cors::live_policy* enforced;  // null: --no-cors
  const cors::live_policy* shadow;    // null: no --shadow-config
  const demo_application* application;

  template <class Send>
  void operator()(const http::request<http::string_body>& request, Send&& send) const {
    if (enforced == nullptr) return (*application)(request, std::forward<Send>(send));
    // The pins keep the policies, and with them the decision's views, alive until the answer
    // has been handed to send(); a reload meanwhile waits for this request, never the reverse.
    const cors::live_policy::pin policy = enforced->current();
    const cors::beast::request_lines lines(request);
    std::optional<cors::live_policy::pin> candidate;
    if (shadow != nullptr) candidate.emplace(shadow->current());
    static const std::function<void(const cors::divergence&)> report = log_divergence;
    const cors::decision d =
        candidate ? cors::evaluate_report_only(*policy, **candidate, lines.view(), report)
                  : policy->evaluate(lines.view());
    if (d.respond_now()) {
      send(cors::beast::preflight_response(d, request));
      return;
    }
    (*application)(request, [&d, &send](http::response<http::string_body>&& response) {
      cors::beast::decorate(response, d);
      send(std::move(response));
    });
  }
};

// A policy's allowed_origins as (hash, origin) pairs sorted by hash, for what a reload changed.
// It holds a copy of the policy (which shares its state), so the views stay valid. Kept from
// one reload to the next: a reload then hashes and sorts the new list only, and the merge of
// the two compares no strings unless their hashes are equal. A list may hold 100,000 origins,
// and every millisecond of a reload's CPU is taken from the requests (docs/benchmarks.md).
class indexed_origins {
 public:
  explicit indexed_origins(const cors::policy& indexed) : policy_(indexed) {
    const std::vector<std::string>& origins = policy_.configuration().allowed_origins;
    sorted_.reserve(origins.size());
    for (const std::string& origin : origins)
      sorted_.emplace_back(std::hash<std::string_view>{}(origin), origin);
    std::sort(sorted_.begin(), sorted_.end());
  }

  // "3 origins added (https://a.example, https://b.example, https://c.example), 1 removed
  // (https://old.example)": from these origins to `after`'s. Neither list holds an origin
  // twice (a built policy's never does).
  std::string changes_to(const indexed_origins& after) const {
    std::vector<std::string_view> added;
    std::vector<std::string_view> removed;
    auto o = sorted_.begin();
    auto n = after.sorted_.begin();
    while (o != sorted_.end() || n != after.sorted_.end()) {
      if (n == after.sorted_.end() || (o != sorted_.end() && *o < *n)) {
        removed.push_back((o++)->second);
      } else if (o == sorted_.end() || *n < *o) {
        added.push_back((n++)->second);
      } else {
        ++o, ++n;
      }
    }
    std::sort(added.begin(), added.end());
    std::sort(removed.begin(), removed.end());
    return std::to_string(after.sorted_.size()) + " origins, " + std::to_string(added.size()) +
           " added" + listed(added) + ", " + std::to_string(removed.size()) + " removed" +
           listed(removed);
  }

 private:
  static std::string listed(const std::vector<std::string_view>& origins) {
    constexpr std::size_t shown = 3;
    std::string out;
    for (std::size_t i = 0; i < origins.size() && i < shown; ++i)
      out.append(i == 0 ? "" : ", ").append(origins[i]);
    if (origins.size() > shown) out += ", and " + std::to_string(origins.size() - shown) + " more";
    return out.empty() ? out : " (" + out + ")";
  }

  cors::policy policy_;
  std::vector<std::pair<std::size_t, std::string_view>> sorted_;
};

// One policy file and the live policy it feeds.
struct reloadable {
  std::string path;
  const char* what;        // "policy" or "shadow policy", for the log
  cors::config callbacks;  // the file has none
  cors::live_policy& live;
  std::optional<indexed_origins> current;  // the live policy's origins, once a reload needs them
};

// SIGHUP: the file is read again; a good one replaces the policy, a bad one is logged with every
// problem and the current policy keeps serving. Only this thread replaces the policy, so
// `current` stays the live one's.
void reload(reloadable& file) {
  std::vector<std::string> problems;
  std::optional<cors::policy> next = load_policy(file.path, file.callbacks, problems);
  std::string log;
  if (!next) {
    log = "cors-demo-server: " + file.path + " not reloaded, the current " + file.what +
          " keeps serving; " + std::to_string(problems.size()) + " problem" +
          (problems.size() == 1 ? "" : "s") + ":\n";
    for (const std::string& problem : problems) log += "  " + problem + "\n";
  } else {
    // The pin is released at once: replace() waits for every pin of the current policy.
    if (!file.current) file.current.emplace(*file.live.current());
    indexed_origins replacement(*next);
    const std::string changes = file.current->changes_to(replacement);
    file.live.replace(*next);  // a policy is copy-only: the copy shares its built state
    file.current.emplace(std::move(replacement));
    log = "cors-demo-server: reloaded " + std::string(file.what) + " from " + file.path + ": " +
          changes + "\n";
  }
  (void)std::fputs(log.c_str(), stderr);
}

// ---- the server ----------------------------------------------------------------------------

// Counts the open connections against --max-connections. The listener stops accepting at the
// limit and is resumed by the connection that frees a place.
class connection_count {
 public:
  connection_count(std::size_t limit, std::function<void()> resume)
      : limit_(limit), resume_(std::move(resume)) {}

  // Takes a place; false at the limit, after which the release() that frees one calls resume.
  bool try_acquire() {
    for (;;) {
      if (open_.fetch_add(1) < limit_) return true;
      waiting_ = true;
      open_.fetch_sub(1);
      // A place freed before waiting_ was set resumed nobody: look again.
      if (open_.load() >= limit_ || !waiting_.exchange(false)) return false;
    }
  }
  void release() {
    open_.fetch_sub(1);
    if (waiting_.exchange(false)) resume_();
  }

 private:
  const std::size_t limit_;
  std::function<void()> resume_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> waiting_{false};
};

// A connection's place in the count, given back when the session ends.
class connection_place {
 public:
  explicit connection_place(std::shared_ptr<connection_count> count) : count_(std::move(count)) {}
  connection_place(connection_place&&) = default;
  connection_place& operator=(connection_place&&) = delete;
  connection_place(const connection_place&) = delete;
  ~connection_place() {
    if (count_) count_->release();
  }

 private:
  std::shared_ptr<connection_count> count_;
};

struct session_settings {
  served_application application;
  std::chrono::seconds timeout;
  cors::beast::request_limits limits;
};

// One connection. Each request must arrive whole within the read timeout, counted from when the
// server starts waiting for it: a client that stalls or trickles bytes (slowloris) is closed at
// the deadline however steadily it sends, and so is an idle keep-alive connection. Each answer
// gets the same time to be taken. cors::beast::request_reader bounds every part of the request
// and refuses what Beast 1.74 would let through.
class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, const session_settings& settings, connection_place place)
      : stream_(std::move(socket)),
        reader_(settings.limits),
        application_(settings.application),
        timeout_(settings.timeout),
        place_(std::move(place)) {}

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  // What the application hands to send(): its own responses, or the policy's preflight answer.
  struct sender {
    session& s;
    void operator()(http::response<http::string_body>&& response) const {
      s.response_ = std::move(response);
      s.write(s.response_);
    }
    void operator()(http::response<http::empty_body>&& response) const {
      s.preflight_response_ = std::move(response);
      s.write(s.preflight_response_);
    }
  };

  void read() {
    stream_.expires_after(timeout_);
    reader_.async_read(
        stream_, [self = shared_from_this()](boost::system::error_code ec) { self->on_read(ec); });
  }

  void on_read(boost::system::error_code ec) {
    if (ec == http::error::end_of_stream || ec == http::error::partial_message) return close();
    if (cors::beast::is_bad_request(ec)) {
      response_ = cors_examples::bad_request(ec, "cors-demo-server");
      return write(response_);
    }
    if (ec) return;  // timeout, reset: the socket closes with this session
    // The request stays in reader_ until the response is written, as the decision requires.
    application_(reader_.request(), sender{*this});
  }

  template <class Response>
  void write(Response& response) {
    const bool close_after = response.need_eof();
    stream_.expires_after(timeout_);
    http::async_write(
        stream_, response,
        [self = shared_from_this(), close_after](boost::system::error_code ec, std::size_t) {
          if (ec) return;
          if (close_after) return self->close();
          self->read();
        });
  }

  void close() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  boost::beast::tcp_stream stream_;
  cors::beast::request_reader<http::string_body> reader_;
  http::response<http::string_body> response_;
  http::response<http::empty_body> preflight_response_;
  served_application application_;
  std::chrono::seconds timeout_;
  connection_place place_;
};

// Accepts connections up to --max-connections. When accepting fails (out of file descriptors,
// say), it waits before trying again (cors_examples::accept_backoff) while the open connections
// go on being served, and recovers once descriptors are free again.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(asio::io_context& context, tcp::acceptor& acceptor, session_settings settings,
           std::size_t max_connections)
      : context_(context),
        acceptor_(acceptor),
        strand_(asio::make_strand(context)),
        retry_timer_(strand_),
        settings_(settings),
        max_connections_(max_connections) {}

  void start() {
    std::weak_ptr<listener> weak = shared_from_this();
    count_ = std::make_shared<connection_count>(max_connections_, [weak] {
      if (auto self = weak.lock()) asio::post(self->strand_, [self] { self->accept(); });
    });
    asio::dispatch(strand_, [self = shared_from_this()] { self->accept(); });
  }

 private:
  void accept() {
    if (!count_->try_acquire()) return;  // resumed when a connection closes
    // Each connection's socket gets a strand of its own, made before the accept.
    next_socket_.emplace(asio::make_strand(context_));
    acceptor_.async_accept(
        *next_socket_,
        asio::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code ec) {
          self->on_accept(ec);
        }));
  }

  void on_accept(boost::system::error_code ec) {
    connection_place place(count_);
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      retry_timer_.expires_after(backoff_.next());
      retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec) self->accept();
      });
      return;
    }
    backoff_.reset();
    std::make_shared<session>(std::move(*next_socket_), settings_, std::move(place))->start();
    accept();
  }

  asio::io_context& context_;
  tcp::acceptor& acceptor_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::steady_timer retry_timer_;
  std::optional<tcp::socket> next_socket_;
  session_settings settings_;
  std::size_t max_connections_;
  std::shared_ptr<connection_count> count_;
  cors_examples::accept_backoff backoff_;
};

std::string url_of(const tcp::endpoint& endpoint) {
  const std::string address = endpoint.address().to_string();
  return "http://" + (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" +
         std::to_string(endpoint.port());
}

}  // namespace

int serve(int argc, char** argv) {
  settings s;
  if (const std::optional<int> status = parse_command_line(argc, argv, s)) return *status;
  std::atomic<unsigned long long> request_counter{0};
  const demo_application plain(request_counter);
  std::optional<cors::live_policy> enforced;
  std::optional<cors::live_policy> shadow;
  if (!s.no_cors) enforced.emplace(std::move(*s.policy));
  if (s.shadow) shadow.emplace(std::move(*s.shadow));
  const served_application application{enforced ? &*enforced : nullptr, shadow ? &*shadow : nullptr,
                                       &plain};

  asio::io_context context(2);
  tcp::acceptor acceptor(context);
  try {
    acceptor.open(s.listen.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(s.listen);
    acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const boost::system::system_error& e) {
    std::cerr << "cors-demo-server: cannot listen on " << url_of(s.listen) << ": "
              << e.code().message() << "\n";
    return 1;
  }
  // SIGHUP reloads the policy files on a thread of its own, so that reading and building a large
  // file never holds up a request. It is caught before the first line is printed, so that a
  // script may send it as soon as the server listens.
  std::vector<reloadable> files;
  if (enforced && !s.config_file.empty())
    files.push_back(reloadable{s.config_file, "policy", s.cfg, *enforced, std::nullopt});
  if (shadow)
    files.push_back(
        reloadable{s.shadow_file, "shadow policy", cors::config{}, *shadow, std::nullopt});
  asio::io_context reload_context(1);
  asio::signal_set hangups(reload_context, SIGHUP);
  std::function<void()> wait_for_hangup = [&] {
    hangups.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      for (reloadable& file : files) reload(file);
      wait_for_hangup();
    });
  };
  wait_for_hangup();
  std::thread reloader([&reload_context] { reload_context.run(); });

  // Tests and scripts read this line to learn the port: it comes first, and at once.
  std::cout << "listening on " << url_of(acceptor.local_endpoint()) << std::endl;

  // Only the context is touched here: the acceptor and the sessions are used by handlers on both
  // threads, so they are left alone until the threads have returned, then destroyed.
  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&context, &reload_context](boost::system::error_code, int) {
    context.stop();
    reload_context.stop();
  });
  // Held here: at the connection limit no pending accept holds it.
  const auto accepting = std::make_shared<listener>(
      context, acceptor, session_settings{application, s.read_timeout, s.limits},
      s.max_connections);
  accepting->start();

  std::thread second([&context] { context.run(); });
  context.run();
  second.join();
  reloader.join();
  return 0;
}

int main(int argc, char** argv) {
  // What escapes serve() (out of memory, a failed thread start) ends the program with a message
  // and a failure status rather than std::terminate.
  try {
    return serve(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "cors-demo-server: " << e.what() << "\n";
    return 1;
  }
}
