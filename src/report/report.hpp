#pragma once
// The findings of a run, written for the tools that read report.json (the DESIGN.md
// contract) and for people (report.md, short enough for an issue body).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/result.hpp"

namespace freshcheck::report {

struct SourceStatus {
  std::string id;
  std::string url;
  std::string status;  // ok (baseline), changed, unchanged, unreachable, blocked, extraction_empty
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

struct RunReport {
  std::string started;
  std::string finished;
  std::vector<SourceStatus> sources;
  std::vector<core::Finding> findings;  // most severe first
  std::vector<Check> checks;
};

nlohmann::json to_json(const RunReport& report);
std::string to_markdown(const RunReport& report);

// One test suite per source, one test case per fact checked there plus one for the fetch;
// a finding about the fact fails its case. For CI test views.
std::string to_junit(const RunReport& report);

// One self-contained page (no network): a summary, findings by severity with filters, and
// before/after side by side with the changed words marked.
std::string to_html(const RunReport& report);

// Writes report.json, report.md, report.html and junit.xml into `folder`, each atomically.
core::Result<void> write_reports(const RunReport& report, const std::filesystem::path& folder);

}  // namespace freshcheck::report
