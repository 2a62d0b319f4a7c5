// The library's version, and the two macros every public header of the engine is written with.
#ifndef CORS_VERSION_HPP
#define CORS_VERSION_HPP

// Kept equal to project(cors VERSION ...) in CMakeLists.txt; configuring fails when they differ.
#define CORS_VERSION_MAJOR 0
#define CORS_VERSION_MINOR 1
#define CORS_VERSION_PATCH 0
// 10000 * major + 100 * minor + patch, for #if comparisons.
#define CORS_VERSION (CORS_VERSION_MAJOR * 10000 + CORS_VERSION_MINOR * 100 + CORS_VERSION_PATCH)

// The public API lives in an inline namespace named after its ABI, cors::v1: code says
// cors::policy, while the linker sees cors::v1::policy, so that a program built against one ABI
// never links silently against another.
#define CORS_BEGIN_NAMESPACE \
  namespace cors {           \
  inline namespace v1 {
#define CORS_END_NAMESPACE \
  }                        \
  }

// Marks what the shared library exports. The library is built with hidden visibility, so
// everything else (the engine's detail namespace) stays internal and free to change.
#if defined(__GNUC__) || defined(__clang__)
#define CORS_API [[gnu::visibility("default")]]
#else
#define CORS_API
#endif

#endif  // CORS_VERSION_HPP
