#include <gtest/gtest.h>

#include "cors/cors.hpp"

namespace {

TEST(Smoke, SeedPreflight) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.client.internal"};
  cfg.allowed_methods = {"GET", "POST", "PUT", "DELETE"};
  cfg.allowed_headers = {"Content-Type", "X-Custom-Header"};
  cfg.max_age_seconds = 600;
  cors::policy p(cfg);
  cors::request_view r;
  r.method = "OPTIONS";
  r.origin = "https://app.client.internal";
  r.access_control_request_method = "POST";
  r.access_control_request_headers = "content-type,x-custom-header";
  auto d = p.evaluate(r);
  EXPECT_EQ(d.kind(), cors::request_kind::preflight);
  EXPECT_TRUE(d.allowed());
  EXPECT_EQ(d.status(), 204);
}

}  // namespace
