#pragma once
// `--alert github`: one GitHub issue per open change, found again night after night by a
// label and a hidden marker holding the finding's fingerprint (the search index lags by
// minutes, so issues are listed, never searched). Same change: nothing new (the body is
// refreshed when the evidence changed). New change: a new issue. A change the run checked
// again and no longer sees (fixed at the source, or accepted): a closing comment, then
// closed.
//
// One issue per finding rather than per source: a finding is one fact that changed, with
// its own evidence and its own fix (`freshcheck accept ID`), so each issue closes on its
// own, and two facts changing on one page do not hide each other in one thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "alert/api_client.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"
#include "report/report.hpp"

namespace freshcheck::alert {

struct GitHubSettings {
  std::string api_url = "https://api.github.com";  // GITHUB_API_URL
  std::string repository;                          // GITHUB_REPOSITORY, "owner/name"
  std::string token;                               // GITHUB_TOKEN; never printed
  std::string label = "freshcheck";
  std::string run_url;  // the CI run, linked from issue bodies when known
  // New issues a run opens at most; the rest wait in one summary issue (alert/waiting.hpp).
  std::size_t max_new_issues = 10;
};

// Configuration problems found before any request: missing variables, a repository not
// written owner/name, an API URL that is not http(s), or plain http to anything but
// loopback (the token would cross the network in clear).
core::Result<void> validate(const GitHubSettings& settings);

// The hidden marker that ties an issue to its finding.
struct IssueMarker {
  std::string finding;
  std::string source;
  std::string fact;
  std::string evidence;  // evidence_digest() when the body was written
};
std::string to_comment(const IssueMarker& marker);
std::optional<IssueMarker> find_marker(std::string_view issue_body);

std::string issue_title(const core::Finding& finding);
std::string issue_body(const core::Finding& finding, const report::RunReport& report,
                       const GitHubSettings& settings);

struct GitHubSummary {
  std::vector<int> opened;     // issue numbers
  std::vector<int> updated;    // evidence changed
  std::vector<int> closed;     // change gone
  std::vector<int> unchanged;  // still open, nothing new
};

// Brings the repository's freshcheck issues in line with the report. Stops at the first
// failure (the next run starts over from what GitHub holds, so nothing is lost); the
// error says what to do.
core::Result<GitHubSummary> sync_github_issues(const report::RunReport& report,
                                               core::Severity threshold,
                                               const GitHubSettings& settings,
                                               const DeliveryOptions& options);

}  // namespace freshcheck::alert
