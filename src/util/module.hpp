#pragma once
// The parts of freshcheck that need a heavy library (libphonenumber with protobuf and ICU,
// Poppler with its image and font libraries, ICU itself) are built as modules: shared
// objects loaded the first time a run needs them. Loading those libraries costs a process
// ~15 ms and ~9 MB at start-up, which `freshcheck links` on a guide without phone numbers,
// or `extract` of a page without PDFs, would otherwise pay for nothing. (libcurl and
// libcrypto, which need no code of ours around them, are bound late instead: late_bound.cpp.)
//
// A module sits beside the executable (the build folder) or in ../lib/freshcheck/ from it
// (an installed tree); the executable's RPATH names both, and dlopen searches it. A module
// gives one thing: a table of functions, which starts with a ModuleHeader.

#include <cstddef>
#include <stdexcept>
#include <string>

#include "core/result.hpp"

namespace freshcheck::util {

// The first member of every module's table. The table's layout is not a stable interface:
// the module and the program must come from the same build.
struct ModuleHeader {
  const char* version = nullptr;  // FRESHCHECK_VERSION of the module's build
  std::size_t table_size = 0;     // sizeof the table in the module's build
};

// Opens `file` ("freshcheck-phone.so"), calls its `entry` function and checks that the
// table it returns has `table_size` bytes and this build's version. The module is never
// unloaded. Fails with dlerror()'s reason, or the mismatch, and what to do about it.
core::Result<const ModuleHeader*> load_module(const std::string& file, const std::string& entry,
                                              std::size_t table_size);

// load_module for a table type `Table` whose first member is a ModuleHeader.
template <class Table>
core::Result<const Table*> load_table(const std::string& file, const std::string& entry) {
  auto header = load_module(file, entry, sizeof(Table));
  if (!header) return core::fail(std::move(header).error());
  // A standard-layout struct and its first member share their address.
  return reinterpret_cast<const Table*>(header.value());
}

// load_table for a module no run can do without (phone numbers, text folding): loaded once
// per table type, by its first caller on any thread (a function-local static), and never
// unloaded. Throws std::runtime_error, with load_module's message, when it cannot be
// loaded: that is a broken installation, not an outcome of one page.
template <class Table>
const Table& required_table(const std::string& file, const std::string& entry) {
  static const Table* const loaded = [&] {
    auto table = load_table<Table>(file, entry);
    if (!table) throw std::runtime_error(table.error().message);
    return table.value();
  }();
  return *loaded;
}

}  // namespace freshcheck::util
