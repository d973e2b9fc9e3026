#pragma once
// The findings of a run, written for the tools that read report.json (the docs/report-json.md
// contract) and for people (report.md, short enough for an issue body).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/result.hpp"

namespace freshcheck::report {

// What a run made of one source. report.json writes it by name (to_string).
enum class Status {
  ok,                // first good fetch: the page read now is the baseline
  changed,           // read, and something differs; the observation waits for review
  unchanged,         // read, and nothing differs
  unreachable,       // could not be fetched or read
  blocked,           // the site refused us (robots.txt, a bot wall, 403/429 to the end)
  extraction_empty,  // read, but the rule's scope gave no facts: the rule needs fixing
};

std::string_view to_string(Status status);
std::optional<Status> status_from_string(std::string_view name);

// Whether the source's page was read this run (its facts were checked).
inline bool was_read(Status status) {
  return status != Status::unreachable && status != Status::blocked;
}

struct SourceStatus {
  std::string id;
  std::string url;
  Status status = Status::unchanged;
  long http_status = 0;
  std::string final_url;
  std::string error;                    // empty when fetched
  std::string error_kind{};             // why not, as a word (fetch::ErrorKind): rate_limited, ...
  std::vector<std::string> warnings{};  // read, but with something to know (undecodable bytes)
  // Why the last baseline is gone (a corrupt snapshot, set aside as "<id>.json.corrupt-<n>"):
  // the page read now is no first fetch, and what changed since the last good run is unknown.
  std::string baseline_lost{};
};

// One published fact checked at one source ("dataset" for links fetched themselves).
struct Check {
  std::string source;
  std::string fact;
};

// A finding the run saw and people chose not to hear about (dataset/ignored.json): kept in
// the report, so that the change stays visible, but it neither alerts nor decides the exit code.
struct IgnoredFinding {
  core::Finding finding;
  std::string reason;
  std::string until;  // YYYY-MM-DD, or empty
};

struct RunReport {
  std::string started;
  std::string finished;
  std::vector<SourceStatus> sources;
  std::vector<core::Finding> findings;  // most severe first
  std::vector<Check> checks;
  std::vector<IgnoredFinding> ignored;
};

// The ignored finding with this id, if the run saw one.
const IgnoredFinding* find_ignored(const RunReport& report, std::string_view id);

nlohmann::json to_json(const RunReport& report);
std::string to_markdown(const RunReport& report);

// One test suite per source, one test case per fact checked there plus one for the fetch;
// a finding about the fact fails its case. For CI test views.
std::string to_junit(const RunReport& report);

// One self-contained page (no network): a summary, findings by severity with filters, and
// before/after side by side with the changed words marked.
std::string to_html(const RunReport& report);

// What a maintainer does about a finding, in one line: the exact `freshcheck accept`
// command when the change can be taken, else what to fix first.
std::string what_to_do(const core::Finding& finding);

// The words of `side` with those not shared with `other` (longest common subsequence)
// wrapped in `open` and `close`; every word goes through `escape`. Blocks are short: past
// 400 words each side comes back unmarked.
std::string mark_words(std::string_view side, std::string_view other, std::string_view open,
                       std::string_view close, std::string (*escape)(std::string_view));

// Writes report.json, report.md, report.html and junit.xml into `folder`, each atomically.
core::Result<void> write_reports(const RunReport& report, const std::filesystem::path& folder);

}  // namespace freshcheck::report
