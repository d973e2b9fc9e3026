// The webhook URL grants posting to a channel, and some services echo it, or its path, or
// its token, in an error body. However the body carries it, the error freshcheck prints
// (and CI logs keep) holds none of it.
#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "alert/webhook.hpp"
#include "alert_support.hpp"
#include "support.hpp"
#include "test_servers.hpp"

namespace {

constexpr const char* k_path = "/api/webhooks/112233445566778899/Zx9-AbCdEfGhIjKlMnOpQrStUv_42";
constexpr const char* k_id = "112233445566778899";
constexpr const char* k_token = "Zx9-AbCdEfGhIjKlMnOpQrStUv_42";

// A webhook that refuses every post (404) with the body it is given.
class EchoingWebhook {
 public:
  EchoingWebhook() {
    m_server.routes().Post(k_path, [this](const httplib::Request&, httplib::Response& response) {
      std::lock_guard lock(m_mutex);
      response.status = 404;
      response.set_content(m_body, m_type);
    });
  }
  std::string url() const { return m_server.url(k_path); }
  void answer(std::string body, std::string type) {
    std::lock_guard lock(m_mutex);
    m_body = std::move(body);
    m_type = std::move(type);
  }

 private:
  freshcheck::testing::HttpServer m_server;
  std::mutex m_mutex;
  std::string m_body;
  std::string m_type;
};

std::string json_escaped(std::string text) {
  for (std::size_t at = text.find('/'); at != std::string::npos; at = text.find('/', at + 2))
    text.replace(at, 1, "\\/");
  return text;
}

}  // namespace

TEST_CASE("webhook: an error body that echoes the URL, its path or its token is redacted") {
  EchoingWebhook hook;
  const std::string url = hook.url();
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {R"({"message": "Unknown Webhook )" + std::string(k_path) + R"(", "code": 10015})",
       "application/json"},
      {"no such webhook: " + json_escaped(url), "text/plain"},
      {"invalid_token " + std::string(k_token) + " for channel " + k_id, "text/plain"},
      {"<html><body>POST " + std::string(k_path) + "?wait=true not found</body></html>",
       "text/html"},
      {"path=%2Fapi%2Fwebhooks%2F112233445566778899%2FZx9-AbCdEfGhIjKlMnOpQrStUv_42", "text/plain"},
  };
  auto waits = std::make_shared<freshcheck::testing::RecordedWaits>();
  const auto options =
      freshcheck::testing::recording_options(waits, std::chrono::system_clock::now());
  const auto finding = freshcheck::testing::make_finding(
      "phone_missing", "contactos", "aima.contact-centre", "+351 217 115 000", "+351 217 115 999");
  for (const auto& [body, type] : bodies) {
    CAPTURE(body);
    hook.answer(body, type);
    const auto posted = freshcheck::alert::post_webhook(freshcheck::testing::run_report({finding}),
                                                        freshcheck::core::Severity::warning, {},
                                                        {url, ""}, options);
    REQUIRE_FALSE(posted);
    const std::string& message = posted.error().message;
    CAPTURE(message);
    CHECK(message.find("HTTP 404") != std::string::npos);
    CHECK(message.find("[redacted]") != std::string::npos);
    CHECK(message.find("FRESHCHECK_WEBHOOK_URL") != std::string::npos);
    CHECK(message.find(k_token) == std::string::npos);
    CHECK(message.find(k_id) == std::string::npos);
    CHECK(message.find("webhooks/") == std::string::npos);
    CHECK(message.find("webhooks%2F") == std::string::npos);
  }
}
