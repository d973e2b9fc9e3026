#include "diff/bounds.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

namespace freshcheck::diff {
namespace {

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// What the dropped findings of one source and kind add up to.
struct Overflow {
  core::Finding first;  // the first dropped one: kind, source, url, time
  std::size_t count = 0;
  core::Severity severity = core::Severity::info;
  bool confirmed = false;
  bool flapping = false;
  std::string values;  // one line per dropped finding, up to summary_values
};

std::string value_line(const core::Finding& finding) {
  std::string line = finding.observed.value_or(finding.published.value_or(""));
  if (!finding.fact.empty()) line = fmt::format("{}: {}", finding.fact, line);
  return line.empty() ? finding.message : line;
}

void add_to(Overflow& overflow, const core::Finding& finding, const OutputBounds& bounds) {
  if (overflow.count == 0) overflow.first = finding;
  ++overflow.count;
  if (core::at_least(finding.severity, overflow.severity)) overflow.severity = finding.severity;
  overflow.confirmed = overflow.confirmed || finding.state == core::FindingState::confirmed;
  overflow.flapping = overflow.flapping || finding.state == core::FindingState::flapping;
  if (overflow.count <= bounds.summary_values)
    overflow.values += cut_with_marker(value_line(finding), 200) + "\n";
}

core::Finding summary_of(const Overflow& overflow, const OutputBounds& bounds) {
  core::Finding summary;
  summary.kind = overflow.first.kind;
  summary.source = overflow.first.source;
  summary.id = overflow_id(summary.kind, summary.source);
  summary.severity = overflow.severity;
  summary.state = overflow.confirmed  ? core::FindingState::confirmed
                  : overflow.flapping ? core::FindingState::flapping
                                      : core::FindingState::pending;
  summary.message = fmt::format(
      "{}: and {} more {} findings, not listed one by one (the first {} are listed above)",
      summary.source, group_thousands(overflow.count), core::to_string(summary.kind),
      group_thousands(bounds.findings_per_source_kind));
  summary.evidence.url = overflow.first.evidence.url;
  summary.evidence.fetched_at = overflow.first.evidence.fetched_at;
  summary.evidence.detail = overflow.values;
  if (overflow.count > bounds.summary_values)
    summary.evidence.detail +=
        fmt::format("… and {} more\n", group_thousands(overflow.count - bounds.summary_values));
  return summary;
}

void cut_fields(core::Finding& finding, const OutputBounds& bounds) {
  finding.message = cut_with_marker(finding.message, bounds.message_bytes);
  finding.evidence.snippet = cut_with_marker(finding.evidence.snippet, bounds.evidence_bytes);
  finding.evidence.before = cut_with_marker(finding.evidence.before, bounds.evidence_bytes);
  finding.evidence.detail = cut_with_marker(finding.evidence.detail, bounds.detail_bytes);
}

}  // namespace

std::string cut_with_marker(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && is_continuation_byte(text[end])) --end;
  return fmt::format("{}… [cut: {} more bytes]", text.substr(0, end),
                     group_thousands(text.size() - end));
}

std::string overflow_id(core::FindingKind kind, std::string_view source) {
  // The id names the group, not its size, so that it stays the same from run to run.
  core::Finding key;
  key.kind = kind;
  key.source = source;
  key.fact = "(more)";
  return core::fingerprint(key);
}

bool has_overflow(const std::vector<core::Finding>& findings, std::string_view source,
                  std::string_view finding_id) {
  for (const core::Finding& finding : findings)
    if (finding.source == source &&
        finding_id.starts_with(fmt::format("{}-", core::to_string(finding.kind))) &&
        finding.id == overflow_id(finding.kind, finding.source))
      return true;
  return false;
}

std::string group_thousands(std::size_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
  return digits;
}

std::vector<core::Finding> bound_findings(std::vector<core::Finding> findings,
                                          const OutputBounds& bounds) {
  std::vector<core::Finding> kept;
  std::map<std::pair<std::string, std::string>, std::size_t> seen;
  std::map<std::pair<std::string, std::string>, Overflow> overflows;  // ordered: stable output
  for (core::Finding& finding : findings) {
    // Keyed by the kind's name, so that the summaries come out in the order they always had.
    const auto group = std::make_pair(finding.source, std::string(core::to_string(finding.kind)));
    if (++seen[group] <= bounds.findings_per_source_kind) {
      cut_fields(finding, bounds);
      kept.push_back(std::move(finding));
    } else {
      add_to(overflows[group], finding, bounds);
    }
  }
  for (const auto& [group, overflow] : overflows) {
    core::Finding summary = summary_of(overflow, bounds);
    cut_fields(summary, bounds);
    kept.push_back(std::move(summary));
  }
  return kept;
}

}  // namespace freshcheck::diff
