#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "config/config.hpp"
#include "pipeline/alert.hpp"
#include "pipeline/check.hpp"
#include "report/report_files.hpp"

namespace freshcheck::cli {

namespace {

// From the moment a run owns report/, the reports there describe it or nothing: those of the
// run before go first, and a run that fails takes back what it wrote.
bool discard_reports(const std::filesystem::path& folder) {
  auto removed = report::remove_reports(folder);
  if (!removed) std::cerr << "freshcheck: " << removed.error().message << '\n';
  return static_cast<bool>(removed);
}

// A check that stops at its configuration failed too, and the reports of the run before must
// not stand for it; unless another run holds the snapshots folder, whose reports they are.
void discard_reports_if_idle(const pipeline::CheckOptions& options) {
  const bool any = std::any_of(
      report::k_report_files.begin(), report::k_report_files.end(),
      [&](std::string_view name) { return std::filesystem::exists(options.report / name); });
  if (!any) return;
  if (auto lock = store::StateLock::acquire(options.snapshots, std::chrono::milliseconds(0)))
    discard_reports(options.report);
}

struct CheckCommandOptions {
  std::string rules = "rules";
  std::string dataset = "dataset";
  pipeline::CheckOptions check;
  std::string shard;
  std::string alert = "none";
  std::string threshold = "warning";
  int lock_timeout = 60;
};

core::ExitCode run_check(CheckCommandOptions& options) {
  const auto loaded = load_valid_config(options.rules, options.dataset);
  if (!loaded) {
    discard_reports_if_idle(options.check);
    return core::ExitCode::usage_or_config;
  }
  const config::Config& config = *loaded;
  if (!options.shard.empty()) {
    const auto slash = options.shard.find('/');
    if (slash == std::string::npos) {
      std::cerr << fmt::format("freshcheck: --shard {}: write it as K/N, for example 2/4\n",
                               options.shard);
      return core::ExitCode::usage_or_config;
    }
    options.check.shard_index = std::atoi(options.shard.substr(0, slash).c_str());
    options.check.shard_count = std::atoi(options.shard.substr(slash + 1).c_str());
  }
  options.check.threshold = *core::severity_from_string(options.threshold);
  const pipeline::AlertRequest alerts =
      alert_request(options.alert, options.check.threshold, options.check.snapshots);
  if (auto valid = pipeline::validate(alerts); !valid) {
    std::cerr << "freshcheck: " << valid.error().message << '\n';
    return core::ExitCode::usage_or_config;
  }

  try {
    pipeline::select_sources(config, options.check);  // a usage error waits for nothing
  } catch (const std::invalid_argument& error) {
    std::cerr << "freshcheck: " << error.what() << '\n';
    return core::ExitCode::usage_or_config;
  }

  // Held until the alerts are out: the alert channels' memory lives in the snapshots too.
  auto lock = lock_state(options.check.snapshots, options.lock_timeout);
  if (!lock) {
    if (lock.error() != core::ExitCode::state_locked) discard_reports(options.check.report);
    return lock.error();  // when busy, report/ belongs to the run that holds the lock
  }
  if (!discard_reports(options.check.report)) return core::ExitCode::write_failed;

  FetchProgress progress;
  options.check.fetch.on_result = progress.callback();
  const auto checked = [&] {
    try {
      return pipeline::run_check(config, options.check);
    } catch (const std::exception&) {
      discard_reports(options.check.report);  // a bug: reports it may have written must go
      throw;
    }
  }();
  if (!checked) {
    discard_reports(options.check.report);  // some may be written: none must stay
    std::cerr << "freshcheck: " << checked.error().message
              << "\nfreshcheck: free space or fix the permissions, then run again\n";
    return core::ExitCode::write_failed;
  }
  const pipeline::CheckOutcome& outcome = *checked;
  for (const auto& finding : outcome.report.findings)
    spdlog::info("{} {}: {}", core::to_string(finding.severity), core::to_string(finding.kind),
                 finding.message);
  spdlog::info("{} findings, {} sources; reports in {}", outcome.report.findings.size(),
               outcome.report.sources.size(), options.check.report.string());
  if (alerts.channel == pipeline::AlertChannel::none) return outcome.exit_code;
  auto delivered = pipeline::send_alerts(outcome.report, alerts);
  if (!delivered) {
    spdlog::error("alert not delivered: {}", delivered.error().message);
    spdlog::error("the reports in {} are complete; the next run will deliver what is still open",
                  options.check.report.string());
    return core::ExitCode::alert_failed;
  }
  spdlog::info("{}", *delivered);
  return outcome.exit_code;
}

}  // namespace

void add_check_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<CheckCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "check",
      "Fetch the sources, compare with the dataset and the last snapshots, write the reports");
  add_config_options(*command, options->rules, options->dataset);
  command->add_option("--snapshots", options->check.snapshots, "Folder of snapshots")
      ->capture_default_str();
  command->add_option("--report", options->check.report, "Folder for the reports")
      ->capture_default_str();
  command->add_option("--pages", options->check.pages,
                      "Folder of the last page of each source, zstd-compressed, for --offline and "
                      "304s (default: pages beside the snapshots folder); never commit it");
  command->add_flag("--offline", options->check.offline,
                    "Replay the pages stored in the pages folder instead of fetching");
  command->add_option("--source", options->check.source_ids, "Only this source (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--shard", options->shard, "Only shard K of N, as K/N");
  command->add_flag("--allow-private", options->check.allow_private,
                    "Allow loopback and private addresses for every source");
  add_alert_options(*command, options->alert, options->threshold);
  add_lock_timeout_option(*command, options->lock_timeout);
  command->footer(
      "Exit codes: 0 nothing to report, 1 findings at or above --threshold, 2 usage or "
      "configuration error, 3 sources could not be checked, 4 the alert could not be delivered, "
      "5 another freshcheck run kept the snapshots folder for --lock-timeout seconds, 6 a "
      "snapshot or report could not be written.");
  command->callback([&action, options] { action = [options] { return run_check(*options); }; });
}

}  // namespace freshcheck::cli
