// The alert options shared by `check` and `merge-reports`.
#include <fmt/format.h>

#include <cstdlib>

#include "cli/commands.hpp"

namespace freshcheck::cli {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

}  // namespace

pipeline::AlertRequest alert_request(const std::string& channel, core::Severity threshold,
                                     const std::filesystem::path& snapshots) {
  pipeline::AlertRequest request;
  request.channel = channel == "github"    ? pipeline::AlertChannel::github
                    : channel == "webhook" ? pipeline::AlertChannel::webhook
                                           : pipeline::AlertChannel::none;
  request.threshold = threshold;
  request.snapshots = snapshots;
  const std::string api_url = environment("GITHUB_API_URL");
  if (!api_url.empty()) request.github.api_url = api_url;
  request.github.repository = environment("GITHUB_REPOSITORY");
  request.github.token = environment("GITHUB_TOKEN");
  const std::string server = environment("GITHUB_SERVER_URL");
  const std::string run_id = environment("GITHUB_RUN_ID");
  if (!server.empty() && !run_id.empty() && !request.github.repository.empty())
    request.github.run_url =
        fmt::format("{}/{}/actions/runs/{}", server, request.github.repository, run_id);
  request.webhook.url = environment("FRESHCHECK_WEBHOOK_URL");
  request.webhook.run_url = request.github.run_url;
  return request;
}

void add_alert_options(CLI::App& command, std::string& channel, std::string& threshold) {
  command
      .add_option("--alert", channel,
                  "Where to alert: none, github (GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL) "
                  "or webhook (FRESHCHECK_WEBHOOK_URL)")
      ->check(CLI::IsMember({"none", "github", "webhook"}))
      ->capture_default_str();
  command.add_option("--threshold", threshold, "Lowest severity that alerts and exits 1")
      ->check(CLI::IsMember({"info", "warning", "critical"}))
      ->capture_default_str();
}

}  // namespace freshcheck::cli
