# Installs the built project into a scratch prefix, then builds and runs consumers four ways:
# find_package(cors CONFIG) against the install (the engine, cors::beast and cors::httplib),
# pkg-config against the install, and add_subdirectory of the source tree as a shared library.
# Variables: SOURCE_DIR, BUILD_DIR, WORK_DIR, GENERATOR, CXX, PKG_CONFIG, PROGRAMS (comma-
# separated), SOVERSION, LIBDIR.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGV}\n${out}\n${err}")
  endif()
endfunction()

set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
string(REPLACE "," ";" programs "${PROGRAMS}")
set(expected include/cors/cors.hpp include/cors/policy.hpp include/cors/adapter.hpp
             include/cors/route_policies.hpp include/cors/beast.hpp include/cors/httplib.hpp
             include/cors/httplib/impl/httplib.ipp ${LIBDIR}/pkgconfig/cors.pc
             ${LIBDIR}/cmake/cors/cors-config.cmake)
foreach(program IN LISTS programs)
  list(APPEND expected bin/${program})
endforeach()
foreach(file IN LISTS expected)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()

# find_package, with a consumer of each adapter.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/installed -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCORS_ADAPTER_CONSUMERS=ON)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/installed)
foreach(consumer consumer beast_consumer httplib_consumer)
  run(${WORK_DIR}/installed/${consumer})
endforeach()

# pkg-config, by hand: the flags it gives are all a link needs.
execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${prefix}/${LIBDIR}/pkgconfig
                        ${PKG_CONFIG} --cflags --libs cors
                OUTPUT_VARIABLE flags RESULT_VARIABLE result OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "pkg-config does not know cors")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
# As a user's makefile would: the environment's CXXFLAGS and LDFLAGS (the sanitizer job sets them).
separate_arguments(user_cxxflags UNIX_COMMAND "$ENV{CXXFLAGS}")
separate_arguments(user_ldflags UNIX_COMMAND "$ENV{LDFLAGS}")
run(${CXX} -std=c++17 ${user_cxxflags} ${SOURCE_DIR}/tests/package/consumer/main.cpp ${flags}
    ${user_ldflags} -o ${WORK_DIR}/pkg-config-consumer)
run(${WORK_DIR}/pkg-config-consumer)

# add_subdirectory, as a shared library with a versioned name.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/subdirectory
    -G ${GENERATOR} -DCORS_SOURCE_DIR=${SOURCE_DIR} -DBUILD_SHARED_LIBS=ON)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/subdirectory)
run(${WORK_DIR}/subdirectory/consumer)
if(NOT EXISTS ${WORK_DIR}/subdirectory/cors/src/engine/libcors.so.${SOVERSION})
  message(FATAL_ERROR "no libcors.so.${SOVERSION} in the shared build")
endif()
# Embedded, cors builds the library only: no tests, examples or tools of its own.
if(EXISTS ${WORK_DIR}/subdirectory/cors/tests OR EXISTS ${WORK_DIR}/subdirectory/cors/examples)
  message(FATAL_ERROR "add_subdirectory(cors) built tests or examples")
endif()
message(STATUS "find_package (engine, Beast, cpp-httplib), pkg-config and add_subdirectory "
               "consumers built and ran")
