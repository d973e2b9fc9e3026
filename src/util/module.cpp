#include "util/module.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstring>

namespace freshcheck::util {

core::Result<const ModuleHeader*> load_module(const std::string& file, const std::string& entry,
                                              std::size_t table_size) {
  const auto failure = [&](const std::string& reason) {
    return core::fail(fmt::format(
        "cannot load {}: {}; it is part of freshcheck and must sit beside the freshcheck "
        "binary or in ../lib/freshcheck/ from it: rebuild, or reinstall with cmake --install",
        file, reason));
  };
  const auto dl_error = [] {
    const char* reason = dlerror();
    return std::string(reason != nullptr ? reason : "unknown error");
  };
  // RTLD_LOCAL: the module's libraries stay out of the global namespace.
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return failure(dl_error());
  void* symbol = dlsym(handle, entry.c_str());
  if (symbol == nullptr) return failure(dl_error());
  using Entry = const void* (*)();
  const auto* header = static_cast<const ModuleHeader*>(reinterpret_cast<Entry>(symbol)());
  if (header == nullptr) return failure("its entry point returned nothing");
  if (header->table_size != table_size || header->version == nullptr ||
      std::strcmp(header->version, FRESHCHECK_VERSION) != 0)
    return failure(fmt::format("it comes from freshcheck {}, not from this freshcheck {}",
                               header->version != nullptr ? header->version : "(unknown)",
                               FRESHCHECK_VERSION));
  return header;
}

}  // namespace freshcheck::util
