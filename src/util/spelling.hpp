#pragma once
// "Did you mean" suggestions for misspelt keys, kinds and ids.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::util {

// Levenshtein distance over bytes; inputs are short identifiers.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a likely typo: at most
// two edits, and fewer than half the word's length.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace freshcheck::util
