#pragma once
// The process exit codes (docs/exit-codes.md). Other tools and the nightly job rely on them.

namespace freshcheck::core {

enum class ExitCode : int {
  ok = 0,                 // nothing to report
  findings = 1,           // findings at or above the alert threshold
  usage_or_config = 2,    // bad command line or configuration
  sources_unchecked = 3,  // sources could not be checked (network, not content)
  alert_failed = 4,       // the alert could not be delivered; the report is written
  state_locked = 5,       // another run held the snapshots folder for the whole wait
  write_failed = 6,       // a snapshot or report could not be written (disk full, permissions)
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

}  // namespace freshcheck::core
