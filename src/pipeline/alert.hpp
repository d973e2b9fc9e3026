#pragma once
// After the reports are written: deliver the run's alerts to the chosen channel. A failure
// here costs nothing already done (reports and snapshots are on disk) and is retried by the
// next run, which finds the same open changes.

#include <filesystem>
#include <string>

#include "alert/api_client.hpp"
#include "alert/github.hpp"
#include "alert/webhook.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"
#include "report/report.hpp"

namespace freshcheck::pipeline {

enum class AlertChannel { none, github, webhook };

struct AlertRequest {
  AlertChannel channel = AlertChannel::none;
  core::Severity threshold = core::Severity::warning;
  alert::GitHubSettings github;
  alert::WebhookSettings webhook;
  std::filesystem::path snapshots = "snapshots";  // where the webhook's ledger lives
  alert::DeliveryOptions delivery;
};

// Checks the channel's settings before a run spends time fetching.
core::Result<void> validate(const AlertRequest& request);

// Delivers, and returns one line for the log ("2 issues opened, 1 closed").
core::Result<std::string> send_alerts(const report::RunReport& report, const AlertRequest& request);

}  // namespace freshcheck::pipeline
