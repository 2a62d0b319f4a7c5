// The test pages Chromium opens: one per page origin, running that origin's scenarios.
#ifndef CORS_TESTS_BROWSER_TEST_PAGE_HPP
#define CORS_TESTS_BROWSER_TEST_PAGE_HPP

#include <string>
#include <string_view>
#include <vector>

#include "scenarios.hpp"

namespace cors::browser_tests {

// A JavaScript (and JSON) string literal.
std::string js_string(std::string_view text);

// A page that runs `scenarios` in order against `server_origin`, POSTs each one's result to its
// own origin's /result ({id, attempts: [{ok, status, headers, body} | {ok: false, error}]}),
// then goes on to `next_page`; without one, it POSTs /finished and closes the browser, which
// then exits by itself with its logs complete.
std::string test_page(const conformance::policy_case& policy,
                      const std::vector<const conformance::scenario*>& scenarios,
                      const std::string& server_origin, const std::string& next_page);

}  // namespace cors::browser_tests

#endif  // CORS_TESTS_BROWSER_TEST_PAGE_HPP
