#pragma once
// A page read only up to a cut (too deep, too many tags, too large) says nothing about what
// came after the cut: a published fact not seen there could not be verified, which is not
// the same as gone, and not the same as fine.

#include <string_view>
#include <vector>

#include "core/finding.hpp"

namespace freshcheck::diff {

// The findings of a source whose page was cut (`cut` says where and why): each fact that
// is missing (phone_missing, email_missing, phrase_missing) becomes `fact_unverified`, a
// warning that names the fact and the cut; the others are kept as they are.
std::vector<core::Finding> unverified_on_cut_page(std::vector<core::Finding> findings,
                                                  std::string_view cut);

}  // namespace freshcheck::diff
