// The names of cors::config's fields, for advice and issues that name them ("add ... to
// config.allowed_origins").
#ifndef CORS_SRC_CONFIG_FIELDS_HPP
#define CORS_SRC_CONFIG_FIELDS_HPP

#include <string_view>

#include "cors/config.hpp"

// The name of the cors::config member `member`, spelled from the member itself: renaming the
// member breaks the build wherever advice names it, instead of leaving the advice stale.
#define CORS_CONFIG_FIELD(member) \
  (static_cast<void>(&::cors::config::member), std::string_view(#member))

#endif  // CORS_SRC_CONFIG_FIELDS_HPP
