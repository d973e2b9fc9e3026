#pragma once
// Shared test helpers: readable failure output for containers doctest cannot print; random
// texts for property tests.

#include <doctest/doctest.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace freshcheck::test {

// Up to `max_pieces` of `pieces` drawn at random and joined: a text for a property test that
// holds a fast reading to a plain one.
inline std::string random_text(std::mt19937& random, const std::vector<std::string>& pieces,
                               std::size_t max_pieces) {
  std::string text;
  const std::size_t count = random() % (max_pieces + 1);
  for (std::size_t i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
  return text;
}

// `check` of `count` random texts of up to `max_pieces` pieces, the same texts every run.
template <class Check>
void for_random_texts(const std::vector<std::string>& pieces, std::size_t max_pieces, int count,
                      Check check) {
  std::mt19937 random(20261203);
  for (int i = 0; i < count; ++i) check(random_text(random, pieces, max_pieces));
}

}  // namespace freshcheck::test

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
