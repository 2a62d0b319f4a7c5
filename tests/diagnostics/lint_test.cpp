// Non-fatal advice: configurations that build but probably don't do what was meant.
#include <gtest/gtest.h>

#include "cors/cors.hpp"

namespace {

TEST(lint, clean_config_has_no_warnings) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  cfg.allowed_methods = {"PUT", "DELETE", "PATCH"};
  cfg.allowed_headers = {"Content-Type", "Authorization"};
  cfg.exposed_headers = {"X-Request-Id"};
  cfg.max_age_seconds = 7200;
  EXPECT_TRUE(cors::lint(cfg).empty());
}

TEST(lint, each_warning_names_its_entry) {
  cors::config cfg;
  cfg.allowed_origins = {"https://app.example.com"};
  cfg.allowed_methods = {"GET", "patch", "delete"};
  cfg.allowed_headers = {"Accept", "Content-Type"};
  cfg.exposed_headers = {"Content-Length", "X-Request-Id"};
  cfg.max_age_seconds = 86400;
  cfg.allow_private_network = true;
  const std::vector<cors::config_issue> warnings = cors::lint(cfg);
  ASSERT_EQ(warnings.size(), 6u);
  for (const cors::config_issue& warning : warnings)
    EXPECT_EQ(warning.severity(), cors::issue_severity::warning) << to_string(warning);
  EXPECT_TRUE(cors::validate(cfg).empty());  // warnings never keep a policy from being built
  EXPECT_EQ(to_string(warnings[0]),
            "allowed_methods[0] 'GET': GET, HEAD and POST are always allowed (CORS-safelisted); "
            "listing them changes nothing");
  EXPECT_EQ(warnings[1].kind, cors::config_issue_kind::lowercase_method);
  EXPECT_EQ(to_string(warnings[1]),
            "allowed_methods[1] 'patch': fetch() sends 'patch' exactly as written, so a page "
            "sending the usual upper-case form is refused; list the method as pages send it");
  EXPECT_EQ(warnings[2].field, "allowed_headers[0]");
  EXPECT_EQ(warnings[2].kind, cors::config_issue_kind::redundant_entry);
  EXPECT_EQ(warnings[3].field, "exposed_headers[0]");
  EXPECT_EQ(warnings[3].value, "Content-Length");
  EXPECT_EQ(to_string(warnings[4]),
            "max_age_seconds '86400': Chromium caches preflights for at most 7200 s (Firefox "
            "86400 s)");
  EXPECT_EQ(warnings[5].kind, cors::config_issue_kind::legacy_private_network);
  // Warnings never stop a policy from building.
  EXPECT_NO_THROW(cors::policy{cfg});
}

}  // namespace
