#include "pipeline/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "report/report_reader.hpp"

namespace freshcheck::pipeline {

namespace {

void append(std::vector<core::Finding>& into, std::set<std::string>& ids,
            const std::vector<core::Finding>& findings) {
  for (const auto& finding : findings)
    if (ids.insert(finding.id).second) into.push_back(finding);
}

}  // namespace

core::Result<report::RunReport> merge_reports(const std::vector<std::filesystem::path>& folders) {
  if (folders.empty()) return core::fail(std::string("no report folders to merge"));
  report::RunReport merged;
  std::map<std::string, std::filesystem::path> source_seen_in;
  std::set<std::string> finding_ids;
  std::set<std::string> ignored_ids;
  for (const auto& folder : folders) {
    auto read = report::read_report(folder / "report.json");
    if (!read) return core::fail(std::move(read).error());
    report::RunReport& part = *read;
    if (merged.started.empty() || part.started < merged.started) merged.started = part.started;
    if (part.finished > merged.finished) merged.finished = part.finished;
    for (auto& source : part.sources) {
      const auto [seen, first] = source_seen_in.emplace(source.id, folder);
      if (!first)
        return core::fail(fmt::format(
            "source {} is in both {} and {}: the shards of one night must not overlap; merge "
            "the reports of one run of `check --shard K/N` for each K of the same N",
            source.id, seen->second.string(), folder.string()));
      merged.sources.push_back(std::move(source));
    }
    merged.checks.insert(merged.checks.end(), part.checks.begin(), part.checks.end());
    append(merged.findings, finding_ids, part.findings);
    for (auto& entry : part.ignored)
      if (ignored_ids.insert(entry.finding.id).second) merged.ignored.push_back(std::move(entry));
  }
  std::stable_sort(merged.findings.begin(), merged.findings.end(),
                   [](const core::Finding& a, const core::Finding& b) {
                     return !core::at_least(b.severity, a.severity);
                   });
  return merged;
}

core::ExitCode exit_code_of(const report::RunReport& report, core::Severity threshold) {
  const bool alerting = std::any_of(
      report.findings.begin(), report.findings.end(),
      [&](const core::Finding& finding) { return core::decides_exit_1(finding, threshold); });
  if (alerting) return core::ExitCode::findings;
  const bool unchecked =
      std::any_of(report.sources.begin(), report.sources.end(),
                  [](const report::SourceStatus& s) { return !report::was_read(s.status); }) ||
      std::any_of(report.findings.begin(), report.findings.end(), core::is_fetch_finding);
  return unchecked ? core::ExitCode::sources_unchecked : core::ExitCode::ok;
}

}  // namespace freshcheck::pipeline
