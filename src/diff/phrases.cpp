// Published phrases against the phrases the extraction found on the page.

#include <fmt/format.h>

#include <algorithm>

#include "diff/comparisons.hpp"
#include "diff/finding_builder.hpp"

namespace freshcheck::diff {

void compare_phrase(const config::Fact& fact, const SourceDiffInput& input,
                    std::vector<core::Finding>& findings) {
  const auto& found = input.phrases_found;
  if (std::find(found.begin(), found.end(), fact.id) != found.end()) return;
  findings.push_back(build_finding(
      input, {.kind = core::FindingKind::phrase_missing,
              .severity = core::Severity::warning,
              .fact = fact.id,
              .published = fact.value,
              .message = fmt::format("{} no longer says \"{}\"", input.source.id, fact.value)}));
}

}  // namespace freshcheck::diff
