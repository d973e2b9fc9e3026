// The alert stage's pure parts: retry advice, rate-limit waits, redaction, which findings
// alert, when a change counts as gone, and the issue marker.
#include <doctest/doctest.h>

#include "alert/api_client.hpp"
#include "alert/github.hpp"
#include "alert/policy.hpp"
#include "alert_support.hpp"
#include "support.hpp"
#include "url/url.hpp"
#include "util/text.hpp"

namespace {

using namespace std::chrono_literals;
using freshcheck::alert::Advice;
using freshcheck::alert::HttpResponse;
using freshcheck::core::Severity;
using freshcheck::testing::make_finding;
using freshcheck::testing::run_report;

const auto k_now = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));

HttpResponse response(long status, std::map<std::string, std::string> headers = {},
                      std::string body = "") {
  return {status, std::move(headers), std::move(body)};
}

}  // namespace

TEST_CASE("alert advice: success, server errors, rate limits and refusals") {
  const freshcheck::alert::DeliveryOptions options;
  CHECK(freshcheck::alert::advise(response(201), 1, k_now, options).action == Advice::Action::done);

  const auto server = freshcheck::alert::advise(response(502), 3, k_now, options);
  CHECK(server.action == Advice::Action::retry);
  CHECK(server.wait == 8s);  // 2 s, 4 s, 8 s

  const auto asked =
      freshcheck::alert::advise(response(503, {{"retry-after", "20"}}), 1, k_now, options);
  CHECK(asked.wait == 20s);

  const auto reset = std::to_string(1'796'000'000 + 120);
  const auto primary = freshcheck::alert::advise(
      response(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", reset}}), 1, k_now,
      options);
  CHECK(primary.action == Advice::Action::retry);
  CHECK(primary.wait == 121s);

  const auto secondary = freshcheck::alert::advise(
      response(403, {}, R"({"message":"You have exceeded a secondary rate limit."})"), 2, k_now,
      options);
  CHECK(secondary.action == Advice::Action::retry);
  CHECK(secondary.wait == 120s);  // from one minute, doubling

  // A 403 that is no rate limit is a refusal; so are 401, 404 and 422.
  for (long status : {401L, 403L, 404L, 410L, 422L})
    CHECK(freshcheck::alert::advise(response(status, {}, R"({"message":"no"})"), 1, k_now, options)
              .action == Advice::Action::give_up);
  // Remaining requests but a 403: permissions, not limits.
  CHECK(freshcheck::alert::advise(response(403, {{"x-ratelimit-remaining", "4999"}}), 1, k_now,
                                  options)
            .action == Advice::Action::give_up);
}

TEST_CASE("alert redaction blanks every copy of every secret") {
  CHECK(freshcheck::alert::redact("a tok b tok", {"tok", ""}) == "a [redacted] b [redacted]");
  CHECK(freshcheck::alert::redact("nothing here", {"ghp_x"}) == "nothing here");
}

TEST_CASE("which findings alert") {
  auto finding = make_finding("phone_missing", "contactos", "f", "1", "2");
  CHECK(freshcheck::alert::should_alert(finding, Severity::warning));
  CHECK_FALSE(freshcheck::alert::should_alert(finding, Severity::critical));
  finding.state = freshcheck::core::FindingState::pending;
  CHECK_FALSE(freshcheck::alert::should_alert(finding, Severity::info));
  finding.state = freshcheck::core::FindingState::flapping;
  CHECK(freshcheck::alert::should_alert(finding, Severity::warning));

  auto down = make_finding("source_unreachable", "contactos", "", "", "");
  CHECK_FALSE(freshcheck::alert::should_alert(down, Severity::info));  // one bad night
  down.severity = Severity::critical;
  CHECK(freshcheck::alert::should_alert(down, Severity::critical));
}

TEST_CASE("a change counts as gone only where the run looked again") {
  const auto report =
      run_report({}, "contactos", {"aima.contact-centre"}, freshcheck::report::Status::unchanged);
  CHECK(freshcheck::alert::was_checked_again(report, "contactos", "aima.contact-centre"));
  CHECK(freshcheck::alert::was_checked_again(report, "contactos", ""));
  CHECK_FALSE(freshcheck::alert::was_checked_again(report, "contactos", "aima.email"));
  CHECK_FALSE(freshcheck::alert::was_checked_again(report, "faq", ""));
  const auto down =
      run_report({}, "contactos", {"aima.contact-centre"}, freshcheck::report::Status::unreachable);
  CHECK_FALSE(freshcheck::alert::was_checked_again(down, "contactos", ""));
  CHECK_FALSE(freshcheck::alert::was_checked_again(down, "contactos", "aima.contact-centre"));
}

TEST_CASE("evidence digest ignores the fetch time, not the evidence") {
  auto finding = make_finding("phone_missing", "contactos", "f", "1", "2");
  const auto digest = freshcheck::alert::evidence_digest(finding);
  finding.evidence.fetched_at = "2026-12-02T03:00:00Z";
  CHECK(freshcheck::alert::evidence_digest(finding) == digest);
  finding.evidence.snippet += " (novo)";
  CHECK(freshcheck::alert::evidence_digest(finding) != digest);
}

TEST_CASE("issue marker: written into the body, read back from it") {
  const auto finding = make_finding("guide_mismatch", "guide:how-to-call-aima", "", "1", "2");
  const auto body = freshcheck::alert::issue_body(finding, run_report({finding}), {});
  const auto marker = freshcheck::alert::find_marker(body);
  REQUIRE(marker);
  CHECK(marker->finding == finding.id);
  CHECK(marker->source == "guide:how-to-call-aima");
  CHECK(marker->fact.empty());
  CHECK(marker->evidence == freshcheck::alert::evidence_digest(finding));
  CHECK_FALSE(freshcheck::alert::find_marker("<!-- freshcheck finding= -->"));
  CHECK_FALSE(freshcheck::alert::find_marker("An issue a person wrote"));

  // A huge diff still gives a body GitHub accepts, marker included.
  auto big = finding;
  big.evidence.detail = std::string(200'000, 'x');
  const auto big_body = freshcheck::alert::issue_body(big, run_report({big}), {});
  CHECK(freshcheck::util::code_point_count(big_body) < 65'536);
  CHECK(freshcheck::alert::find_marker(big_body));
}

TEST_CASE("label names are percent-encoded for API paths and queries") {
  CHECK(freshcheck::url::encode_component("freshcheck") == "freshcheck");
  CHECK(freshcheck::url::encode_component("needs review/ção") == "needs%20review%2F%C3%A7%C3%A3o");
  CHECK(freshcheck::url::encode_component("a-b.c_d~") == "a-b.c_d~");
}
