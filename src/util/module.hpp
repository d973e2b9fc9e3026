#pragma once
// The parts of freshcheck that need a heavy library (libphonenumber with protobuf and ICU,
// Poppler with its image and font libraries) are built as modules: shared objects loaded
// the first time a run needs them. Loading those libraries costs a process ~10 ms and ~8 MB
// at start-up, which `freshcheck links` on a guide without phone numbers, or `extract` on a
// page without PDFs, would otherwise pay for nothing.
//
// A module sits beside the executable (the build tree) or in ../lib/freshcheck/ from it (an
// installed tree); the executable's RUNPATH names both, and dlopen searches it.

#include <string>

#include "core/result.hpp"

namespace freshcheck::util {

// Opens `file` ("freshcheck-phone.so") and returns what its `entry` function returns: a
// pointer to the module's table of functions. The module is never unloaded. Fails with
// dlerror()'s reason and what to do about it.
core::Result<const void*> load_module(const std::string& file, const std::string& entry);

}  // namespace freshcheck::util
