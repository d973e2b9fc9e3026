#pragma once
// Key phrases ("as marcações não são feitas por telefone"): found when a block holds the
// phrase ignoring case, accents, typographic quotes and white space.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::extract {

// Index of the first of `folded_blocks` (already passed through util::fold_for_search)
// that contains `phrase`, if any.
std::optional<std::size_t> find_phrase(std::string_view phrase,
                                       const std::vector<std::string>& folded_blocks);

}  // namespace freshcheck::extract
