#include "demo_server_parts.hpp"

#include <vector>

namespace cors_demo {

namespace po = boost::program_options;

namespace {

// "a,b, c" and repeated flags alike give {"a", "b", "c"}; "*" stays "*".
std::vector<std::string> split_lists(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const std::string& value : values) {
    std::string_view rest = value;
    while (true) {
      const std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      items.emplace_back(item);  // an empty item is left for the policy to report
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return items;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[(c >> 4) & 0xf];
      out += hex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + '"';
}

}  // namespace

void add_policy_flags(po::options_description& options) {
  // clang-format off
  options.add_options()
    ("allow-origin", po::value<std::vector<std::string>>()->composing()->value_name("VALUE"),
     "an allowed origin, repeatable: exact (https://app.example.com), '*', or a pattern "
     "(https://*.example.com, http://localhost:*)")
    ("allow-null-origin", po::bool_switch(), "let the 'null' origin in (sandboxed frames, file:)")
    ("allow-methods", po::value<std::vector<std::string>>()->composing()->value_name("LIST"),
     "allowed methods, comma-separated, or '*'")
    ("allow-headers", po::value<std::vector<std::string>>()->composing()->value_name("LIST"),
     "allowed request headers, comma-separated, or '*'")
    ("expose-headers", po::value<std::vector<std::string>>()->composing()->value_name("LIST"),
     "response headers scripts may read, comma-separated, or '*'")
    ("allow-credentials", po::bool_switch(), "send Access-Control-Allow-Credentials: true")
    ("max-age", po::value<int>()->value_name("SECONDS"),
     "Access-Control-Max-Age (0 to 86400; omitted: browsers cache a preflight 5 s)")
    ("allow-private-network", po::bool_switch(),
     "answer Access-Control-Request-Private-Network: true (legacy Chromium preflight)")
    ("preflight-status", po::value<int>()->default_value(204)->value_name("200|204"),
     "status of a successful preflight")
    ("debug-preflight", po::bool_switch(),
     "answer rejected preflights with the headers earned so far, so the browser console names "
     "the failing check");
  // clang-format on
}

cors::config policy_config(const po::variables_map& flags) {
  const auto list = [&flags](const char* name) {
    return flags.count(name) ? split_lists(flags[name].as<std::vector<std::string>>())
                             : std::vector<std::string>{};
  };
  cors::config cfg;
  if (flags.count("allow-origin"))
    cfg.allowed_origins = flags["allow-origin"].as<std::vector<std::string>>();
  cfg.allow_null_origin = flags["allow-null-origin"].as<bool>();
  cfg.allowed_methods = list("allow-methods");
  cfg.allowed_headers = list("allow-headers");
  cfg.exposed_headers = list("expose-headers");
  cfg.allow_credentials = flags["allow-credentials"].as<bool>();
  if (flags.count("max-age")) cfg.max_age_seconds = flags["max-age"].as<int>();
  cfg.allow_private_network = flags["allow-private-network"].as<bool>();
  cfg.preflight_success_status = flags["preflight-status"].as<int>();
  if (flags["debug-preflight"].as<bool>())
    cfg.rejected_preflight_answer = cors::rejected_preflight_response::partial_headers;
  return cfg;
}

unsigned requested_status(std::string_view path) {
  constexpr std::string_view prefix = "/status/";
  if (path.substr(0, prefix.size()) != prefix) return 0;
  const std::string_view digits = path.substr(prefix.size());
  if (digits.size() != 3 || digits.find_first_not_of("0123456789") != std::string_view::npos)
    return 0;
  const unsigned status = static_cast<unsigned>(std::stoul(std::string(digits)));
  return status >= 200 && status <= 599 ? status : 0;
}

std::string answer_body(std::string_view method, std::string_view path) {
  return "{\"method\":" + json_string(method) + ",\"path\":" + json_string(path) + "}";
}

}  // namespace cors_demo
