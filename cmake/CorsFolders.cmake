# cors_check_listed_folders(listed): the folders are added one by one, by name; this fails the
# configuration when a folder beside the calling CMakeLists.txt has a CMakeLists.txt of its own
# but is missing from `listed`, so that a new suite or component is never silently left out.
function(cors_check_listed_folders listed)
  file(GLOB entries LIST_DIRECTORIES true RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}"
       "${CMAKE_CURRENT_SOURCE_DIR}/*")
  foreach(entry IN LISTS entries)
    if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${entry}/CMakeLists.txt" AND NOT entry IN_LIST listed)
      message(FATAL_ERROR "${CMAKE_CURRENT_SOURCE_DIR}/${entry} has a CMakeLists.txt but is not "
                          "listed in ${CMAKE_CURRENT_LIST_FILE}: add it there")
    endif()
  endforeach()
endfunction()
