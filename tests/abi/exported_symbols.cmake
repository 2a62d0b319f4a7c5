# Reads the dynamic symbol table of LIBRARY (nm -D --defined-only, demangled with CXXFILT) and
# fails on any symbol of a detail namespace, or when the public API is not exported under
# cors::v1. Variables: LIBRARY, NM, CXXFILT.
execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
                COMMAND ${CXXFILT}
                RESULT_VARIABLE result OUTPUT_VARIABLE table ERROR_VARIABLE error)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} -D ${LIBRARY} failed: ${error}")
endif()

string(REPLACE "\n" ";" lines "${table}")
set(exported "")
set(internal "")
foreach(line IN LISTS lines)
  # "<address> <type> <name>": keep the name.
  if(NOT line MATCHES "^[0-9a-f]+ [A-Za-z] (.+)$")
    continue()
  endif()
  set(name "${CMAKE_MATCH_1}")
  list(APPEND exported "${name}")
  if(name MATCHES "(^|[^A-Za-z_])detail::")
    list(APPEND internal "${name}")
  endif()
endforeach()

if(internal)
  list(JOIN internal "\n  " shown)
  message(FATAL_ERROR "the shared library exports internal symbols:\n  ${shown}")
endif()
foreach(required "cors::v1::policy::evaluate(cors::v1::request_view const&) const"
                 "cors::v1::validate(cors::v1::config const&)"
                 "cors::v1::lint(cors::v1::config const&)")
  list(FIND exported "${required}" at)
  if(at EQUAL -1)
    list(JOIN exported "\n  " shown)
    message(FATAL_ERROR "not exported: ${required}\nexported:\n  ${shown}")
  endif()
endforeach()
list(LENGTH exported count)
message(STATUS "${count} exported symbols, none of them internal")
