#include "alert/webhook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "alert/policy.hpp"
#include "url/url.hpp"
#include "util/text.hpp"

namespace freshcheck::alert {

namespace {

std::string escape_for_slack(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// What a service may echo of the webhook URL in an error body, all of which grants posting
// to the channel: the URL, its path and query (as written, JSON-escaped with "\/", or
// percent-encoded), and the path segments that carry the channel's id and token. Longest
// first, so that a whole path is blanked before its pieces.
std::vector<std::string> webhook_secrets(const std::string& webhook_url) {
  std::vector<std::string> secrets{webhook_url};
  if (const auto parts = url::split(webhook_url)) {
    const std::string& path_and_query = parts->path_and_query;
    const std::string path = path_and_query.substr(0, path_and_query.find('?'));
    for (const std::string& piece : {path_and_query, path}) {
      if (piece.size() <= 1) continue;
      secrets.push_back(piece);
      std::string json_escaped;
      for (char c : piece) json_escaped += c == '/' ? std::string("\\/") : std::string(1, c);
      secrets.push_back(json_escaped);
      secrets.push_back(url::encode_component(piece));
    }
    if (const auto question = path_and_query.find('?'); question != std::string::npos)
      secrets.push_back(path_and_query.substr(question + 1));
    // "/services/T0AB12/B0CD34/XXXX", "/api/webhooks/1234/token": the ids and the token, not
    // the words ("services", "api", "webhooks") that every webhook URL shares.
    for (const std::string_view segment : util::split(path, '/'))
      if (segment.size() >= 6 &&
          (segment.size() >= 16 || segment.find_first_of("0123456789") != std::string::npos))
        secrets.emplace_back(segment);
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return secrets;
}

}  // namespace

core::Result<void> validate(const WebhookSettings& settings) {
  if (settings.url.empty())
    return core::fail(
        "--alert webhook needs FRESHCHECK_WEBHOOK_URL: the incoming-webhook URL of a Slack or "
        "Discord channel (keep it in a secret)");
  // The URL is a secret: say what is wrong with it without repeating it.
  if (!url::is_http_url(settings.url))
    return core::fail(
        "FRESHCHECK_WEBHOOK_URL is not an http(s) URL; copy it again from the "
        "channel's webhook settings");
  return {};
}

WebhookNews webhook_news(const report::RunReport& report, core::Severity threshold,
                         const store::AlertLedger& ledger) {
  WebhookNews news;
  std::set<std::string> reported;
  for (const auto& finding : report.findings) {
    if (!reported.insert(finding.id).second) continue;
    if (should_alert(finding, threshold) && !ledger.announced.count(finding.id))
      news.new_changes.push_back(&finding);
  }
  for (const auto& [id, change] : ledger.announced)
    if (!reported.count(id) && was_checked_again(report, change.source, change.fact))
      news.gone.emplace_back(id, change);
  return news;
}

std::string webhook_message(const WebhookNews& news, const report::RunReport& report,
                            const WebhookSettings& settings, std::size_t max_code_points) {
  std::vector<std::string> lines;
  for (const auto* finding : news.new_changes)
    lines.push_back(fmt::format("• [{}] {}: {} ({})", core::to_string(finding->severity),
                                core::to_string(finding->kind),
                                util::collapse_space(finding->message), finding->evidence.url));
  for (const auto& [id, change] : news.gone)
    lines.push_back(fmt::format("• gone: {} ({}{})", id, change.source,
                                change.fact.empty() ? "" : ", " + change.fact));
  std::string out =
      fmt::format("freshcheck: {} new change{}, {} gone · run {}\n", news.new_changes.size(),
                  news.new_changes.size() == 1 ? "" : "s", news.gone.size(), report.started);
  std::string tail = "Evidence and what to do: report.md of this run";
  if (!settings.run_url.empty()) tail += " · " + settings.run_url;
  std::size_t used = util::code_point_count(out) + util::code_point_count(tail) + 40;
  std::size_t shown = 0;
  for (const auto& line : lines) {
    const std::string fitted = util::ellipsize(line, 400);
    const std::size_t size = util::code_point_count(fitted) + 1;
    if (used + size > max_code_points) break;
    out += fitted + "\n";
    used += size;
    ++shown;
  }
  if (shown < lines.size()) out += fmt::format("… and {} more\n", lines.size() - shown);
  return out + tail;
}

std::string webhook_payload(const std::string& message) {
  return nlohmann::json{{"text", escape_for_slack(message)},
                        {"content", message},
                        {"allowed_mentions", {{"parse", nlohmann::json::array()}}}}
      .dump();
}

core::Result<WebhookDelivery> post_webhook(const report::RunReport& report,
                                           core::Severity threshold,
                                           const store::AlertLedger& ledger,
                                           const WebhookSettings& settings,
                                           const DeliveryOptions& options) {
  FC_TRY(validate(settings));
  const WebhookNews news = webhook_news(report, threshold, ledger);
  WebhookDelivery delivery;
  delivery.ledger = ledger;
  if (news.empty()) return delivery;

  ApiClient client(options,
                   {"Content-Type: application/json", "User-Agent: freshcheck/" FRESHCHECK_VERSION},
                   webhook_secrets(settings.url));
  // A post that fails after the service had it may show twice; that beats never.
  auto posted = client.call(
      {"POST", settings.url, {}, webhook_payload(webhook_message(news, report, settings))},
      "posting to the webhook (FRESHCHECK_WEBHOOK_URL)", ApiClient::Retry::always);
  if (!posted) {
    const auto& error = posted.error();
    if (!error.refused) return core::fail(error.message);  // says the next run retries
    if (error.status == 404 || error.status == 410 || error.status == 401 || error.status == 403)
      return core::fail(fmt::format(
          "{}. The webhook refuses posts: it may have been deleted or revoked; create a new one "
          "and update FRESHCHECK_WEBHOOK_URL",
          error.message));
    if (error.status == 400)
      return core::fail(fmt::format(
          "{}. The service rejected the message; is FRESHCHECK_WEBHOOK_URL a Slack or Discord "
          "incoming webhook?",
          error.message));
    return core::fail(
        fmt::format("{}. Report it to freshcheck's maintainers if it repeats", error.message));
  }
  for (const auto* finding : news.new_changes)
    delivery.ledger.announced[finding->id] = {finding->source, finding->fact, report.started};
  for (const auto& [id, change] : news.gone) delivery.ledger.announced.erase(id);
  delivery.announced = news.new_changes.size();
  delivery.resolved = news.gone.size();
  delivery.posted = true;
  return delivery;
}

}  // namespace freshcheck::alert
