// --alert github against a fake GitHub API on 127.0.0.1: issues kept in memory, every
// request recorded. The findings and reports are built directly; test_alert_cli.cpp runs
// the same through the binary.
#include <doctest/doctest.h>

#include <chrono>

#include "alert/github.hpp"
#include "alert/policy.hpp"
#include "alert_support.hpp"
#include "fake_github.hpp"
#include "support.hpp"

namespace {

using namespace std::chrono_literals;
using freshcheck::alert::DeliveryOptions;
using freshcheck::alert::GitHubSettings;
using freshcheck::alert::sync_github_issues;
using freshcheck::core::Severity;
using freshcheck::testing::FakeGitHub;
using freshcheck::testing::make_finding;
using freshcheck::testing::RecordedWaits;
using freshcheck::testing::run_report;

const std::string k_token = "ghs_fAkEtOkEn0123456789abcdefABCDEF";

struct Fixture {
  FakeGitHub github{k_token};
  std::shared_ptr<RecordedWaits> waits = std::make_shared<RecordedWaits>();
  std::chrono::system_clock::time_point now =
      std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
  DeliveryOptions options = freshcheck::testing::recording_options(waits, now);

  GitHubSettings settings() const {
    GitHubSettings settings;
    settings.api_url = github.api_url();
    settings.repository = github.repository();
    settings.token = k_token;
    settings.run_url = "https://github.com/aima-guides/guia/actions/runs/42";
    return settings;
  }
  auto sync(const freshcheck::report::RunReport& report, Severity threshold = Severity::warning) {
    return sync_github_issues(report, threshold, settings(), options);
  }
};

const auto k_moved = make_finding("phone_missing", "contactos", "aima.contact-centre",
                                  "+351 217 115 000", "+351 217 115 999");
const auto k_moved_again = make_finding("phone_missing", "contactos", "aima.contact-centre",
                                        "+351 217 115 000", "+351 217 115 888");

}  // namespace

TEST_CASE("github: the first run opens one issue, an identical second run opens none") {
  Fixture f;
  const auto first = f.sync(run_report({k_moved}));
  REQUIRE_MESSAGE(first, (first ? "" : first.error().message));
  CHECK(first->opened.size() == 1);

  const auto issues = f.github.open_issues();
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].labels == std::vector<std::string>{"freshcheck"});
  CHECK(issues[0].title.find("no longer shows +351 217 115 000") != std::string::npos);
  CHECK(issues[0].body.find("<!-- freshcheck finding=" + k_moved.id) != std::string::npos);
  CHECK(issues[0].body.find("freshcheck accept " + k_moved.id) != std::string::npos);
  CHECK(issues[0].body.find("Centro de Contacto: +351 217 115 999") != std::string::npos);
  CHECK(issues[0].body.find("actions/runs/42") != std::string::npos);
  for (const auto& request : f.github.requests()) {
    CHECK(request.authorization == "Bearer " + k_token);
    CHECK(request.user_agent.rfind("freshcheck/", 0) == 0);
  }
  CHECK(f.github.count("POST", "/repos/aima-guides/guia/labels") == 1);  // made before use

  f.github.clear_requests();
  const auto second = f.sync(run_report({k_moved}));
  REQUIRE(second);
  CHECK(second->opened.empty());
  CHECK(second->unchanged.size() == 1);
  CHECK(f.github.issues().size() == 1);
  CHECK(f.github.writes() == 0);  // no comment, no edit: nothing new to say
}

TEST_CASE("github: new evidence for the same change refreshes the body, nothing else") {
  Fixture f;
  REQUIRE(f.sync(run_report({k_moved})));
  auto reworded = k_moved;  // same fact, same values: the same finding, other surroundings
  reworded.evidence.snippet = "Centro de Contacto (novo horário): +351 217 115 999";
  f.github.clear_requests();
  const auto result = f.sync(run_report({reworded}));
  REQUIRE(result);
  CHECK(result->updated.size() == 1);
  CHECK(result->opened.empty());
  CHECK(f.github.count("PATCH") == 1);
  CHECK(f.github.count("POST") == 0);
  CHECK(f.github.open_issues()[0].body.find("novo horário") != std::string::npos);
  CHECK(f.github.open_issues()[0].comments.empty());

  // The refreshed body carries the new digest: the next identical run writes nothing.
  f.github.clear_requests();
  REQUIRE(f.sync(run_report({reworded})));
  CHECK(f.github.writes() == 0);
}

TEST_CASE("github: a different change opens a second issue, and a change gone is closed") {
  Fixture f;
  REQUIRE(f.sync(run_report({k_moved})));
  const auto email = make_finding("email_missing", "contactos", "aima.email", "geral@aima.gov.pt",
                                  "atendimento@aima.gov.pt");
  const auto both =
      f.sync(run_report({k_moved, email}, "contactos", {"aima.contact-centre", "aima.email"}));
  REQUIRE(both);
  CHECK(both->opened.size() == 1);
  CHECK(both->unchanged.size() == 1);
  CHECK(f.github.open_issues().size() == 2);

  // The page shows the published number again: its issue closes with a comment saying why;
  // the e-mail change is still there.
  const auto fixed =
      f.sync(run_report({email}, "contactos", {"aima.contact-centre", "aima.email"}));
  REQUIRE(fixed);
  CHECK(fixed->closed.size() == 1);
  const auto all = f.github.issues();
  REQUIRE(all.size() == 2);
  const auto& closed = all[0].body.find(k_moved.id) != std::string::npos ? all[0] : all[1];
  CHECK(closed.state == "closed");
  REQUIRE(closed.comments.size() == 1);
  CHECK(closed.comments[0].find("no longer sees this change") != std::string::npos);
  CHECK(closed.comments[0].find(k_moved.id) != std::string::npos);
  CHECK(f.github.open_issues().size() == 1);

  // The number changes once more: a new change, a new issue (the closed one stays closed).
  const auto again = f.sync(
      run_report({k_moved_again, email}, "contactos", {"aima.contact-centre", "aima.email"}));
  REQUIRE(again);
  CHECK(again->opened.size() == 1);
  CHECK(f.github.issues().size() == 3);
}

TEST_CASE("github: an issue stays open while its fact was not checked again") {
  Fixture f;
  REQUIRE(f.sync(run_report({k_moved})));
  f.github.clear_requests();

  // The page could not be fetched: failure is not change.
  REQUIRE(f.sync(run_report({}, "contactos", {"aima.contact-centre"},
                            freshcheck::report::Status::unreachable)));
  // Another source was checked (--source, --shard): says nothing about this one.
  REQUIRE(f.sync(run_report({}, "faq", {"aima.faq"}, freshcheck::report::Status::unchanged)));
  CHECK(f.github.writes() == 0);
  CHECK(f.github.open_issues().size() == 1);

  // Still reported, but below a raised threshold: not gone, so not closed either.
  REQUIRE(f.sync(run_report({k_moved}), Severity::critical));
  CHECK(f.github.writes() == 0);
}

TEST_CASE("github: pending changes and one bad night open nothing, a source down for nights does") {
  Fixture f;
  auto pending = k_moved;
  pending.state = freshcheck::core::FindingState::pending;
  auto down = make_finding("source_unreachable", "contactos", "", "", "");
  down.published.reset();
  down.observed.reset();
  down.id = freshcheck::core::fingerprint(down);
  REQUIRE(f.sync(
      run_report({pending, down}, "contactos", {}, freshcheck::report::Status::unreachable)));
  CHECK(f.github.issues().empty());

  down.severity = Severity::critical;  // escalated after consecutive failed runs
  const auto escalated =
      f.sync(run_report({down}, "contactos", {}, freshcheck::report::Status::unreachable));
  REQUIRE(escalated);
  CHECK(escalated->opened.size() == 1);
  // The source answers again: the outage issue closes.
  const auto back = f.sync(run_report({}, "contactos", {}, freshcheck::report::Status::unchanged));
  REQUIRE(back);
  CHECK(back->closed.size() == 1);
}

TEST_CASE("github: a 500 is retried with back-off, then the run goes on") {
  Fixture f;
  f.github.fail_next("GET", "/repos/aima-guides/guia/issues", {});
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  CHECK(f.github.count("GET", "/repos/aima-guides/guia/issues") == 2);
  REQUIRE(f.waits->waits.size() == 1);
  CHECK(f.waits->waits[0] == f.options.retry_base);
  CHECK(f.github.issues().size() == 1);
}

TEST_CASE("github: a create that fails after GitHub made the issue is not repeated") {
  Fixture f;
  FakeGitHub::Canned gateway;
  gateway.status = 502;
  gateway.body = "<html>Bad gateway</html>";
  gateway.after_processing = true;
  f.github.fail_next("POST", "/repos/aima-guides/guia/issues", gateway);
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  CHECK(f.github.issues().size() == 1);  // found by listing again, not created twice
  CHECK(f.github.count("POST", "/repos/aima-guides/guia/issues") == 1);
  CHECK(result->opened.size() == 1);
}

TEST_CASE("github: a create that failed before GitHub had it is tried again") {
  Fixture f;
  f.github.fail_next("POST", "/repos/aima-guides/guia/issues", {});
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  CHECK(f.github.issues().size() == 1);
  CHECK(f.github.count("POST", "/repos/aima-guides/guia/issues") == 2);
}

TEST_CASE("github: 403 with x-ratelimit-remaining 0 waits until the reset, then retries") {
  Fixture f;
  const auto reset = std::chrono::duration_cast<std::chrono::seconds>(f.now.time_since_epoch() +
                                                                      std::chrono::seconds(30))
                         .count();
  FakeGitHub::Canned limited;
  limited.status = 403;
  limited.headers = {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(reset)}};
  limited.body = R"({"message":"API rate limit exceeded for installation ID 1."})";
  f.github.fail_next("GET", "/repos/aima-guides/guia/issues", limited);
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  REQUIRE(f.waits->waits.size() == 1);
  CHECK(f.waits->waits[0] == 31s);  // until the reset, and a second for its rounding
  CHECK(f.github.issues().size() == 1);
}

TEST_CASE("github: Retry-After is honoured for real, and a secondary limit backs off a minute") {
  Fixture f;
  FakeGitHub::Canned retry_after;
  retry_after.status = 429;
  retry_after.headers = {{"Retry-After", "1"}};
  f.github.fail_next("GET", "/repos/aima-guides/guia/issues", retry_after);
  f.options.sleep = nullptr;  // really sleep this once
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(f.sync(run_report({k_moved})));
  CHECK(std::chrono::steady_clock::now() - started >= 1s);

  Fixture g;
  FakeGitHub::Canned secondary;
  secondary.status = 403;
  secondary.body =
      R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})";
  g.github.fail_next("POST", "/repos/aima-guides/guia/issues", secondary);
  const auto result = g.sync(run_report({k_moved}));
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  REQUIRE(g.waits->waits.size() == 1);
  CHECK(g.waits->waits[0] == 60s);
  CHECK(g.github.issues().size() == 1);
}

TEST_CASE("github: a rate limit beyond the run's waiting budget fails at once, saying so") {
  Fixture f;
  const auto reset = std::chrono::duration_cast<std::chrono::seconds>(f.now.time_since_epoch() +
                                                                      std::chrono::hours(1))
                         .count();
  FakeGitHub::Canned limited;
  limited.status = 403;
  limited.headers = {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(reset)}};
  limited.body = R"({"message":"API rate limit exceeded"})";
  f.github.fail_next("GET", "/repos/aima-guides/guia/issues", limited);
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE_FALSE(result);
  CHECK(result.error().message.find("beyond this run's budget") != std::string::npos);
  CHECK(result.error().message.find("next run will try again") != std::string::npos);
  CHECK(f.waits->waits.empty());
  CHECK(f.github.issues().empty());
}

TEST_CASE("github: 401 says to fix GITHUB_TOKEN and never shows the token") {
  Fixture f;
  auto settings = f.settings();
  settings.token = "ghp_wrongTOKENvalue00000000000000000000";
  const auto result =
      sync_github_issues(run_report({k_moved}), Severity::warning, settings, f.options);
  REQUIRE_FALSE(result);
  const std::string& message = result.error().message;
  CHECK(message.find("401") != std::string::npos);
  CHECK(message.find("Bad credentials") != std::string::npos);
  CHECK(message.find("GITHUB_TOKEN") != std::string::npos);
  CHECK(message.find(settings.token) == std::string::npos);
  CHECK(f.github.count("GET") == 1);  // not retried: it will not get better
}

TEST_CASE("github: 404, 403 and 422 each say what to do") {
  Fixture f;
  auto settings = f.settings();
  settings.repository = "aima-guides/no-such-repo";
  const auto missing =
      sync_github_issues(run_report({k_moved}), Severity::warning, settings, f.options);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("GITHUB_REPOSITORY") != std::string::npos);

  FakeGitHub::Canned forbidden;
  forbidden.status = 403;
  forbidden.body = R"({"message":"Resource not accessible by integration"})";
  f.github.fail_next("POST", "/repos/aima-guides/guia/labels", forbidden);
  const auto denied = f.sync(run_report({k_moved}));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().message.find("Resource not accessible by integration") != std::string::npos);
  CHECK(denied.error().message.find("issues: write") != std::string::npos);

  FakeGitHub::Canned invalid;
  invalid.status = 422;
  invalid.body =
      R"({"message":"Validation Failed","errors":[{"resource":"Issue","code":"custom","field":"body","message":"body is too long"}]})";
  f.github.fail_next("POST", "/repos/aima-guides/guia/issues", invalid);
  const auto refused = f.sync(run_report({k_moved}));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("body is too long") != std::string::npos);
  CHECK(refused.error().message.find("422") != std::string::npos);
  CHECK(f.github.issues().empty());
}

TEST_CASE("github: the issue list is read page by page, pull requests left out") {
  Fixture f;
  // Ours is the oldest; 150 newer issues with the label, and a pull request, come before
  // it: GitHub lists newest first, 100 a page.
  REQUIRE(f.sync(run_report({k_moved})));
  for (int i = 0; i < 150; ++i)
    f.github.add_issue({0,
                        "Question " + std::to_string(i),
                        "Not from freshcheck",
                        "open",
                        {"freshcheck"},
                        {},
                        false});
  f.github.add_issue(
      {0,
       "Update guide",
       "<!-- freshcheck finding=" + k_moved.id + " source=contactos fact=x evidence=0 -->",
       "open",
       {"freshcheck"},
       {},
       true});
  f.github.clear_requests();
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE(result);
  CHECK(result->opened.empty());
  CHECK(result->unchanged.size() == 1);
  CHECK(f.github.count("GET", "/repos/aima-guides/guia/issues") == 2);
  CHECK(f.github.writes() == 0);
}

TEST_CASE("github: a label GitHub dropped is an error, not a duplicate tomorrow") {
  Fixture f;
  f.github.drop_labels_on_create();
  const auto result = f.sync(run_report({k_moved}));
  REQUIRE_FALSE(result);
  CHECK(result.error().message.find("without the label freshcheck") != std::string::npos);
}

TEST_CASE("github: writes go one at a time, spaced by the write interval") {
  Fixture f;
  f.options.write_interval = 150ms;
  f.options.sleep = nullptr;
  const auto email = make_finding("email_missing", "contactos", "aima.email", "geral@aima.gov.pt",
                                  "atendimento@aima.gov.pt");
  REQUIRE(f.sync(run_report({k_moved, email}, "contactos", {"aima.contact-centre", "aima.email"})));
  std::vector<std::chrono::steady_clock::time_point> writes;
  for (const auto& request : f.github.requests())
    if (request.method != "GET") writes.push_back(request.at);
  REQUIRE(writes.size() == 3);  // the label, two issues
  for (std::size_t i = 1; i < writes.size(); ++i) CHECK(writes[i] - writes[i - 1] >= 140ms);
}

TEST_CASE("github: settings are checked before any request") {
  GitHubSettings settings;
  settings.repository = "aima-guides/guia";
  CHECK(freshcheck::alert::validate(settings).error().message.find("GITHUB_TOKEN") !=
        std::string::npos);
  settings.token = k_token;
  CHECK(freshcheck::alert::validate(settings));
  settings.repository = "guia";
  CHECK(freshcheck::alert::validate(settings).error().message.find("owner/name") !=
        std::string::npos);
  settings.repository = "aima-guides/guia";
  settings.api_url = "http://github.example.com/api/v3";
  const auto clear = freshcheck::alert::validate(settings);
  REQUIRE_FALSE(clear);
  CHECK(clear.error().message.find("unencrypted") != std::string::npos);
  CHECK(clear.error().message.find(k_token) == std::string::npos);
  settings.api_url = "http://127.0.0.1:8080";
  CHECK(freshcheck::alert::validate(settings));
}

TEST_CASE("github: the token goes nowhere but GITHUB_API_URL, not even by redirect or paging") {
  Fixture f;
  FakeGitHub::Canned elsewhere;
  elsewhere.status = 200;
  elsewhere.body = "[]";
  elsewhere.headers = {{"Link",
                        "<http://127.0.0.2:9/repos/aima-guides/guia/issues?page=2>; "
                        "rel=\"next\""}};
  f.github.fail_next("GET", "/repos/aima-guides/guia/issues", elsewhere);
  const auto paged = f.sync(run_report({k_moved}));
  REQUIRE_FALSE(paged);
  CHECK(paged.error().message.find("another host") != std::string::npos);

  FakeGitHub::Canned moved;
  moved.status = 301;
  moved.body = R"({"message":"Moved Permanently"})";
  moved.headers = {{"Location", "http://127.0.0.2:9/repositories/1/issues"}};
  f.github.fail_next("GET", "/repos/aima-guides/guia/issues", moved);
  const auto redirected = f.sync(run_report({k_moved}));
  REQUIRE_FALSE(redirected);
  CHECK(redirected.error().message.find("GITHUB_REPOSITORY") != std::string::npos);
  CHECK(f.github.issues().empty());
}
