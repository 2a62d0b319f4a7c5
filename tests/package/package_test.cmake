# Installs the built project into a scratch prefix, then builds and runs the consumer both ways:
# find_package(cors CONFIG) against the install, and add_subdirectory of the source tree.
# Variables: SOURCE_DIR, BUILD_DIR, WORK_DIR, GENERATOR.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGV}\n${out}\n${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
foreach(header cors/cors.hpp cors/policy.hpp)
  if(NOT EXISTS ${WORK_DIR}/prefix/include/${header})
    message(FATAL_ERROR "not installed: include/${header}")
  endif()
endforeach()

run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/installed -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/installed)
run(${WORK_DIR}/installed/consumer)

run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/consumer -B ${WORK_DIR}/subdirectory
    -G ${GENERATOR} -DCORS_SOURCE_DIR=${SOURCE_DIR})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/subdirectory)
run(${WORK_DIR}/subdirectory/consumer)
# Embedded, cors builds the library only: no tests, examples or tools of its own.
if(EXISTS ${WORK_DIR}/subdirectory/cors/tests OR EXISTS ${WORK_DIR}/subdirectory/cors/examples)
  message(FATAL_ERROR "add_subdirectory(cors) built tests or examples")
endif()
message(STATUS "find_package and add_subdirectory consumers built and ran")
