#pragma once
// Whole-file reads, the one way the project loads a file into memory.

#include <filesystem>
#include <optional>
#include <string>

namespace freshcheck::util {

// The file's bytes, or nothing when it cannot be opened or read.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace freshcheck::util
