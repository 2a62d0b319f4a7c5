# Read by ctest (TEST_INCLUDE_FILES): adds browser.<engine> for each engine's gtest suite of
# cors-browser-tests, and browser.table for the table's own checks.
if(NOT EXISTS "${CORS_BROWSER_TESTS}")
  add_test(browser.not_built "${CMAKE_COMMAND}" -E echo "cors-browser-tests is not built")
  set_tests_properties(browser.not_built PROPERTIES WILL_FAIL TRUE)
  return()
endif()
execute_process(COMMAND "${CORS_BROWSER_TESTS}" --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE status TIMEOUT 30)
if(NOT status EQUAL 0)
  add_test(browser.list "${CORS_BROWSER_TESTS}" --gtest_list_tests)
  return()
endif()
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  # Suite lines are "name." at the start of the line; test lines are indented.
  if(line MATCHES "^([a-z0-9_]+)\\.$")
    set(suite "${CMAKE_MATCH_1}")
    add_test(browser.${suite} "${CORS_BROWSER_TESTS}" "--gtest_filter=${suite}.*")
    # An engine's run is bounded at 240 s inside the binary. Exit status 77: skipped for want
    # of a browser (never in CI, where that fails).
    set_tests_properties(browser.${suite} PROPERTIES TIMEOUT 400 LABELS browser
                                                     SKIP_RETURN_CODE 77)
  endif()
endforeach()
