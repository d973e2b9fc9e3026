// --alert webhook against a fake incoming webhook on 127.0.0.1 that records every post and
// answers as told.
#include <doctest/doctest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "alert/webhook.hpp"
#include "alert_support.hpp"
#include "support.hpp"
#include "test_servers.hpp"
#include "util/text.hpp"

namespace {

using namespace std::chrono_literals;
using freshcheck::alert::post_webhook;
using freshcheck::alert::WebhookSettings;
using freshcheck::core::Severity;
using freshcheck::store::AlertLedger;
using freshcheck::testing::make_finding;
using freshcheck::testing::RecordedWaits;
using freshcheck::testing::run_report;

class FakeWebhook {
 public:
  struct Answer {
    int status = 200;
    std::map<std::string, std::string> headers;
  };
  FakeWebhook() {
    m_server.routes().Post("/services/T000/B000/XXXXsecretXXXX",
                           [this](const httplib::Request& request, httplib::Response& response) {
                             std::lock_guard lock(m_mutex);
                             m_posts.push_back(nlohmann::json::parse(request.body));
                             Answer answer;
                             if (!m_answers.empty()) {
                               answer = m_answers.front();
                               m_answers.pop_front();
                             }
                             response.status = answer.status;
                             for (const auto& [name, value] : answer.headers)
                               response.set_header(name, value);
                             response.set_content(answer.status == 200 ? "ok" : "no_service",
                                                  "text/plain");
                           });
  }
  std::string url() const { return m_server.url("/services/T000/B000/XXXXsecretXXXX"); }
  void answer_next(Answer answer) {
    std::lock_guard lock(m_mutex);
    m_answers.push_back(std::move(answer));
  }
  std::vector<nlohmann::json> posts() const {
    std::lock_guard lock(m_mutex);
    return m_posts;
  }

 private:
  freshcheck::testing::HttpServer m_server;
  mutable std::mutex m_mutex;
  std::deque<Answer> m_answers;
  std::vector<nlohmann::json> m_posts;
};

struct Fixture {
  FakeWebhook hook;
  std::shared_ptr<RecordedWaits> waits = std::make_shared<RecordedWaits>();
  freshcheck::alert::DeliveryOptions options =
      freshcheck::testing::recording_options(waits, std::chrono::system_clock::now());
  WebhookSettings settings() const { return {hook.url(), ""}; }
};

const auto k_moved = make_finding("phone_missing", "contactos", "aima.contact-centre",
                                  "+351 217 115 000", "+351 217 115 999");

}  // namespace

TEST_CASE("webhook: a change is posted once, its end once") {
  Fixture f;
  const auto first =
      post_webhook(run_report({k_moved}), Severity::warning, {}, f.settings(), f.options);
  REQUIRE_MESSAGE(first, (first ? "" : first.error().message));
  CHECK(first->posted);
  REQUIRE(f.hook.posts().size() == 1);
  const auto post = f.hook.posts()[0];
  const std::string text = post.at("text");
  CHECK(text.find("1 new change") != std::string::npos);
  CHECK(text.find("phone_missing") != std::string::npos);
  CHECK(text.find("+351 217 115 999") != std::string::npos);
  CHECK(post.at("content") == text);  // Discord's field, same words
  CHECK(post.at("allowed_mentions").at("parse").empty());
  CHECK(first->ledger.announced.count(k_moved.id) == 1);

  const auto second = post_webhook(run_report({k_moved}), Severity::warning, first->ledger,
                                   f.settings(), f.options);
  REQUIRE(second);
  CHECK_FALSE(second->posted);
  CHECK(f.hook.posts().size() == 1);

  const auto gone =
      post_webhook(run_report({}), Severity::warning, second->ledger, f.settings(), f.options);
  REQUIRE(gone);
  CHECK(gone->resolved == 1);
  CHECK(gone->ledger.announced.empty());
  REQUIRE(f.hook.posts().size() == 2);
  CHECK(f.hook.posts()[1].at("text").get<std::string>().find("gone: " + k_moved.id) !=
        std::string::npos);
}

TEST_CASE("webhook: 500 then success is retried, 429 waits for Retry-After") {
  Fixture f;
  f.hook.answer_next({500, {}});
  f.hook.answer_next({429, {{"Retry-After", "7"}}});
  const auto result =
      post_webhook(run_report({k_moved}), Severity::warning, {}, f.settings(), f.options);
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  CHECK(f.hook.posts().size() == 3);
  REQUIRE(f.waits->waits.size() == 2);
  CHECK(f.waits->waits[0] == f.options.retry_base);
  CHECK(f.waits->waits[1] == 7s);
  CHECK(result->ledger.announced.size() == 1);
}

TEST_CASE("webhook: a refused or unanswered post is an error that never shows the URL") {
  Fixture f;
  f.hook.answer_next({404, {}});
  const auto deleted =
      post_webhook(run_report({k_moved}), Severity::warning, {}, f.settings(), f.options);
  REQUIRE_FALSE(deleted);
  CHECK(deleted.error().message.find("FRESHCHECK_WEBHOOK_URL") != std::string::npos);
  CHECK(deleted.error().message.find("secret") == std::string::npos);
  CHECK(deleted.error().message.find("127.0.0.1") == std::string::npos);

  // Nothing listens here any more: no response at all.
  std::string dead_url;
  {
    FakeWebhook gone;
    dead_url = gone.url();
  }
  f.options.max_attempts = 2;
  const auto unreachable =
      post_webhook(run_report({k_moved}), Severity::warning, {}, {dead_url, ""}, f.options);
  REQUIRE_FALSE(unreachable);
  CHECK(unreachable.error().message.find("next run will try again") != std::string::npos);
  CHECK(unreachable.error().message.find("secret") == std::string::npos);
}

TEST_CASE("webhook: page text is escaped for Slack and long news is cut with a count") {
  auto odd = make_finding("phone_new", "contactos", "", "", "+351 217 115 999");
  odd.message = "contactos shows <b>new</b> & @everyone";
  freshcheck::alert::WebhookNews news;
  news.new_changes.push_back(&odd);
  const auto report = run_report({odd});
  const std::string payload =
      freshcheck::alert::webhook_payload(freshcheck::alert::webhook_message(news, report, {}));
  const auto json = nlohmann::json::parse(payload);
  CHECK(json.at("text").get<std::string>().find("&lt;b&gt;new&lt;/b&gt; &amp; @everyone") !=
        std::string::npos);
  CHECK(json.at("content").get<std::string>().find("<b>new</b> & @everyone") != std::string::npos);

  std::vector<freshcheck::core::Finding> many;
  for (int i = 0; i < 60; ++i)
    many.push_back(
        make_finding("phone_new", "contactos", "", "", "+351 217 115 " + std::to_string(100 + i)));
  freshcheck::alert::WebhookNews lots;
  for (const auto& finding : many) lots.new_changes.push_back(&finding);
  const std::string message = freshcheck::alert::webhook_message(lots, run_report(many), {});
  CHECK(freshcheck::util::code_point_count(message) <= 1900);
  CHECK(message.find("more\n") != std::string::npos);
  CHECK(message.find("60 new changes") != std::string::npos);
}

TEST_CASE("webhook ledger: kept with the snapshots, a corrupt one set aside") {
  namespace fs = std::filesystem;
  const fs::path folder =
      fs::temp_directory_path() / ("freshcheck-ledger-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  const freshcheck::store::SnapshotStore store(folder);
  CHECK(store.load_ledger("webhook").ledger.announced.empty());  // none yet

  AlertLedger ledger;
  ledger.announced[k_moved.id] = {"contactos", "aima.contact-centre", "2026-12-01T03:00:00Z"};
  REQUIRE(store.save_ledger("webhook", ledger));
  const auto loaded = store.load_ledger("webhook");
  CHECK_FALSE(loaded.warning);
  REQUIRE(loaded.ledger.announced.count(k_moved.id) == 1);
  CHECK(loaded.ledger.announced.at(k_moved.id).fact == "aima.contact-centre");

  std::ofstream(folder / "alerts" / "webhook.json") << "{\"announced\": [tor";
  const auto corrupt = store.load_ledger("webhook");
  REQUIRE(corrupt.warning);
  CHECK(corrupt.warning->find("announced again") != std::string::npos);
  CHECK(corrupt.ledger.announced.empty());
  CHECK(fs::exists(folder / "alerts" / "webhook.json.corrupt-1"));
  fs::remove_all(folder);
}

TEST_CASE("webhook: a rate limit that outlasts the attempts is not called a refusal") {
  Fixture f;
  f.options.max_attempts = 2;
  f.hook.answer_next({429, {{"Retry-After", "1"}}});
  f.hook.answer_next({429, {{"Retry-After", "1"}}});
  const auto limited =
      post_webhook(run_report({k_moved}), Severity::warning, {}, f.settings(), f.options);
  REQUIRE_FALSE(limited);
  CHECK(limited.error().message.find("next run will try again") != std::string::npos);
  CHECK(limited.error().message.find("refuses") == std::string::npos);
  CHECK(f.hook.posts().size() == 2);
}
