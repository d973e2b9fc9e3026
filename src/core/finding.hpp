#pragma once
// One difference a run found, with the evidence a maintainer needs to verify it without
// rerunning anything.

#include <optional>
#include <string>
#include <vector>

namespace freshcheck::core {

enum class Severity { info, warning, critical };

const char* to_string(Severity severity);

// Severities are ordered: info < warning < critical.
inline bool at_least(Severity severity, Severity threshold) {
  return static_cast<int>(severity) >= static_cast<int>(threshold);
}
std::optional<Severity> severity_from_string(std::string_view text);

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
  std::string id;    // stable fingerprint of kind + source + fact + values
  std::string kind;  // phone_missing, phone_new, ... (docs/report-json.md)
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
  // "confirmed"; "pending" until seen on the rule's confirm_runs consecutive runs;
  // "flapping" when the same change comes back after it had gone.
  std::string state = "confirmed";
};

// A source that could not be fetched (source_unreachable, source_blocked): says nothing
// about the page's content.
bool is_fetch_finding(const Finding& finding);

// The fingerprint: the same change gives the same id on every run.
std::string fingerprint(const Finding& finding);

// The command that takes this finding's change after review ("freshcheck accept ID", with
// --update-dataset when the new value can be written into the dataset), or empty when
// there is nothing to accept (a page that could not be fetched).
std::string accept_command(const Finding& finding);

}  // namespace freshcheck::core
