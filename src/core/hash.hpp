#pragma once
// A stable 64-bit hash for ids and change detection.

#include <cstdint>
#include <string_view>

namespace freshcheck::core {

// FNV-1a, 64 bit: stable across runs, platforms and compilers, unlike std::hash.
inline std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace freshcheck::core
