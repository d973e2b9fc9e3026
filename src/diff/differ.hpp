#pragma once
// Observed facts against the published dataset and the previous snapshot, as findings.
// Pure: no network, no files. Failure is never change: a source that could not be fetched
// gets source_unreachable, never "number missing".

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/finding.hpp"
#include "core/observation.hpp"

namespace freshcheck::diff {

struct SourceDiffInput {
  const config::Source& source;
  std::vector<const config::Fact*> facts;          // dataset facts verified at this source
  const std::optional<core::Observation>& previous;  // the snapshot's observation, if any
  const core::Observation& current;
  std::vector<std::string> phrases_found;          // phrase fact ids found on the page
};

struct SourceDiff {
  std::vector<core::Finding> findings;
  bool extraction_empty = false;  // the rule needs fixing; keep the old snapshot
};

SourceDiff diff_source(const SourceDiffInput& input);

// A source that could not be fetched: a warning, critical after `escalate_after` runs.
core::Finding unreachable_finding(const config::Source& source, const std::string& message, bool blocked,
                                  int consecutive_failures, int escalate_after);

// Text blocks reduced to their words: digits, punctuation, dates, counters and tokens
// dropped, case and accents folded. Two pages with the same words in other formatting
// compare equal. Exposed for tests.
std::string block_key(std::string_view block);

}  // namespace freshcheck::diff
