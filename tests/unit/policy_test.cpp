// The policy object itself: how it is built, copied and moved.
#include <gtest/gtest.h>

#include <type_traits>
#include <utility>

#include "cors/cors.hpp"
#include "requests.hpp"
#include "same_decision.hpp"

namespace {

using cors_test::actual;
using cors_test::headers_of;
using cors_test::preflight;

cors::config seed_config() {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  cfg.allowed_methods = {"PUT"};
  cfg.allowed_headers = {"Content-Type"};
  cfg.max_age_seconds = 600;
  return cfg;
}

// Copy-only: moving copies the shared state, so no policy is ever hollow.
static_assert(std::is_nothrow_copy_constructible_v<cors::policy>);
static_assert(std::is_nothrow_move_constructible_v<cors::policy>);
static_assert(!std::is_default_constructible_v<cors::policy>);

void expect_same_decisions(const cors::policy& a, const cors::policy& b) {
  for (const cors::request_view& r :
       {actual("https://app.example.com"), actual("https://evil.example"),
        preflight("https://app.example.com", "PUT", "content-type"),
        preflight("https://app.example.com", "PATCH")}) {
    const cors::decision da = a.evaluate(r);
    const cors::decision db = b.evaluate(r);
    EXPECT_TRUE(cors_test::same_decision(da, db));
    EXPECT_EQ(headers_of(da), headers_of(db));
  }
}

TEST(policy_copies, moved_from_policy_still_decides_the_same) {
  cors::policy original(seed_config());
  const cors::policy reference(seed_config());
  const cors::policy moved_to(std::move(original));
  // NOLINTNEXTLINE(bugprone-use-after-move): a moved-from policy is documented to stay valid.
  expect_same_decisions(original, reference);
  expect_same_decisions(moved_to, reference);
  EXPECT_EQ(headers_of(original.evaluate(actual("https://app.example.com"))),
            (cors_test::header_list{{"Access-Control-Allow-Origin", "https://app.example.com"},
                                    {"Vary", "Origin"}}));
}

TEST(policy_copies, move_assigned_from_policy_still_decides_the_same) {
  cors::policy source(seed_config());
  cors::config other = seed_config();
  other.allowed_origins = {"https://other.example"};
  cors::policy target(other);
  target = std::move(source);
  const cors::policy reference(seed_config());
  // NOLINTNEXTLINE(bugprone-use-after-move): a moved-from policy is documented to stay valid.
  expect_same_decisions(source, reference);
  expect_same_decisions(target, reference);
}

TEST(policy_copies, copies_share_the_configuration) {
  const cors::policy a(seed_config());
  const cors::policy b =
      a;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the subject
  EXPECT_EQ(&a.configuration(), &b.configuration());
  expect_same_decisions(a, b);
}

}  // namespace
