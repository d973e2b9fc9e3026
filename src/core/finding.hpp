#pragma once
// One difference a run found, with the evidence a maintainer needs to verify it without
// rerunning anything.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::core {

enum class Severity { info, warning, critical };

const char* to_string(Severity severity);

// Severities are ordered: info < warning < critical.
inline bool at_least(Severity severity, Severity threshold) {
  return static_cast<int>(severity) >= static_cast<int>(threshold);
}
std::optional<Severity> severity_from_string(std::string_view text);

// What a finding says changed. The names are the contract (report.json's "kind", the first
// part of every finding id); finding.cpp holds the one table of them.
enum class FindingKind {
  phone_missing,
  phone_new,
  hours_changed,
  email_missing,
  email_new,
  link_broken,
  link_redirected,
  phrase_missing,
  source_unreachable,
  source_blocked,
  extraction_empty,
  content_changed,
  guide_mismatch,
  fact_unverified,  // a missing fact on a page that was cut before its end
  issues_waiting,   // the alert summary of changes beyond a run's new-issue budget
};

std::string_view to_string(FindingKind kind);
std::optional<FindingKind> finding_kind_from_string(std::string_view text);

// Where a finding stands across runs: confirmed; pending until seen on the rule's
// confirm_runs consecutive runs; flapping when the same change comes back after it had gone.
enum class FindingState { confirmed, pending, flapping };

std::string_view to_string(FindingState state);
std::optional<FindingState> finding_state_from_string(std::string_view text);

// One text block of a content change: an edit (both sides), an addition (no `before`) or a
// removal (no `after`). One edited sentence is one change.
struct BlockChange {
  std::string before;
  std::string after;
};

struct Evidence {
  std::string url;
  std::string snippet;  // the block as observed now
  std::string before;   // the block as the snapshot had it, when known
  std::string fetched_at;
  std::string detail;                // a unified diff, a redirect chain, a difference in words
  std::vector<BlockChange> changes;  // content_changed: the blocks that changed, paired
};

struct Finding {
  std::string id;  // stable fingerprint of kind + source + fact + values
  FindingKind kind = FindingKind::content_changed;
  Severity severity = Severity::warning;
  std::string source;
  std::string fact;  // dataset fact id, when the finding is about one
  std::optional<std::string> published;
  std::optional<std::string> observed;
  // phone_missing with a likely replacement: the replacement's hours when they differ from
  // the fact's, so that accepting the new number takes its hours in the same review.
  std::optional<std::string> observed_hours;
  std::string message;  // one line for people
  Evidence evidence;
  FindingState state = FindingState::confirmed;
};

// A source that could not be fetched (source_unreachable, source_blocked): says nothing
// about the page's content.
bool is_fetch_finding(const Finding& finding);

// The same for a finding id as stored in a snapshot's history (ids start with the kind).
bool is_fetch_finding_id(std::string_view id);

// Whether the finding makes a run exit 1 (check, merge-reports): about the content (a page
// that could not be fetched gives 3 instead), confirmed rather than pending, and at or above
// the threshold.
bool decides_exit_1(const Finding& finding, Severity threshold);

// The fingerprint: the same change gives the same id on every run.
std::string fingerprint(const Finding& finding);

// The command that takes this finding's change after review ("freshcheck accept ID", with
// --update-dataset when the new value can be written into the dataset), or empty when
// there is nothing to accept (a page that could not be fetched).
std::string accept_command(const Finding& finding);

}  // namespace freshcheck::core
