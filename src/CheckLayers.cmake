# The layer rule, checked at every build (target check_layers) and by ctest (test layers):
# a file under src/<layer>/ includes headers only from its own layer and the layers below it.
#   core <- io <- {indices, mfa, sim} <- stress <- plan <- app <- cli <- python
# indices, mfa and sim are siblings: none includes another. python (the Python package's
# bindings) is a front door like cli and calls the commands' library functions in cli. Run as
#   cmake -DSRC=<src folder> -P CheckLayers.cmake
cmake_minimum_required(VERSION 3.25)
set(rank_core 0)
set(rank_io 1)
set(rank_indices 2)
set(rank_mfa 2)
set(rank_sim 2)
set(rank_stress 3)
set(rank_plan 4)
set(rank_app 5)
set(rank_cli 6)
set(rank_python 7)
set(layers core io indices mfa sim stress plan app cli python)

file(GLOB_RECURSE sources RELATIVE "${SRC}" "${SRC}/*.h" "${SRC}/*.cpp")
set(violations "")
foreach(source IN LISTS sources)
  string(REGEX MATCH "^[a-z]+" layer "${source}")
  if(NOT layer IN_LIST layers)
    continue()
  endif()
  file(STRINGS "${SRC}/${source}" includes REGEX "^#include \"[a-z]+/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([a-z]+)/.*" "\\1" target "${line}")
    if(NOT target IN_LIST layers OR target STREQUAL layer)
      continue()
    endif()
    if(NOT rank_${target} LESS rank_${layer})
      string(APPEND violations "  src/${source}: ${line} (${layer} may not use ${target})\n")
    endif()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "layer rule broken (docs/architecture.md, \"Layers and folders\"):\n"
                      "${violations}")
endif()
