// Vary (Fetch, "CORS protocol and HTTP caches"): a response whose CORS headers depend on a
// request header must name it, or a shared cache may hand one origin's answer to another. The
// tokens are built here once per policy, emitted by decision_builder::add_vary, and merged into
// the application's own Vary by cors::vary_lines (cors/adapter.hpp), defined in vary.cpp.
#ifndef CORS_SRC_VARY_HPP
#define CORS_SRC_VARY_HPP

#include <string>
#include <string_view>

namespace cors::detail {

inline constexpr std::string_view vary_header = "Vary";

// What a policy's responses vary on (docs/how-it-decides.md, 4), as Vary values; empty when
// nothing.
struct vary_tokens {
  std::string actual;     // actual requests, plain OPTIONS and requests without Origin
  std::string preflight;  // preflights
};

struct vary_inputs {
  bool any_origin = false;             // "*": the same answer for every origin
  bool reflect_method = false;         // methods "*" with credentials: the method is echoed
  bool reflect_headers = false;        // headers "*" with credentials: the names are echoed
  bool allow_private_network = false;  // the answer depends on the private network request
};

vary_tokens build_vary_tokens(const vary_inputs& policy);

}  // namespace cors::detail

#endif  // CORS_SRC_VARY_HPP
