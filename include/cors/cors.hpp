// The whole engine: configuration, validation, policy and decisions.
#ifndef CORS_CORS_HPP
#define CORS_CORS_HPP

#include "cors/config.hpp"
#include "cors/config_error.hpp"
#include "cors/decision.hpp"
#include "cors/policy.hpp"
#include "cors/request.hpp"

#endif  // CORS_CORS_HPP
