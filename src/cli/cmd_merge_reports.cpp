// `freshcheck merge-reports DIR...`: the final job of a sharded night. Each shard ran
// `check --shard K/N --alert none` and kept its reports; this writes the one report set of the
// whole night and delivers its alerts once (pipeline/merge.hpp).

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.hpp"
#include "pipeline/alert.hpp"
#include "pipeline/merge.hpp"
#include "report/report.hpp"

namespace freshcheck::cli {

namespace {

struct MergeCommandOptions {
  std::vector<std::filesystem::path> folders;
  std::filesystem::path report = "report";
  std::filesystem::path snapshots = "snapshots";
  std::string alert = "none";
  std::string threshold = "warning";
  int lock_timeout = 60;
};

core::ExitCode run_merge(const MergeCommandOptions& options) {
  const auto threshold = *core::severity_from_string(options.threshold);
  const pipeline::AlertRequest alerts = alert_request(options.alert, threshold, options.snapshots);
  if (auto valid = pipeline::validate(alerts); !valid) {
    std::cerr << "freshcheck: " << valid.error().message << '\n';
    return core::ExitCode::usage_or_config;
  }
  const auto merged = pipeline::merge_reports(options.folders);
  if (!merged) {
    std::cerr << "freshcheck: merge-reports: " << merged.error().message << '\n';
    return core::ExitCode::usage_or_config;
  }
  if (auto written = report::write_reports(*merged, options.report); !written) {
    std::cerr << "freshcheck: " << written.error().message
              << "\nfreshcheck: free space or fix the permissions, then run again\n";
    return core::ExitCode::write_failed;
  }
  spdlog::info("{} reports merged: {} sources, {} findings; reports in {}", options.folders.size(),
               merged->sources.size(), merged->findings.size(), options.report.string());
  const core::ExitCode exit_code = pipeline::exit_code_of(*merged, threshold);
  if (alerts.channel == pipeline::AlertChannel::none) return exit_code;
  // The webhook's ledger is in the snapshots folder: no check may write it meanwhile.
  auto lock = lock_state(options.snapshots, options.lock_timeout);
  if (!lock) return lock.error();
  auto delivered = pipeline::send_alerts(*merged, alerts);
  if (!delivered) {
    spdlog::error("alert not delivered: {}", delivered.error().message);
    spdlog::error("the merged reports in {} are complete; merging again delivers what is open",
                  options.report.string());
    return core::ExitCode::alert_failed;
  }
  spdlog::info("{}", *delivered);
  return exit_code;
}

}  // namespace

void add_merge_reports_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<MergeCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "merge-reports",
      "Merge the reports of the shards of one run (check --shard K/N) and alert once");
  command
      ->add_option("REPORT_DIR", options->folders,
                   "Report folders of the shards, each with its report.json")
      ->required()
      ->check(CLI::ExistingDirectory);
  command->add_option("--report", options->report, "Folder for the merged reports")
      ->capture_default_str();
  command
      ->add_option("--snapshots", options->snapshots,
                   "Folder of snapshots (where the webhook's ledger lives)")
      ->capture_default_str();
  add_alert_options(*command, options->alert, options->threshold);
  add_lock_timeout_option(*command, options->lock_timeout);
  command->footer(
      "Exit codes as check: 0 nothing to report, 1 findings at or above --threshold, 2 usage "
      "error or a report that does not read, 3 sources could not be checked, 4 the alert could "
      "not be delivered, 5 the snapshots folder stayed locked, 6 a report could not be written.");
  command->callback([&action, options] { action = [options] { return run_merge(*options); }; });
}

}  // namespace freshcheck::cli
