#pragma once
// One function per subcommand. Each registers its options on the CLI11 app and returns
// the action to run once parsing succeeded.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/exit_code.hpp"
#include "core/result.hpp"
#include "pipeline/alert.hpp"
#include "store/state_lock.hpp"

namespace freshcheck::cli {

using Action = std::function<core::ExitCode()>;

// Loads the configuration and prints every diagnostic to stderr; empty when it has errors
// (the caller exits 2).
std::optional<config::Config> load_valid_config(const std::string& rules,
                                                const std::string& dataset);

// `--rules DIR` and `--dataset DIR` (defaults: the values the strings hold), for the commands
// that load the whole configuration.
void add_config_options(CLI::App& command, std::string& rules, std::string& dataset);

// `--lock-timeout SECONDS` (default: the value `seconds` holds) for the commands that change
// the snapshots folder.
void add_lock_timeout_option(CLI::App& command, int& seconds);

// The snapshots folder's lock for this run (store/state_lock.hpp), logging when it waits. On
// failure it prints why and gives the exit code: 5 when another run held the folder for the
// whole wait, 2 when it cannot be locked at all (a folder that cannot be created).
core::Result<store::StateLock, core::ExitCode> lock_state(const std::filesystem::path& snapshots,
                                                          int timeout_seconds);

// The alert channel's settings, from the environment (docs/cli.md): secrets never come from
// the command line, where other users and CI logs could read them. `channel` is none,
// github or webhook; the webhook's ledger lives in `snapshots`.
pipeline::AlertRequest alert_request(const std::string& channel, core::Severity threshold,
                                     const std::filesystem::path& snapshots);

// `--alert CHANNEL` and `--threshold SEVERITY`, for the commands that deliver alerts.
void add_alert_options(CLI::App& command, std::string& channel, std::string& threshold);

void add_extract_command(CLI::App& app, Action& action);
void add_validate_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_accept_command(CLI::App& app, Action& action);
void add_import_guide_command(CLI::App& app, Action& action);
void add_links_command(CLI::App& app, Action& action);
void add_ignore_command(CLI::App& app, Action& action);
void add_merge_reports_command(CLI::App& app, Action& action);

}  // namespace freshcheck::cli
