#include "report/notes.hpp"

#include <fmt/format.h>

namespace freshcheck::report {

std::string baseline_note(const SourceStatus& source) {
  if (!source.baseline_lost.empty())
    return fmt::format(
        "Baseline of {} lost: {}. {}, so a change made since the last good run is not reported; "
        "compare the set-aside file with the page by hand.",
        source.id, source.baseline_lost,
        source.status == Status::ok ? "The page read now is its new baseline"
                                    : "Its next good fetch becomes its new baseline");
  if (source.status == Status::ok)
    return fmt::format(
        "First good fetch of {}: its page is now the baseline for later runs; the dataset "
        "comparison ran all the same.",
        source.id);
  return {};
}

}  // namespace freshcheck::report
