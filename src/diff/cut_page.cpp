#include "diff/cut_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>

namespace freshcheck::diff {

std::vector<core::Finding> unverified_on_cut_page(std::vector<core::Finding> findings,
                                                  std::string_view cut) {
  static constexpr std::array<core::FindingKind, 3> k_missing = {core::FindingKind::phone_missing,
                                                                 core::FindingKind::email_missing,
                                                                 core::FindingKind::phrase_missing};
  for (core::Finding& finding : findings) {
    if (std::find(k_missing.begin(), k_missing.end(), finding.kind) == k_missing.end()) continue;
    const std::string fact = finding.published.value_or(finding.fact);
    finding.kind = core::FindingKind::fact_unverified;
    finding.severity = core::Severity::warning;
    finding.message = fmt::format(
        "{} could not verify {} ({}): the page was cut before its end, and the fact was not "
        "seen in the part that was read",
        finding.source, finding.fact, fact);
    finding.evidence.detail = std::string(cut);
    finding.id = core::fingerprint(finding);
  }
  return findings;
}

}  // namespace freshcheck::diff
