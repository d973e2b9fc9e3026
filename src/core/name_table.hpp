#pragma once
// An enum's names as one table: the value and the word report.json, extract --json and the
// configuration use for it. Each enum with names has one such table, and both directions
// are read from it, so a name cannot be written one way and read another.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace freshcheck::core {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; empty only if the table misses an enumerator (each table is tested
// to hold them all).
template <class Enum, std::size_t N>
constexpr std::string_view name_in(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [entry, name] : table)
    if (entry == value) return name;
  return {};
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_in(const NameTable<Enum, N>& table, std::string_view text) {
  for (const auto& [entry, name] : table)
    if (name == text) return entry;
  return std::nullopt;
}

}  // namespace freshcheck::core
