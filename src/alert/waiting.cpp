#include "alert/waiting.hpp"

#include <fmt/format.h>

#include "diff/bounds.hpp"
#include "util/text.hpp"

namespace freshcheck::alert {
namespace {

constexpr std::size_t k_listed = 300;  // lines; an issue body holds at most 65,536 characters

}  // namespace

std::string waiting_finding_id() {
  core::Finding key;
  key.kind = core::FindingKind::issues_waiting;
  return core::fingerprint(key);
}

core::Finding waiting_finding(const std::vector<const core::Finding*>& waiting,
                              std::size_t max_new_issues) {
  core::Finding summary;
  summary.kind = core::FindingKind::issues_waiting;
  summary.id = waiting_finding_id();
  summary.source = "freshcheck";  // about the run, not one source; an issue marker needs one
  summary.severity = core::Severity::info;
  summary.message = fmt::format(
      "{} more changes wait for an issue of their own: a run opens at most {} new issues. "
      "Each later run opens the next ones; the list below is refreshed every run",
      diff::group_thousands(waiting.size()), max_new_issues);
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    const core::Finding& finding = *waiting[i];
    if (core::at_least(finding.severity, summary.severity)) summary.severity = finding.severity;
    if (i < k_listed)
      summary.evidence.detail +=
          fmt::format("{} {} {}: {}\n", finding.id, core::to_string(finding.severity),
                      finding.source, util::ellipsize(util::collapse_space(finding.message), 160));
  }
  if (waiting.size() > k_listed)
    summary.evidence.detail +=
        fmt::format("… and {} more\n", diff::group_thousands(waiting.size() - k_listed));
  return summary;
}

}  // namespace freshcheck::alert
