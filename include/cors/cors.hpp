// The whole engine: configuration, validation, policy and decisions, and the version.
#ifndef CORS_CORS_HPP
#define CORS_CORS_HPP

#include "cors/config.hpp"
#include "cors/config_error.hpp"
#include "cors/decision.hpp"
#include "cors/policy.hpp"
#include "cors/request.hpp"
#include "cors/version.hpp"

#endif  // CORS_CORS_HPP
