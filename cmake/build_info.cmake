# Writes OUT, a C++ fragment naming the commit the build is made from, at every build (a
# target runs it, see cli/CMakeLists.txt): `--version` must name the commit of the sources
# compiled, not the one CMake was configured at. The file is rewritten only when its text
# changes, so only cli/build_info.cpp recompiles after a commit.
# Usage: cmake -DSOURCE_DIR=DIR -DOUT=FILE -P build_info.cmake
set(commit "")
set(dirty "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
    OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    set(commit "")
  else()
    # Tracked files changed since the commit: the binary is not exactly that commit.
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" status --porcelain
      --untracked-files=no OUTPUT_VARIABLE changes ERROR_QUIET)
    if(NOT changes STREQUAL "")
      set(dirty "-dirty")
    endif()
  endif()
endif()
if(commit STREQUAL "")
  set(text "#define ECRLC_COMMIT \"unknown commit\"\n")
else()
  set(text "#define ECRLC_COMMIT \"commit ${commit}${dirty}\"\n")
endif()
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
