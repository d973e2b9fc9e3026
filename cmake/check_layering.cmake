# Refuses an #include that runs back up the stage order (ARCHITECTURE.md, "Dependency order").
#
#   cmake -DSOURCE_DIR=<src> -DRULES=<rules.cmake> -P check_layering.cmake
#
# RULES sets LAYERING_STAGES (every stage folder, bottom to top) and LAYERING_DEPS_<stage>
# (the stages it links directly). A file in SOURCE_DIR/<stage>/ may include "<other>/..."
# only when <other> is <stage> itself or reachable through the DEPS: the same closure the
# linker follows, so a stage may use core/ through util/ without naming it. Every folder in
# SOURCE_DIR must be a declared stage; a declared stage without a folder is skipped.
# The CMake build runs this before compiling any stage; CTest runs it on the real tree (with
# ARCHITECTURE.md's table) and on tests/fixtures/layering (a back arrow, which it must refuse).

cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR OR NOT RULES)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=<src> -DRULES=<rules.cmake> -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
include(${RULES})
get_filename_component(display_root "${SOURCE_DIR}/.." ABSOLUTE)

# The stages a stage may include: itself and everything its DEPS reach.
function(allowed_stages stage out)
  set(allowed ${stage})
  set(queue ${LAYERING_DEPS_${stage}})
  while(queue)
    list(POP_FRONT queue next)
    if(NOT next IN_LIST allowed)
      list(APPEND allowed ${next})
      list(APPEND queue ${LAYERING_DEPS_${next}})
    endif()
  endwhile()
  set(${out} ${allowed} PARENT_SCOPE)
endfunction()

# 1-based line of `text` in `content`, for a file:line message.
function(line_of content text out)
  string(FIND "${content}" "${text}" at)
  string(SUBSTRING "${content}" 0 ${at} before)
  string(REGEX MATCHALL "\n" newlines "${before}")
  list(LENGTH newlines count)
  math(EXPR line "${count} + 1")
  set(${out} ${line} PARENT_SCOPE)
endfunction()

set(errors "")

# With -DARCHITECTURE=<ARCHITECTURE.md>: its "Dependency order" table must say the same as
# RULES, stage for stage and in the same order, so the document cannot drift from the build.
if(ARCHITECTURE)
  set(row_pattern "^\\| [0-9]+ \\| `([a-z_]+)` \\| ([^|]*) \\|$")
  file(STRINGS "${ARCHITECTURE}" rows ENCODING UTF-8 REGEX "${row_pattern}")
  set(documented "")
  foreach(row IN LISTS rows)
    string(REGEX MATCH "${row_pattern}" matched "${row}")
    set(stage ${CMAKE_MATCH_1})
    string(REPLACE "—" "" deps "${CMAKE_MATCH_2}")
    string(REPLACE ", " ";" deps "${deps}")
    string(STRIP "${deps}" deps)
    list(APPEND documented ${stage})
    if(NOT "${deps}" STREQUAL "${LAYERING_DEPS_${stage}}")
      list(JOIN deps ", " deps)
      list(JOIN LAYERING_DEPS_${stage} ", " declared)
      list(APPEND errors "ARCHITECTURE.md: stage ${stage} lists '${deps}', CMakeLists.txt declares '${declared}'")
    endif()
  endforeach()
  if(NOT "${documented}" STREQUAL "${LAYERING_STAGES}")
    list(JOIN documented " " documented)
    list(JOIN LAYERING_STAGES " " declared)
    list(APPEND errors "ARCHITECTURE.md: the order is '${documented}', CMakeLists.txt declares '${declared}'")
  endif()
endif()

file(GLOB folders LIST_DIRECTORIES true "${SOURCE_DIR}/*")
foreach(folder IN LISTS folders)
  get_filename_component(name "${folder}" NAME)
  if(IS_DIRECTORY "${folder}" AND NOT name IN_LIST LAYERING_STAGES)
    list(APPEND errors "src/${name}/ is not a declared stage: add it to the stage list in CMakeLists.txt and ARCHITECTURE.md")
  endif()
endforeach()

set(include_pattern "^[ \t]*#[ \t]*include[ \t]*\"([A-Za-z0-9_]+)/[^\"]*\"")
foreach(stage IN LISTS LAYERING_STAGES)
  if(NOT IS_DIRECTORY "${SOURCE_DIR}/${stage}")
    continue()
  endif()
  allowed_stages(${stage} allowed)
  list(JOIN allowed " " allowed_text)
  file(GLOB_RECURSE files "${SOURCE_DIR}/${stage}/*.cpp" "${SOURCE_DIR}/${stage}/*.hpp"
       "${SOURCE_DIR}/${stage}/*.h")
  list(SORT files)
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes ENCODING UTF-8 REGEX "${include_pattern}")
    if(NOT includes)
      continue()
    endif()
    file(READ "${file}" content)
    file(RELATIVE_PATH shown "${display_root}" "${file}")
    foreach(directive IN LISTS includes)
      string(REGEX MATCH "${include_pattern}" header "${directive}")
      set(other ${CMAKE_MATCH_1})
      if(other IN_LIST LAYERING_STAGES AND NOT other IN_LIST allowed)
        line_of("${content}" "${directive}" line)
        list(APPEND errors
             "${shown}:${line}: stage ${stage} may not include ${other}/ (${header}): allowed: ${allowed_text}")
      endif()
    endforeach()
  endforeach()
endforeach()

if(errors)
  # One plain line per error (message(FATAL_ERROR) would wrap them), then the failure.
  foreach(error IN LISTS errors)
    message(NOTICE "${error}")
  endforeach()
  list(LENGTH errors count)
  message(FATAL_ERROR "${count} error(s) against the stage order in ARCHITECTURE.md. Move the "
                      "code down to a stage both may use, or, if the arrow points down, declare "
                      "the dependency in CMakeLists.txt's freshcheck_stage() list.")
endif()
