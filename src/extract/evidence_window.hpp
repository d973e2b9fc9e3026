#pragma once
// The piece of a block shown to people as an item's evidence. A block may be a whole page
// of text (8,000 numbers in one paragraph); each item shows only a bounded window around
// itself, so evidence grows with the number of items, not with its square.

#include <cstddef>
#include <string>
#include <string_view>

namespace freshcheck::extract {

inline constexpr std::size_t k_evidence_window_bytes = 300;

// At most about `max_bytes` of `text` (plus the "…" markers) around [begin, begin + length):
// the item centred, cut at UTF-8 boundaries and, where one is near, at a space; "…" marks
// each side that was cut. The whole text when it fits. `begin` past the end means "from the
// start".
std::string evidence_window(std::string_view text, std::size_t begin, std::size_t length,
                            std::size_t max_bytes = k_evidence_window_bytes);

// The window around the first occurrence of `needle` in `text` (the start when absent).
std::string evidence_window_around(std::string_view text, std::string_view needle,
                                   std::size_t max_bytes = k_evidence_window_bytes);

}  // namespace freshcheck::extract
