#pragma once
// One difference a run found, with the evidence a maintainer needs to verify it without
// rerunning anything.

#include <optional>
#include <string>

namespace freshcheck::core {

enum class Severity { info, warning, critical };

const char* to_string(Severity severity);
std::optional<Severity> severity_from_string(std::string_view text);

struct Evidence {
  std::string url;
  std::string snippet;  // the block as observed now
  std::string before;   // the block as the snapshot had it, when known
  std::string fetched_at;
  std::string detail;  // a unified diff, a redirect chain, a difference in words
};

struct Finding {
  std::string id;    // stable fingerprint of kind + source + fact + values
  std::string kind;  // phone_missing, phone_new, hours_changed, ... (DESIGN.md)
  Severity severity = Severity::warning;
  std::string source;
  std::string fact;  // dataset fact id, when the finding is about one
  std::optional<std::string> published;
  std::optional<std::string> observed;
  std::string message;  // one line for people
  Evidence evidence;
  // "confirmed"; "pending" until seen on the rule's confirm_runs consecutive runs;
  // "flapping" when the same change comes back after it had gone.
  std::string state = "confirmed";
};

// The fingerprint: the same change gives the same id on every run.
std::string fingerprint(const Finding& finding);

}  // namespace freshcheck::core
