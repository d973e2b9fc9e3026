#include "extract/phrase.hpp"

#include "util/text.hpp"

namespace freshcheck::extract {

std::optional<std::size_t> find_phrase(std::string_view phrase,
                                       const std::vector<std::string>& folded_blocks) {
  const std::string needle = util::fold_for_search(phrase);
  if (needle.empty()) return std::nullopt;
  for (std::size_t i = 0; i < folded_blocks.size(); ++i)
    if (folded_blocks[i].find(needle) != std::string::npos) return i;
  return std::nullopt;
}

}  // namespace freshcheck::extract
