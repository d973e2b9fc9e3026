#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "pipeline/accept.hpp"
#include "util/text.hpp"

namespace freshcheck::cli {

namespace {

struct AcceptCommandOptions {
  std::string rules = "rules";
  std::string dataset = "dataset";
  pipeline::AcceptOptions accept;
  int lock_timeout = 60;
};

core::ExitCode run_accept(const AcceptCommandOptions& options) {
  if (!options.accept.all && options.accept.finding_ids.empty()) {
    std::cerr << "freshcheck: accept needs --all or finding ids (listed in report/report.md)\n";
    return core::ExitCode::usage_or_config;
  }
  const auto loaded = load_valid_config(options.rules, options.dataset);
  if (!loaded) return core::ExitCode::usage_or_config;
  const config::Config& config = *loaded;
  // A check running now would write back the snapshots it read before this accept.
  auto lock = lock_state(options.accept.snapshots, options.lock_timeout);
  if (!lock) return lock.error();
  auto outcome = pipeline::run_accept(config, options.accept);
  if (!outcome) {
    std::cerr << "freshcheck: " << outcome.error().message << '\n';
    return outcome.error().exit_code;
  }
  for (const auto& source : outcome->sources)
    std::cout << fmt::format("snapshot of {} accepted\n", source);
  for (const auto& edit : outcome->dataset_edits)
    std::cout << fmt::format("dataset: {}\n", util::printable(edit, false));
  for (const auto& left : outcome->left_to_people)
    std::cout << fmt::format("fix by hand: {}\n", util::printable(left, false));
  return core::ExitCode::ok;
}

}  // namespace

void add_accept_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<AcceptCommandOptions>();
  CLI::App* command =
      app.add_subcommand("accept", "Take observed values as the new snapshot, after review");
  command->add_flag("--all", options->accept.all, "Accept every finding of the last report");
  command->add_option("FINDING_ID", options->accept.finding_ids, "Findings to accept");
  command->add_flag("--update-dataset", options->accept.update_dataset,
                    "Also write observed numbers, hours and links into the dataset");
  add_config_options(*command, options->rules, options->dataset);
  command->add_option("--snapshots", options->accept.snapshots, "Folder of snapshots")
      ->capture_default_str();
  command->add_option("--report", options->accept.report, "Folder of the report to accept from")
      ->capture_default_str();
  add_lock_timeout_option(*command, options->lock_timeout);
  command->footer(
      "Exit codes: 0 accepted, 2 usage or configuration error or nothing to accept, 5 another "
      "freshcheck run kept the snapshots folder for --lock-timeout seconds, 6 a snapshot could not "
      "be written.");
  command->callback([&action, options] { action = [options] { return run_accept(*options); }; });
}

}  // namespace freshcheck::cli
