#pragma once
// Shared test helpers: readable failure output for containers doctest cannot print.

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& values) {
    std::string out = "{";
    for (const auto& value : values) out += "\n  \"" + value + "\"";
    out += values.empty() ? "}" : "\n}";
    return String(out.c_str());
  }
};
}  // namespace doctest
