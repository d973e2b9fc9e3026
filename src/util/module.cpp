#include "util/module.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace freshcheck::util {

core::Result<const void*> load_module(const std::string& file, const std::string& entry) {
  const auto failure = [&](const char* reason) {
    return core::fail(fmt::format(
        "cannot load {}: {}; it is part of freshcheck and must sit beside the freshcheck "
        "binary or in ../lib/freshcheck/ from it: rebuild, or reinstall with cmake --install",
        file, reason != nullptr ? reason : "unknown error"));
  };
  // RTLD_LOCAL: the module's libraries stay out of the global namespace.
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return failure(dlerror());
  void* symbol = dlsym(handle, entry.c_str());
  if (symbol == nullptr) return failure(dlerror());
  using Entry = const void* (*)();
  const void* table = reinterpret_cast<Entry>(symbol)();
  if (table == nullptr) return failure("its entry point returned nothing");
  return table;
}

}  // namespace freshcheck::util
