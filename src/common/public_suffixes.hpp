// The public-suffix list, for the origin patterns (no "*.com"), the checker's same-site rule and
// cors-doctor's hostile origins.
#ifndef CORS_SRC_PUBLIC_SUFFIXES_HPP
#define CORS_SRC_PUBLIC_SUFFIXES_HPP

#include <libpsl.h>

namespace cors::detail {

// The list that Debian keeps current (package publicsuffix), or libpsl's built-in copy when that
// file is missing; loaded once. Null only if libpsl has neither.
inline const psl_ctx_t* public_suffix_list() {
  static const psl_ctx_t* const list = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return list;
}

}  // namespace cors::detail

#endif  // CORS_SRC_PUBLIC_SUFFIXES_HPP
