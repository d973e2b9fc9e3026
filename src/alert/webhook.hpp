#pragma once
// `--alert webhook`: one JSON post per run that has news, to a Slack or Discord incoming
// webhook (FRESHCHECK_WEBHOOK_URL). News is a change not announced before, or an announced
// change now gone; the ledger of what was announced lives with the snapshots (store), and
// only a post that was delivered moves it, so a failed post is retried by the next run.
//
// The payload carries the message twice: `text` for Slack (and Discord's /slack endpoint)
// with Slack's &, <, > escaped, and `content` for Discord's own endpoint, with mentions
// switched off so that page text cannot ping a channel. Each service ignores the other's
// field. The webhook URL is a secret: it never appears in a message.

#include <string>

#include "alert/api_client.hpp"
#include "core/result.hpp"
#include "report/report.hpp"
#include "store/snapshot_store.hpp"

namespace freshcheck::alert {

struct WebhookSettings {
  std::string url;      // FRESHCHECK_WEBHOOK_URL; never printed
  std::string run_url;  // the CI run, linked from the message when known
};

core::Result<void> validate(const WebhookSettings& settings);

struct WebhookNews {
  std::vector<const core::Finding*> new_changes;
  std::vector<std::pair<std::string, store::AnnouncedChange>> gone;  // finding id, as announced
  bool empty() const { return new_changes.empty() && gone.empty(); }
};

// What this run has to say, given what was announced before.
WebhookNews webhook_news(const report::RunReport& report, core::Severity threshold,
                         const store::AlertLedger& ledger);

// Plain text (Markdown for Discord), at most `max_code_points`, ending with how many
// items did not fit.
std::string webhook_message(const WebhookNews& news, const report::RunReport& report,
                            const WebhookSettings& settings, std::size_t max_code_points = 1900);

// The JSON payload for `message`.
std::string webhook_payload(const std::string& message);

struct WebhookDelivery {
  store::AlertLedger ledger;  // to save: what is announced after this run
  std::size_t announced = 0;
  std::size_t resolved = 0;
  bool posted = false;
};

// Posts the news, if any, and returns the ledger to keep.
core::Result<WebhookDelivery> post_webhook(const report::RunReport& report,
                                           core::Severity threshold,
                                           const store::AlertLedger& ledger,
                                           const WebhookSettings& settings,
                                           const DeliveryOptions& options);

}  // namespace freshcheck::alert
