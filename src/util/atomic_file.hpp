#pragma once
// Writes a file so that a crash or kill at any moment leaves either the old content or the
// new, never a torn file: temp file in the same folder, fsync, rename, fsync the folder.

#include <filesystem>
#include <string_view>

#include "core/result.hpp"

namespace freshcheck::util {

core::Result<void> write_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace freshcheck::util
