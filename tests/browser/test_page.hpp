// The test pages the browsers open: one per policy and page origin, running that origin's
// scenarios.
#ifndef CORS_TESTS_BROWSER_TEST_PAGE_HPP
#define CORS_TESTS_BROWSER_TEST_PAGE_HPP

#include <string>
#include <string_view>
#include <vector>

#include "scenarios.hpp"

namespace cors::browser_tests {

// A JavaScript (and JSON) string literal.
std::string js_string(std::string_view text);

// A page that runs `scenarios` of `policy` in order against `server_origin`, POSTs each one's
// result to its own origin's /result ({id: "<policy>.<scenario>", attempts: [{ok, status,
// headers, body} | {ok: false, error}]}), then goes on to `next_page`; without one, it POSTs
// /finished. First it sends a few preflighted requests to `warm_up_url`.
std::string test_page(const conformance::policy_case& policy,
                      const std::vector<const conformance::scenario*>& scenarios,
                      const std::string& server_origin, const std::string& next_page,
                      const std::string& warm_up_url);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_TEST_PAGE_HPP
