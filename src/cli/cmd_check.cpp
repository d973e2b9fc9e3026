#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "config/config.hpp"
#include "pipeline/check.hpp"

namespace freshcheck::cli {

namespace {

struct CheckCommandOptions {
  std::string rules = "rules";
  std::string dataset = "dataset";
  pipeline::CheckOptions check;
  std::string shard;
  std::string alert = "none";
  std::string threshold = "warning";
};

core::ExitCode run_check(CheckCommandOptions& options) {
  const auto loaded = load_valid_config(options.rules, options.dataset);
  if (!loaded) return core::ExitCode::usage_or_config;
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

  FetchProgress progress;
  options.check.fetch.on_result = progress.callback();
  pipeline::CheckOutcome outcome;
  try {
    outcome = pipeline::run_check(config, options.check);
  } catch (const std::invalid_argument& error) {
    std::cerr << "freshcheck: " << error.what() << '\n';
    return core::ExitCode::usage_or_config;
  }
  for (const auto& finding : outcome.report.findings)
    spdlog::info("{} {}: {}", core::to_string(finding.severity), finding.kind, finding.message);
  spdlog::info("{} findings, {} sources; reports in {}", outcome.report.findings.size(),
               outcome.report.sources.size(), options.check.report.string());
  return outcome.exit_code;
}

}  // namespace

void add_check_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<CheckCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "check",
      "Fetch the sources, compare with the dataset and the last snapshots, write the reports");
  command->add_option("--rules", options->rules, "Folder of rules files")->capture_default_str();
  command->add_option("--dataset", options->dataset, "Folder of dataset files")
      ->capture_default_str();
  command->add_option("--snapshots", options->check.snapshots, "Folder of snapshots")
      ->capture_default_str();
  command->add_option("--report", options->check.report, "Folder for the reports")
      ->capture_default_str();
  command->add_flag("--offline", options->check.offline,
                    "Replay the pages stored with the snapshots");
  command->add_option("--source", options->check.source_ids, "Only this source (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--shard", options->shard, "Only shard K of N, as K/N");
  command->add_flag("--allow-private", options->check.allow_private,
                    "Allow loopback and private addresses for every source");
  command->add_option("--alert", options->alert, "Where to alert")
      ->check(CLI::IsMember({"none"}))
      ->capture_default_str();
  command->add_option("--threshold", options->threshold, "Lowest severity that exits 1")
      ->check(CLI::IsMember({"info", "warning", "critical"}))
      ->capture_default_str();
  command->callback([&action, options] { action = [options] { return run_check(*options); }; });
}

}  // namespace freshcheck::cli
