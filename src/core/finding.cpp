#include "core/finding.hpp"

#include <fmt/format.h>

#include "core/hash.hpp"
#include "core/name_table.hpp"

namespace freshcheck::core {
namespace {

// The one table of finding kind names (report.json, finding ids, DESIGN.md).
constexpr NameTable<FindingKind, 15> k_kind_names = {{
    {FindingKind::phone_missing, "phone_missing"},
    {FindingKind::phone_new, "phone_new"},
    {FindingKind::hours_changed, "hours_changed"},
    {FindingKind::email_missing, "email_missing"},
    {FindingKind::email_new, "email_new"},
    {FindingKind::link_broken, "link_broken"},
    {FindingKind::link_redirected, "link_redirected"},
    {FindingKind::phrase_missing, "phrase_missing"},
    {FindingKind::source_unreachable, "source_unreachable"},
    {FindingKind::source_blocked, "source_blocked"},
    {FindingKind::extraction_empty, "extraction_empty"},
    {FindingKind::content_changed, "content_changed"},
    {FindingKind::guide_mismatch, "guide_mismatch"},
    {FindingKind::fact_unverified, "fact_unverified"},
    {FindingKind::issues_waiting, "issues_waiting"},
}};

constexpr NameTable<Severity, 3> k_severity_names = {{
    {Severity::info, "info"},
    {Severity::warning, "warning"},
    {Severity::critical, "critical"},
}};

// The one table of finding state names (report.json's "state").
constexpr NameTable<FindingState, 3> k_state_names = {{
    {FindingState::confirmed, "confirmed"},
    {FindingState::pending, "pending"},
    {FindingState::flapping, "flapping"},
}};

}  // namespace

const char* to_string(Severity severity) {
  return name_in(k_severity_names, severity).data();  // the table's names are literals
}

std::optional<Severity> severity_from_string(std::string_view text) {
  return value_in(k_severity_names, text);
}

std::string_view to_string(FindingKind kind) {
  return name_in(k_kind_names, kind);
}

std::optional<FindingKind> finding_kind_from_string(std::string_view text) {
  return value_in(k_kind_names, text);
}

std::string_view to_string(FindingState state) {
  return name_in(k_state_names, state);
}

std::optional<FindingState> finding_state_from_string(std::string_view text) {
  return value_in(k_state_names, text);
}

bool is_fetch_finding(const Finding& finding) {
  return finding.kind == FindingKind::source_unreachable ||
         finding.kind == FindingKind::source_blocked;
}

bool is_fetch_finding_id(std::string_view id) {
  // Ids are "<kind>-<hash>"; only the fetch kinds' names start with "source_".
  return id.starts_with("source_");
}

bool decides_exit_1(const Finding& finding, Severity threshold) {
  return !is_fetch_finding(finding) && finding.state != FindingState::pending &&
         at_least(finding.severity, threshold);
}

std::string fingerprint(const Finding& finding) {
  const std::string key =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", to_string(finding.kind), finding.source,
                  finding.fact, finding.published.value_or(""), finding.observed.value_or(""));
  return fmt::format("{}-{:016x}", to_string(finding.kind), core::fnv1a(key));
}

std::string accept_command(const Finding& finding) {
  if (is_fetch_finding(finding)) return {};
  const bool writable =
      !finding.fact.empty() && finding.observed &&
      (finding.kind == FindingKind::phone_missing || finding.kind == FindingKind::hours_changed ||
       finding.kind == FindingKind::link_redirected);
  return fmt::format("freshcheck accept {}{}", finding.id, writable ? " --update-dataset" : "");
}

}  // namespace freshcheck::core
