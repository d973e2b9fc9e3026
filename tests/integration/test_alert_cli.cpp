// `freshcheck check --alert ...` end to end: the real binary, the page served on 127.0.0.1,
// a fake GitHub API and a fake webhook on 127.0.0.1, settings from the environment.
#include <doctest/doctest.h>

#include <deque>
#include <filesystem>
#include <mutex>

#include "check_workspace.hpp"
#include "fake_github.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::FakeGitHub;
using freshcheck::testing::Workspace;

const std::string k_token = "ghs_CLItOkEn9876543210zyxwvuZYXWVU";
const std::string k_hours = "Dias úteis, das 8h00 às 20h00";

std::string github_environment(const FakeGitHub& github, const std::string& token = k_token) {
  return "GITHUB_TOKEN=" + token + " GITHUB_REPOSITORY=" + github.repository() +
         " GITHUB_API_URL=" + github.api_url() + " GITHUB_SERVER_URL= GITHUB_RUN_ID=";
}

// Every file the runs left in the workspace, and what they printed, searched for `secret`.
std::vector<std::string> places_holding(const Workspace& workspace, const std::string& secret) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(workspace.dir()))
    if (entry.is_regular_file() && Workspace::read(entry.path()).find(secret) != std::string::npos)
      found.push_back(entry.path().string());
  return found;
}

}  // namespace

TEST_CASE("check --alert github: one issue per change, none again, closed when fixed") {
  Workspace workspace;
  FakeGitHub github(k_token);
  const std::string environment = github_environment(github);
  const auto baseline = workspace.check("--alert github", environment);
  INFO(baseline.err);
  REQUIRE(baseline.exit_code == 0);
  CHECK(github.issues().empty());

  workspace.set_page(contacts_page("217 115 999", k_hours, "geral@aima.gov.pt"));
  const auto changed = workspace.check("--alert github", environment);
  INFO(changed.err);
  CHECK(changed.exit_code == 1);
  REQUIRE(github.open_issues().size() == 1);
  const auto issue = github.open_issues()[0];
  const std::string finding_id = changed.report.at("findings")[0].at("id");
  CHECK(issue.body.find(finding_id) != std::string::npos);
  CHECK(issue.body.find("217 115 999") != std::string::npos);
  CHECK(changed.err.find("1 opened") != std::string::npos);

  github.clear_requests();
  const auto again = workspace.check("--alert github", environment);
  CHECK(again.exit_code == 1);
  CHECK(github.issues().size() == 1);
  CHECK(github.writes() == 0);

  workspace.set_page(contacts_page("217 115 000", k_hours, "geral@aima.gov.pt"));
  const auto fixed = workspace.check("--alert github", environment);
  INFO(fixed.err);
  CHECK(fixed.exit_code == 0);
  CHECK(github.open_issues().empty());
  REQUIRE(github.issues().size() == 1);
  CHECK(github.issues()[0].comments.size() == 1);

  // The token went to GitHub, and nowhere else: not stdout, not stderr, not one file.
  for (const auto& request : github.requests()) CHECK(request.authorization == "Bearer " + k_token);
  for (const auto* run : {&baseline, &changed, &again, &fixed}) {
    CHECK(run->out.find(k_token) == std::string::npos);
    CHECK(run->err.find(k_token) == std::string::npos);
  }
  CHECK(places_holding(workspace, k_token).empty());
}

TEST_CASE("check --alert github: a refused token exits 4 after writing the reports") {
  Workspace workspace;
  FakeGitHub github(k_token);
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(contacts_page("217 115 999", k_hours, "geral@aima.gov.pt"));

  const std::string wrong = "ghp_REVOKEDrevoked000000000000000000";
  const auto refused = workspace.check("--alert github", github_environment(github, wrong));
  INFO(refused.err);
  CHECK(refused.exit_code == 4);
  CHECK(refused.err.find("401") != std::string::npos);
  CHECK(refused.err.find("GITHUB_TOKEN") != std::string::npos);
  CHECK(refused.err.find("the next run will deliver") != std::string::npos);
  CHECK(refused.err.find(wrong) == std::string::npos);
  CHECK(refused.report.at("findings").size() == 1);  // the report is there all the same
  CHECK(github.issues().empty());
  CHECK(places_holding(workspace, wrong).empty());

  // Next night, with a good token: the same change is delivered.
  const auto next = workspace.check("--alert github", github_environment(github));
  CHECK(next.exit_code == 1);
  CHECK(github.open_issues().size() == 1);
}

TEST_CASE("check --alert github without its settings is a configuration error, exit 2") {
  Workspace workspace;
  const auto run = workspace.check("--alert github", "GITHUB_REPOSITORY=aima-guides/guia");
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("GITHUB_TOKEN") != std::string::npos);
  CHECK_FALSE(fs::exists(workspace.dir() / "snapshots"));  // nothing fetched
  const auto webhook = workspace.check("--alert webhook");
  CHECK(webhook.exit_code == 2);
  CHECK(webhook.err.find("FRESHCHECK_WEBHOOK_URL") != std::string::npos);
}

TEST_CASE("check --alert webhook: posted once, a failed post exits 4 and is sent next run") {
  Workspace workspace;
  freshcheck::testing::HttpServer hook;
  std::mutex mutex;
  std::vector<std::string> posts;
  std::deque<int> statuses;
  hook.routes().Post("/api/webhooks/1234/tOkEnPaRt",
                     [&](const httplib::Request& request, httplib::Response& response) {
                       std::lock_guard lock(mutex);
                       posts.push_back(request.body);
                       response.status = statuses.empty() ? 204 : statuses.front();
                       if (!statuses.empty()) statuses.pop_front();
                     });
  const std::string environment =
      "FRESHCHECK_WEBHOOK_URL=" + hook.url("/api/webhooks/1234/tOkEnPaRt");
  const auto post_count = [&] {
    std::lock_guard lock(mutex);
    return posts.size();
  };

  REQUIRE(workspace.check("--alert webhook", environment).exit_code == 0);
  CHECK(post_count() == 0);  // nothing to say
  workspace.set_page(contacts_page("217 115 999", k_hours, "geral@aima.gov.pt"));

  {
    std::lock_guard lock(mutex);
    statuses = {404};  // the channel's webhook was deleted
  }
  const auto failed = workspace.check("--alert webhook", environment);
  INFO(failed.err);
  CHECK(failed.exit_code == 4);
  CHECK(failed.err.find("FRESHCHECK_WEBHOOK_URL") != std::string::npos);
  CHECK(failed.err.find("tOkEnPaRt") == std::string::npos);
  CHECK(post_count() == 1);

  const auto delivered = workspace.check("--alert webhook", environment);
  INFO(delivered.err);
  CHECK(delivered.exit_code == 1);
  CHECK(post_count() == 2);
  CHECK(fs::exists(workspace.dir() / "snapshots" / "alerts" / "webhook.json"));

  const auto quiet = workspace.check("--alert webhook", environment);
  INFO(quiet.err);
  INFO(Workspace::read(workspace.dir() / "snapshots" / "alerts" / "webhook.json"));
  CHECK(quiet.exit_code == 1);
  CHECK(post_count() == 2);  // announced already

  workspace.set_page(contacts_page("217 115 000", k_hours, "geral@aima.gov.pt"));
  CHECK(workspace.check("--alert webhook", environment).exit_code == 0);
  REQUIRE(post_count() == 3);
  {
    std::lock_guard lock(mutex);
    CHECK(posts[2].find("gone") != std::string::npos);
  }
  CHECK(places_holding(workspace, "tOkEnPaRt").empty());
}
