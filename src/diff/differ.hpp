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
#include "hours/schedule.hpp"
#include "url/url.hpp"

namespace freshcheck::diff {

struct SourceDiffInput {
  const config::Source& source;
  std::vector<const config::Fact*> facts;            // dataset facts verified at this source
  const std::optional<core::Observation>& previous;  // the snapshot's observation, if any
  const core::Observation& current;
  std::vector<std::string> phrases_found;  // phrase fact ids found on the page
  // The hours of current.phones[i], as schedules (the extraction's); when left empty, they
  // are read back from the observation's text.
  std::vector<std::optional<hours::Schedule>> current_hours{};
};

struct SourceDiff {
  std::vector<core::Finding> findings;
  bool extraction_empty = false;  // the rule needs fixing; keep the old snapshot
};

SourceDiff diff_source(const SourceDiffInput& input);

// A published link as fetched: where it ended, through which hops, or why it failed.
struct LinkFetch {
  bool ok = false;
  std::string final_url;
  std::vector<std::pair<std::string, long>> hops;  // url, status of each redirect
  bool permanent_failure = false;  // 404/410, DNS, TLS, redirect loop or scheme: really broken
  long http_status = 0;
  std::string message;
  std::string fetched_at;
};

// A published link, fetched itself: broken, or moved (redirects to another page). A
// temporary failure (5xx, 429, timeout) says nothing and gives no finding.
std::optional<core::Finding> check_link(const config::Fact& fact, const LinkFetch& fetched);

// A source that could not be fetched: a warning, critical after `escalate_after` runs.
core::Finding unreachable_finding(const config::Source& source, const std::string& message,
                                  bool blocked, int consecutive_failures, int escalate_after);

// Whether a page as observed shows a fact's value today: its number (in `region`), its
// e-mail address, its hours (tied to any number there), its phrase (ignoring case and
// accents), or a link to the same page. For `validate` and `import-guide --rules`.
bool observation_shows(const config::Fact& fact, const core::Observation& observation,
                       std::string_view region);

// Text blocks reduced to their words: digits, punctuation, dates, counters and tokens
// dropped, case and accents folded. Two pages with the same words in other formatting
// compare equal. Exposed for tests.
std::string block_key(std::string_view block);

}  // namespace freshcheck::diff
