# cors_set_warnings(target): the project's warning set, as errors when CORS_WERROR is on (CI).
function(cors_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CORS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
