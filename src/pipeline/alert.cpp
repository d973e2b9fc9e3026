#include "pipeline/alert.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/snapshot_store.hpp"

namespace freshcheck::pipeline {

core::Result<void> validate(const AlertRequest& request) {
  switch (request.channel) {
    case AlertChannel::none:
      return {};
    case AlertChannel::github:
      return alert::validate(request.github);
    case AlertChannel::webhook:
      return alert::validate(request.webhook);
  }
  return {};
}

core::Result<std::string> send_alerts(const report::RunReport& report,
                                      const AlertRequest& request) {
  switch (request.channel) {
    case AlertChannel::none:
      return std::string("no alert channel");
    case AlertChannel::github: {
      auto summary =
          alert::sync_github_issues(report, request.threshold, request.github, request.delivery);
      if (!summary) return core::fail(std::move(summary).error());
      return fmt::format("GitHub issues in {}: {} opened, {} updated, {} closed, {} still open",
                         request.github.repository, summary->opened.size(), summary->updated.size(),
                         summary->closed.size(), summary->unchanged.size());
    }
    case AlertChannel::webhook: {
      const store::SnapshotStore store(request.snapshots);
      auto loaded = store.load_ledger("webhook");
      if (loaded.warning) spdlog::warn("{}", *loaded.warning);
      auto delivery = alert::post_webhook(report, request.threshold, loaded.ledger, request.webhook,
                                          request.delivery);
      if (!delivery) return core::fail(std::move(delivery).error());
      if (!delivery->posted) return std::string("webhook: nothing new to announce");
      if (auto saved = store.save_ledger("webhook", delivery->ledger); !saved)
        return core::fail(fmt::format(
            "the webhook post was delivered, but its record could not be saved ({}): the next "
            "run will announce the same changes again",
            saved.error().message));
      return fmt::format("webhook: {} new change{} announced, {} gone", delivery->announced,
                         delivery->announced == 1 ? "" : "s", delivery->resolved);
    }
  }
  return std::string();
}

}  // namespace freshcheck::pipeline
