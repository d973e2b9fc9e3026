#include "alert/policy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/hash.hpp"

namespace freshcheck::alert {

bool should_alert(const core::Finding& finding, core::Severity threshold) {
  if (core::is_fetch_finding(finding)) return finding.severity == core::Severity::critical;
  return finding.state != core::FindingState::pending &&
         core::at_least(finding.severity, threshold);
}

bool was_checked_again(const report::RunReport& report, const std::string& source,
                       const std::string& fact) {
  if (!fact.empty())
    return std::any_of(report.checks.begin(), report.checks.end(), [&](const report::Check& c) {
      return c.source == source && c.fact == fact;
    });
  const bool source_read = std::any_of(
      report.sources.begin(), report.sources.end(),
      [&](const auto& status) { return status.id == source && report::was_read(status.status); });
  return source_read || std::any_of(report.checks.begin(), report.checks.end(),
                                    [&](const report::Check& c) { return c.source == source; });
}

std::string evidence_digest(const core::Finding& finding) {
  const std::string key =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", core::to_string(finding.kind),
                  core::to_string(finding.severity), finding.published.value_or(""),
                  finding.observed.value_or(""), finding.evidence.url, finding.evidence.snippet,
                  finding.evidence.before, finding.evidence.detail);
  return fmt::format("{:016x}", core::fnv1a(key));
}

}  // namespace freshcheck::alert
