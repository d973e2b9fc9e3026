// --alert github opens at most a few issues per run: the rest wait in one summary issue,
// refreshed each run and closed when nothing waits. A fake GitHub API on 127.0.0.1.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "alert/github.hpp"
#include "alert/waiting.hpp"
#include "alert_support.hpp"
#include "diff/bounds.hpp"
#include "fake_github.hpp"
#include "support.hpp"

namespace {

using freshcheck::alert::GitHubSettings;
using freshcheck::core::Severity;
using freshcheck::testing::FakeGitHub;
using freshcheck::testing::make_finding;
using freshcheck::testing::run_report;

const std::string k_token = "ghs_fAkEtOkEn0123456789abcdefABCDEF";

struct Fixture {
  FakeGitHub github{k_token};
  std::shared_ptr<freshcheck::testing::RecordedWaits> waits =
      std::make_shared<freshcheck::testing::RecordedWaits>();
  freshcheck::alert::DeliveryOptions options = freshcheck::testing::recording_options(
      waits, std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000)));

  auto sync(const freshcheck::report::RunReport& report) {
    GitHubSettings settings;
    settings.api_url = github.api_url();
    settings.repository = github.repository();
    settings.token = k_token;
    return freshcheck::alert::sync_github_issues(report, Severity::warning, settings, options);
  }
  std::optional<FakeGitHub::Issue> waiting_issue() const {
    for (const auto& issue : github.open_issues())
      if (issue.body.find("finding=" + freshcheck::alert::waiting_finding_id()) !=
          std::string::npos)
        return issue;
    return std::nullopt;
  }
};

// 25 new numbers on the Loja do Cidadão page, each its own change.
std::vector<freshcheck::core::Finding> new_numbers(int count) {
  std::vector<freshcheck::core::Finding> out;
  for (int i = 0; i < count; ++i)
    out.push_back(make_finding("phone_new", "contactos", "", "",
                               "+351 213 58" + std::to_string(1000 + i), Severity::warning));
  return out;
}

}  // namespace

TEST_CASE("github budget: 25 changes open 10 issues and one listing the 15 that wait") {
  Fixture f;
  const auto report = run_report(new_numbers(25));
  const auto first = f.sync(report);
  REQUIRE_MESSAGE(first, (first ? "" : first.error().message));
  CHECK(first->opened.size() == 11);
  CHECK(f.github.open_issues().size() == 11);
  const auto waiting = f.waiting_issue();
  REQUIRE(waiting);
  CHECK(waiting->body.find("15 more changes wait") != std::string::npos);
  CHECK(waiting->body.find(report.findings[10].id) != std::string::npos);
  CHECK(waiting->body.find(report.findings[24].id) != std::string::npos);
  CHECK(waiting->body.find(report.findings[9].id) == std::string::npos);

  // The next run opens the next ten and refreshes the list; the one after, the last five,
  // and closes the summary issue since nothing waits any more.
  const auto second = f.sync(report);
  REQUIRE(second);
  CHECK(second->opened.size() == 10);
  CHECK(second->updated.size() == 1);
  REQUIRE(f.waiting_issue());
  CHECK(f.waiting_issue()->body.find("5 more changes wait") != std::string::npos);
  const auto third = f.sync(report);
  REQUIRE(third);
  CHECK(third->opened.size() == 5);
  CHECK(third->closed.size() == 1);
  CHECK(!f.waiting_issue());
  CHECK(f.github.open_issues().size() == 25);
}

TEST_CASE("github budget: an issue whose finding was folded into 'and N more' stays open") {
  Fixture f;
  auto findings = new_numbers(3);
  REQUIRE(f.sync(run_report(findings)));
  REQUIRE(f.github.open_issues().size() == 3);
  // The next report lists 2 of them and folds the third into an "and 1 more" finding.
  freshcheck::diff::OutputBounds bounds;
  bounds.findings_per_source_kind = 2;
  const auto bounded = freshcheck::diff::bound_findings(findings, bounds);
  REQUIRE(bounded.size() == 3);
  const auto second = f.sync(run_report(bounded));
  REQUIRE(second);
  CHECK(second->closed.empty());
  // Without the fold, the third change is gone: its issue is closed.
  const auto third = f.sync(run_report({findings[0], findings[1]}));
  REQUIRE(third);
  CHECK(third->closed.size() == 2);  // the third change's issue, and the "and 1 more" one
}
